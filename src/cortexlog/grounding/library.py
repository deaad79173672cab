"""Libraries written in Prolog: `library(apply)` and the rest of `library(lists)`, as in ProbLog.

Their clauses are added to a program that loads the library with
`:- use_module(library(Name)).`; a predicate the program defines itself keeps only its own
clauses. The text is ProbLog 2.2's `problog/library/apply.pl` (same clauses, same order),
so a probabilistic predicate passed to `include/3` yields one result list per world.
"""

from __future__ import annotations

from functools import cache

from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD

APPLY = """
include(_, [], []).
include(P, [X|T], [X|S]) :- call(P, X), include(P, T, S).
include(P, [X|T], S) :- \\+ call(P, X), include(P, T, S).

exclude(_, [], []).
exclude(P, [X|T], [X|S]) :- \\+ call(P, X), exclude(P, T, S).
exclude(P, [X|T], S) :- call(P, X), exclude(P, T, S).

partition(_, [], [], []).
partition(P, [X|R], [X|S], T) :- call(P, X), partition(P, R, S, T).
partition(P, [X|R], S, [X|T]) :- \\+ call(P, X), partition(P, R, S, T).

partition(_, [], [], [], []).
partition(P, [X|R], [X|S], T, U) :- call(P, X, <), partition(P, R, S, T, U).
partition(P, [X|R], S, [X|T], U) :- call(P, X, =), partition(P, R, S, T, U).
partition(P, [X|R], S, T, [X|U]) :- call(P, X, >), partition(P, R, S, T, U).

maplist(_, []).
maplist(P, [A|S]) :- call(P, A), maplist(P, S).
maplist(_, [], []).
maplist(P, [A|S], [B|T]) :- call(P, A, B), maplist(P, S, T).
maplist(_, [], [], []).
maplist(P, [A|S], [B|T], [C|R]) :- call(P, A, B, C), maplist(P, S, T, R).
maplist(_, [], [], [], []).
maplist(P, [A|S], [B|T], [C|R], [D|U]) :- call(P, A, B, C, D), maplist(P, S, T, R, U).

convlist(_, [], []).
convlist(P, [A|S], [B|T]) :- call(P, A, B), convlist(P, S, T).
convlist(P, [A|S], T) :- \\+ call(P, A, _), convlist(P, S, T).

foldl(_, [], RR, RR).
foldl(P, [L1|LR], L0, RR) :- call(P, L1, L0, R), foldl(P, LR, R, RR).
foldl(_, [], [], RR, RR).
foldl(P, [L1|LR1], [L2|LR2], L0, RR) :- call(P, L1, L2, L0, R), foldl(P, LR1, LR2, R, RR).
foldl(_, [], [], [], RR, RR).
foldl(P, [L1|LR1], [L2|LR2], [L3|LR3], L0, RR) :-
    call(P, L1, L2, L3, L0, R), foldl(P, LR1, LR2, LR3, R, RR).
foldl(_, [], [], [], [], RR, RR).
foldl(P, [L1|LR1], [L2|LR2], [L3|LR3], [L4|LR4], L0, RR) :-
    call(P, L1, L2, L3, L4, L0, R), foldl(P, LR1, LR2, LR3, LR4, R, RR).

foldl_noinit(_, [], []).
foldl_noinit(P, [L1|LR], RR) :- foldl(P, LR, L1, RR).

scanl(_, [], _, []).
scanl(P, [L1|LR], L0, [R|RR]) :- call(P, L1, L0, R), scanl(P, LR, R, RR).
scanl(_, [], [], _, []).
scanl(P, [L1|LR1], [L2|LR2], L0, [R|RR]) :- call(P, L1, L2, L0, R), scanl(P, LR1, LR2, R, RR).
scanl(_, [], [], [], _, []).
scanl(P, [L1|LR1], [L2|LR2], [L3|LR3], L0, [R|RR]) :-
    call(P, L1, L2, L3, L0, R), scanl(P, LR1, LR2, LR3, R, RR).
scanl(_, [], [], [], [], _, []).
scanl(P, [L1|LR1], [L2|LR2], [L3|LR3], [L4|LR4], L0, [R|RR]) :-
    call(P, L1, L2, L3, L4, L0, R), scanl(P, LR1, LR2, LR3, LR4, R, RR).
"""

