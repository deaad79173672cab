"""Libraries written in Prolog: `library(apply)` (maplist, include, foldl, ...) as ProbLog has it.

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

#: Library name -> its Prolog text.
SOURCES = {"apply": APPLY}

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
        extra += [c for c in library_clauses(name) if c.head.signature not in own]
    return clauses + tuple(extra)


def _signatures(st: Statement) -> list[str]:
    if isinstance(st, AnnotatedDisjunction):
        return [h.signature for _, h in st.heads]
    return [st.head.signature]
