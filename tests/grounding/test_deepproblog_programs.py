"""DeepProbLog-style model programs: every construct DeepProbLog's example models use.

The programs below are our own, written to exercise those constructs (no DeepProbLog file
is copied here). Oracle: ProbLog on the same program with each network replaced by a
uniform annotated disjunction, each tensor-valued network by a deterministic fact and
each `t(p)` by `p`; our ground program is evaluated by brute force with the same weights.

Setting `CORTEXLOG_DPL_EXAMPLES` to a directory of DeepProbLog programs (e.g. a checkout's
`src/deepproblog/examples`) also parses and grounds every `.pl` file below it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from oracle import brute_force, problog_probs

from cortexlog.errors import CortexlogError
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import ChoiceGroup, GroundProgram, NeuralWeight
from cortexlog.grounding.learnable import is_learnable
from cortexlog.language import parse, parse_file, parse_term
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import TRUE, Struct, Term, format_term

DIGITS = "nn(d_net, [I], D, [0, 1, 2, 3]) :: dig(I, D).\n"
PROGRAMS = {
    # digit classification, `is` arithmetic, multi-digit numbers by recursion
    "sum": DIGITS + (
        "sum(I, J, S) :- dig(I, A), dig(J, B), S is A + B.\n"
        "num([], N, N).\nnum([I|Is], A, N) :- dig(I, D), A2 is 10 * A + D, num(Is, A2, N).\n"
        "num(L, N) :- num(L, 0, N).\n"
        "query(sum(img(0), img(1), 3)). query(num([img(0), img(1)], 12))."
    ),
    # a learnable noise fact, an AD with expression probabilities, negation
    "noisy": DIGITS + (
        "t(0.2)::flip.\n1/3::u(X, 0); 1/3::u(X, 1); 1/3::u(X, 2).\n"
        "sum(I, J, S) :- dig(I, A), dig(J, B), S is A + B.\n"
        "ns(I, J, S) :- flip, u(I, S).\nns(I, J, S) :- \\+flip, sum(I, J, S).\n"
        "query(ns(img(0), img(1), 1)). query(ns(img(0), img(1), 2))."
    ),
    # member/2 over a bag of pairs
    "bag": ":- use_module(library(lists)).\n" + DIGITS + (
        "sum(I, J, S) :- dig(I, A), dig(J, B), S is A + B.\n"
        "in_bag(Bag, S) :- member([I, J], Bag), sum(I, J, S).\n"
        "query(in_bag([[img(0), img(1)], [img(2), img(3)]], 5))."
    ),
    # learnable AD with expression values, several-goal negation, select/3
    "best": (
        ":-use_module(library(lists)).\n"
        "t(1/3)::pick(1); t(1/3)::pick(2); t(1/3)::pick(3).\n"
        "nn(v_net, [I], V, [1, 2, 3]) :: val(I, V).\n"
        "vals([], []).\nvals([I|Is], [V|Vs]) :- val(I, V), vals(Is, Vs).\n"
        "top(L, V) :- member(V, L), \\+(member(W, L), W > V).\n"
        "pair(L, V) :- select(V, L, R), member(V, R).\n"
        "wins(Is) :- pick(P), vals(Is, Vs), top([P|Vs], V), \\+ pair([P|Vs], V), V > P.\n"
        "query(wins([c(0), c(1)]))."
    ),
    # operator atoms as a domain, ground/var/float/abs, division guarded by \==
    "calc": DIGITS + (
        "nn(op_net, [I], O, [+, -, *, /]) :: op(I, O).\n"
        "ap(+, A, B, R) :- R is A + B.\nap(-, A, B, R) :- R is A - B.\n"
        "ap(*, A, B, R) :- R is A * B.\nap(/, A, B, R) :- B \\== 0, R is A / B.\n"
        "close(X, Y) :- ground(Y), abs(X - Y) < 0.0001.\n"
        "close(X, Y) :- var(Y), Y is float(X).\n"
        "calc(I, J, K, R) :- dig(I, A), op(J, O), dig(K, B), ap(O, A, B, R0), close(R0, R).\n"
        "query(calc(i0, i1, i2, 2)). query(calc(i0, i1, i2, 1.5))."
    ),
    # two networks, negated outcome, calling a list of goals
    "coins": (
        "nn(c1, [I], F, [h, t]) :: c(1, I, F).\nnn(c2, [I], F, [h, t]) :: c(2, I, F).\n"
        "same(X, X, yes).\nsame(X, Y, no) :- \\+same(X, Y, yes).\n"
        "all([]).\nall([G|Gs]) :- G, all(Gs).\n"
        "play(I, R) :- c(1, I, A), c(2, I, B), same(A, B, R).\n"
        "query(play(p, yes)). query(play(p, no)). query(all([play(p, yes), play(q, no)]))."
    ),
    # a three-input network over numbers, a swap network, a program-defined append/3
    "sort": (
        "nn(sw, [X, Y], Z, [keep, swap]) :: sw(X, Y, Z).\n"
        "nn(bit, [A, B, C], O, [0, 1]) :: bit(A, B, C, O).\n"
        "append([], L, L).\nappend([H|T], L, [H|R]) :- append(T, L, R).\n"
        "part([], _, [], []).\n"
        "part([X|Xs], P, [X|L], R) :- sw(X, P, swap), part(Xs, P, L, R).\n"
        "part([X|Xs], P, L, [X|R]) :- sw(X, P, keep), part(Xs, P, L, R).\n"
        "qs([], []).\n"
        "qs([P|Xs], S) :- part(Xs, P, L, R), qs(L, SL), qs(R, SR), append(SL, [P|SR], S).\n"
        "carry(A, B, O) :- bit(A, B, 0, O).\n"
        "query(qs([2, 1, 3], [1, 2, 3])). query(carry(1, 1, 1))."
    ),
    # a tensor-valued network over a string feeding two networks
    "text": (
        "nn(enc, [T], E) :: enc(T, E).\nnn(k_net, [E], K, [1, 2]) :: k(E, K).\n"
        "nn(o_net, [E], O, [plus, times]) :: o(E, O).\n"
        "do(plus, X, Y, Z) :- Z is X + Y.\ndo(times, X, Y, Z) :- Z is X * Y.\n"
        'text("three and two", 3, 2).\n'
        "solve(T, R) :- text(T, X, Y), enc(T, E), k(E, K), o(E, O), do(O, X, Y, Z), "
        "R is Z * K.\n"
        'query(solve("three and two", 10)). query(solve("three and two", 6)).'
    ),
    # a network whose input list is a variable bound to another network's output, =..
    "relations": (
        ":- use_module(library(lists)).\n"
        "nn(rel, E, R, [friend, foe]) :: rel_of(E, R).\n"
        "nn(enc2, [T, A, B], E) :: enc2(T, A, B, E).\n"
        "edge(s(Es, T), Ed) :- select(A, Es, Rest), member(B, Rest), enc2(T, A, B, E), "
        "rel_of(E, R), Ed =.. [R, A, B].\n"
        "edges([], []).\nedges([S|Ss], [E|Es]) :- edge(S, E), edges(Ss, Es).\n"
        "linked(Ss, X, Y) :- edges(Ss, Es), member(friend(X, Y), Es).\n"
        "query(linked([s([a, b], t0), s([b, c], t1)], a, b))."
    ),
}


def _prob_text(prob: Term) -> str:
    return format_term(prob.args[0] if is_learnable(prob) and isinstance(prob, Struct) else prob)


def _rule(head: str, body: Term) -> str:
    return f"{head}." if body == TRUE else f"{head} :- {format_term(body, 1199)}."


def _neural_as_problog(st: NeuralAD) -> str:
    """A network as ProbLog text: a uniform AD (uniform outputs), or a fact for nn/3."""
    args = format_term(st.input_list) if st.input_list else \
        "[" + ", ".join(format_term(x) for x in st.inputs) + "]"
    if st.tensor_valued:
        assert st.output is not None
        out = f"'$nn'({st.net}, {args})"
        return _rule(format_term(st.head), Struct(",", (Struct("=", (st.output, parse_term(out))),
                                                         st.body)))
    assert st.output is not None and st.domain
    n = len(st.domain)
    heads = "; ".join(
        f"1/{n}::" + format_term(_replace(st.head, st.output, d)) for d in st.domain
    )
    return _rule(heads, st.body)


def _replace(t: Term, var: Term, value: Term) -> Term:
    if t == var:
        return value
    if isinstance(t, Struct):
        return Struct(t.functor, tuple(_replace(a, var, value) for a in t.args))
    return t


def as_problog(ast: ProgramAST) -> str:
    """The program with networks and `t(p)` replaced as in the module doc."""
    lines = [format_term(d.goal, 1199).join((":- ", ".")) for d in ast.directives]
    for st in ast.clauses:
        if isinstance(st, NeuralAD):
            lines.append(_neural_as_problog(st))
        elif isinstance(st, AnnotatedDisjunction):
            heads = "; ".join(f"{_prob_text(p)}::{format_term(h)}" for p, h in st.heads)
            lines.append(_rule(heads, st.body))
        else:
            head = format_term(st.head)
            if st.prob is not None:
                head = f"{_prob_text(st.prob)}::{head}"
            lines.append(_rule(head, st.body))
    lines += [f"query({format_term(q.atom)})." for q in ast.queries]
    return "\n".join(lines)


def _uniform(gp: GroundProgram, ast: ProgramAST) -> GroundProgram:
    """Network weights 1/n (n = the domain size), learnable weights at their values."""
    sizes = {c.net: len(c.domain) for c in ast.clauses if isinstance(c, NeuralAD)}
    groups = tuple(
        ChoiceGroup(tuple(1 / sizes[w.net] if isinstance(w, NeuralWeight) else float(w)
                          for w in g.weights), g.labels, g.exhaustive, g.location)
        for g in gp.groups
    )
    return dataclasses.replace(gp, groups=groups)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_model_program_matches_problog(name: str) -> None:
    ast = parse(PROGRAMS[name], f"{name}.pl")
    gp = ground(ast)
    assert gp.groups, "the representative queries reach probabilistic choices"
    ours = brute_force(_uniform(gp, ast))
    theirs = problog_probs(as_problog(ast))
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, abs=1e-9), key


# --- the real DeepProbLog examples, when a directory of them is given ---------------------

def _tensor(i: int) -> str:
    return f"tensor(train({i}))"


#: Representative queries by predicate signature, most specific first (a program gets the
#: first whose predicate it defines), written the way DeepProbLog's examples query.
REPRESENTATIVE = {
    "multi_addition/3": f"multi_addition([{_tensor(0)}, {_tensor(1)}], "
                        f"[{_tensor(2)}, {_tensor(3)}], 55)",
    "anysum/2": f"anysum([[{_tensor(0)}, {_tensor(1)}], [{_tensor(2)}, {_tensor(3)}]], 7)",
    "addition_noisy/3": f"addition_noisy({_tensor(0)}, {_tensor(1)}, 7)",
    "addition/3": f"addition({_tensor(0)}, {_tensor(1)}, 7)",
    "best_hand/2": f"game([{', '.join(_tensor(i) for i in range(4))}], win)",
    "game/2": f"game({_tensor(0)}, win)",
    "expression/2": f"expression([{_tensor(0)}, {_tensor(1)}, {_tensor(2)}], 6)",
    "add/4": "add([7, 3], [5, 2], 0, L)",
    "forth_sort/2": "forth_sort([3, 1, 2], [1, 2, 3])",
    "wap/5": 'wap("Tom had 3 apples and 4 pears", 3, 4, 2, 5)',
    "clutrr_edges/5": "clutrr_edges([a, b, c], [rel(a, child, b), rel(b, child, c)], a, R, c)",
}
#: Errors that ProbLog raises on the same query too (the program targets SWI-Prolog).
KNOWN_UNSUPPORTED = ("unknown predicate maplist/2",)
_DPL = os.environ.get("CORTEXLOG_DPL_EXAMPLES")


def _examples() -> list[Path]:
    return sorted(Path(_DPL).rglob("*.pl")) if _DPL else []


@pytest.mark.skipif(not _DPL, reason="set CORTEXLOG_DPL_EXAMPLES to a directory of programs")
@pytest.mark.parametrize("path", _examples(), ids=lambda p: str(p.relative_to(_DPL or "/")))
def test_deepproblog_example_parses_and_grounds(path: Path) -> None:
    ast = parse_file(path)
    ground(ast, [])  # the whole program is accepted
    defined = {s.head.signature for s in ast.clauses if isinstance(s, Clause | NeuralAD)}
    defined |= {h.signature for s in ast.clauses if isinstance(s, AnnotatedDisjunction)
                for _, h in s.heads}
    query = next((q for sig, q in REPRESENTATIVE.items() if sig in defined), None)
    if query is None:
        return
    try:
        gp = ground(ast, [parse_term(query)])
    except CortexlogError as exc:
        if not any(k in exc.message for k in KNOWN_UNSUPPORTED):
            raise
        return
    assert gp.queries