# library(lists) beyond the builtins (member/2, append/3, nth0/3, select/3, reverse/2, ...):
# the remaining predicates of ProbLog's library(lists), with ProbLog's argument orders
# (max_member(List, Max)) and solution orders (permutation/2 picks heads via select/3).
# select_weighted(Id, Weights, Values, X, Rest) picks X with probability weight / total by
# ProbLog's sequence of binary choices: the first value with W1/T, else the second with
# W2/(T-W1), ..., the last when no other is picked; the choices are named by Id, so two
# calls with the same Id and list pick the same value.
LISTS = """
append([], []).
append([L|Ls], As) :- append(L, Ws, As), append(Ls, Ws).
prefix(Part, Whole) :- append(Part, _, Whole).

permutation([], []).
permutation([X|Xs], [Y|Ys]) :- select(Y, [X|Xs], Rest), permutation(Rest, Ys).

selectchk(X, [X|T], T).
selectchk(X, [H|T], [H|R]) :- X \\= H, selectchk(X, T, R).

nextto(X, Y, [X, Y|_]).
nextto(X, Y, [_|T]) :- nextto(X, Y, T).

delete([], _, []).
delete([H|T], X, [H|R]) :- X \\= H, delete(T, X, R).
delete([H|T], X, R) :- \\+ X \\= H, delete(T, X, R).

nth0(I, L, X, Rest) :- nth0(I, L, X), '$lists_drop'(I, L, Rest).
nth1(I, L, X, Rest) :- nth1(I, L, X), J is I - 1, '$lists_drop'(J, L, Rest).
'$lists_drop'(0, [_|T], T).
'$lists_drop'(I, [H|T], [H|R]) :- I > 0, J is I - 1, '$lists_drop'(J, T, R).

proper_length(L, N) :- is_list(L), length(L, N).
same_length(A, B) :- length(A, N), length(B, N).

flatten(Nested, Flat) :- '$lists_flatten'(Nested, Flat, []).
'$lists_flatten'([], F, F).
'$lists_flatten'([H|T], F, Rest) :- '$lists_flatten'(H, F, M), '$lists_flatten'(T, M, Rest).
'$lists_flatten'(X, [X|Rest], Rest) :- \\+ is_list(X).

max_member(L, Max) :- msort(L, [S|Ss]), last([S|Ss], Max).
min_member(L, Min) :- msort(L, [Min|_]).

numlist(Low, Low, [Low]).
numlist(Low, High, [Low|Rest]) :- Low < High, Next is Low + 1, numlist(Next, High, Rest).

is_set(L) :- sort(L, S), length(L, N), length(S, N).
subset([], _).
subset([X|T], Set) :- memberchk(X, Set), subset(T, Set).
intersection([], _, []).
intersection([X|T], Set, [X|R]) :- memberchk(X, Set), intersection(T, Set, R).
intersection([X|T], Set, R) :- \\+ memberchk(X, Set), intersection(T, Set, R).
union([], Set, Set).
union([X|T], Set, R) :- memberchk(X, Set), union(T, Set, R).
union([X|T], Set, [X|R]) :- \\+ memberchk(X, Set), union(T, Set, R).
subtract([], _, []).
subtract([X|T], Del, R) :- memberchk(X, Del), subtract(T, Del, R).
subtract([X|T], Del, [X|R]) :- \\+ memberchk(X, Del), subtract(T, Del, R).

select_weighted(Id, Weights, Values, Value, Rest) :-
    sum_list(Weights, Total), Total > 0, '$sw'(Id, Total, Weights, Values, Value, Rest).
select_uniform(Id, Values, Value, Rest) :-
    length(Values, N), N > 0, W is 1 / N, length(Weights, N), '$sw_all'(Weights, W),
    select_weighted(Id, Weights, Values, Value, Rest).
'$sw_all'([], _).
'$sw_all'([W|T], W) :- '$sw_all'(T, W).
P::'$sw_pick'(_, P, _, _, _).
'$sw'(_, _, [_|_], [X], X, []).
'$sw'(Id, Left, [W|Ws], [X|Xs], X, Xs) :-
    Xs \\= [], P is W / Left, '$sw_pick'(Id, P, Ws, X, Xs).
'$sw'(Id, Left, [W|Ws], [X|Xs], Y, [X|R]) :-
    Xs \\= [], P is W / Left, \\+ '$sw_pick'(Id, P, Ws, X, Xs),
    Left1 is Left - W, '$sw'(Id, Left1, Ws, Xs, Y, R).
"""

# library(scope): `Scope:Goal` holds for the program's own `Scope:Atom` clauses, for a
# conjunction whose parts each hold in the scope, in a list of scopes when it holds in one
# of them, and in every scope for a goal the program defines outside scopes (as ProbLog).
SCOPE = """
S:G :- nonvar(G), G = (First, Second), S:First, S:Second.
S:G :- nonvar(S), S = [_|_], member(One, S), One:G.
_:G :- nonvar(G), G \\= (_, _), try_call(G).
"""

# library(cut): `cut(p(A, B))` runs the clauses `p(I, A, B)` in the order of their first
# argument I and keeps the answers of the first index whose clauses succeed; `cut(G, I)`
# also gives that index.
CUT = """
cut(G) :- cut(G, _).
cut(G, I) :- G =.. [P|Args], R =.. [P, I|Args], '$clause_indices'(R, Is), '$cut_in'(R, I, Is).
'$cut_in'(R, I, [J|_]) :- I = J, call(R).
'$cut_in'(R, I, [J|Js]) :- \\+ (I = J, call(R)), '$cut_in'(R, I, Js).
"""

# Grouping as ProbLog's enum_groups/4: `'$P_groups'(Gs, Vs, G, Values)` gives each distinct
# key G of Gs (first occurrence first) with the values at its positions, in order.
GROUPS = """
'$P_groups'(Gs, Vs, G, Values) :- '$P_keys'(Gs, [], Keys), member(G, Keys),
    '$P_values'(Gs, Vs, G, Values).
'$P_keys'([], Acc, Keys) :- reverse(Acc, Keys).
'$P_keys'([G|Gs], Acc, Keys) :- memberchk(G, Acc), '$P_keys'(Gs, Acc, Keys).
'$P_keys'([G|Gs], Acc, Keys) :- \\+ memberchk(G, Acc), '$P_keys'(Gs, [G|Acc], Keys).
'$P_values'([], [], _, []).
'$P_values'([G|Gs], [V|Vs], K, [V|R]) :- G == K, '$P_values'(Gs, Vs, K, R).
'$P_values'([G|Gs], [_|Vs], K, R) :- G \\== K, '$P_values'(Gs, Vs, K, R).
'$P_split'([], [], []).
'$P_split'([(G, V)|T], [G|Gs], [V|Vs]) :- '$P_split'(T, Gs, Vs).
"""

# library(aggregate): `aggregate(F, X, Group, Body, (Group, R))`, what an aggregate head
# `s(G, F<X>) :- Body.` calls (`language.sugar`): per distinct Group, R is F (avg, sum, min,
# max, or a predicate of the program's) over the X of Body's distinct solutions.
AGGREGATE = """
aggregate(F, X, Group, Body, (Group, R)) :-
    all((Group, [Body, X]), Body, L), '$aggregate_split'(L, Gs, Ps),
    '$aggregate_groups'(Gs, Ps, Group, Pairs), '$aggregate_seconds'(Pairs, Values),
    call(F, Values, R).
'$aggregate_seconds'([], []).
'$aggregate_seconds'([[_, X]|T], [X|Xs]) :- '$aggregate_seconds'(T, Xs).
avg(L, A) :- sum(L, S), length(L, N), A is S / N.
sum(L, S) :- '$aggregate_sum'(L, 0, S).
'$aggregate_sum'([], S, S).
'$aggregate_sum'([X|T], A, S) :- B is A + X, '$aggregate_sum'(T, B, S).
min([H|T], M) :- '$aggregate_min'(T, H, M).
'$aggregate_min'([], M, M).
'$aggregate_min'([X|T], A, M) :- X < A, '$aggregate_min'(T, X, M).
'$aggregate_min'([X|T], A, M) :- X >= A, '$aggregate_min'(T, A, M).
max([H|T], M) :- '$aggregate_max'(T, H, M).
'$aggregate_max'([], M, M).
'$aggregate_max'([X|T], A, M) :- X >= A, '$aggregate_max'(T, X, M).
'$aggregate_max'([X|T], A, M) :- X < A, '$aggregate_max'(T, A, M).
""" + GROUPS.replace("$P", "$aggregate")

# library(collect): `Body => Group/Collector(Args)` calls `collect_Collector(Body, Group,
# Args)` (`none` as Group without `/`); `collect_list` gives the list of values per group.
COLLECT = """
'=>'(Body, Spec) :- nonvar(Spec), Spec = Group/Collector, '$collect_call'(Body, Group, Collector).
'=>'(Body, Collector) :- Collector \\= _/_, '$collect_call'(Body, none, Collector).
'$collect_call'(Body, Group, Collector) :- Collector =.. [P|Args],
    '$atom_concat'(collect_, P, Name), Goal =.. [Name, Body, Group|Args], call(Goal).
collect_list(Body, X, Values) :- collect_list(Body, none, X, Values).
collect_list(Body, Group, X, Values) :-
    all((Group, X), Body, L), '$collect_split'(L, Gs, Vs), '$collect_groups'(Gs, Vs, Group, Values).
""" + GROUPS.replace("$P", "$collect")

#: Library name -> its Prolog text.
SOURCES = {"apply": APPLY, "lists": LISTS, "scope": SCOPE, "cut": CUT,
           "aggregate": AGGREGATE, "collect": COLLECT}
#: Libraries whose clauses extend the program's own clauses of the same predicate.
EXTENDING = frozenset({"scope"})

Statement = Clause | AnnotatedDisjunction | NeuralAD


@cache
def library_clauses(name: str) -> tuple[Clause, ...]:
    """The parsed clauses of a library (empty for libraries implemented as builtins).

    >>> sorted({c.head.signature for c in library_clauses("apply")})[:3]
    ['convlist/3', 'exclude/3', 'foldl/4']
    """
    from cortexlog.language import parse

    text = SOURCES.get(name)
    if text is None:
        return ()
    return tuple(c for c in parse(text, f"library({name})").clauses if isinstance(c, Clause))


#: ProbLog predicates cortexlog does not implement, with where ProbLog defines them; a call
#: to one (with no clauses of the program's own) is an "unsupported" error, listed in
#: docs/language.md, instead of an unknown predicate.
UNSUPPORTED: dict[tuple[str, int], str] = {
    ("consult", 1): "ProbLog's builtins",
    ("assertz", 1): "library(assert)", ("asserta", 1): "library(assert)",
    ("retract", 1): "library(assert)", ("recorda", 2): "library(record)",
    ("recordz", 2): "library(record)", ("recorded", 2): "library(record)",
}


def exported_by(signature: tuple[str, int]) -> str | None:
    """The library that defines predicate `signature` (`(name, arity)`), if any."""
    text = f"{signature[0]}/{signature[1]}"
    for name in SOURCES:
        if any(c.head.signature == text for c in library_clauses(name)):
            return name
    return None


def with_libraries(
    clauses: tuple[Statement, ...], libraries: frozenset[str]
) -> tuple[Statement, ...]:
    """The program's clauses followed by those of its loaded libraries it does not override.

    Args:
        clauses: the program's clauses, ADs and neural ADs.
        libraries: the names of the loaded libraries.

    Returns:
        All statements to put in the clause database.
    """
    extra: list[Statement] = []
    if not any(name in SOURCES for name in libraries):
        return clauses
    own = {sig for c in clauses for sig in _signatures(c)}
    for name in sorted(libraries):
        extend = name in EXTENDING
        extra += [c for c in library_clauses(name) if extend or c.head.signature not in own]
    return clauses + tuple(extra)


def _signatures(st: Statement) -> list[str]:
    if isinstance(st, AnnotatedDisjunction):
        return [h.signature for _, h in st.heads]
    return [st.head.signature]
