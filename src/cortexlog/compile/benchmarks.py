"""Exact-inference benchmark programs and a cortexlog-vs-ProbLog timing run.

Both systems start from the same ProbLog ground formula (grounding excluded), so the
figures compare knowledge compilation + weighted model counting only. Run:
`python -m cortexlog.compile.benchmarks` (needs the `problog` dev dependency).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from cortexlog.compile.exact import circuit_wmc
from cortexlog.compile.formula import build_formula
from cortexlog.compile.problog_bridge import from_problog_formula, problog_ground
from cortexlog.compile.sdd_compile import DEFAULT_OPTIONS, SddOptions, compile_sdd
from cortexlog.compile.weights import float_group_probs, float_literal_weights
from cortexlog.language.terms import Struct

_T = TypeVar("_T")


def smokers(n: int, seed: int = 0) -> str:
    """Smokers/friends with `n` people and random friendships (cyclic influence).

    Args:
        n: number of people.
        seed: friendship graph seed.

    Returns:
        ProbLog source text.
    """
    rng = random.Random(seed)
    lines = [f"person({i})." for i in range(n)]
    for i in range(n):
        for j in rng.sample([k for k in range(n) if k != i], min(2, n - 1)):
            lines.append(f"friend({i},{j}).")
    lines += [
        "0.3::stress(X) :- person(X).",
        "0.2::influences(X,Y) :- person(X), person(Y).",
        "smokes(X) :- stress(X).",
        "smokes(X) :- friend(X,Y), influences(Y,X), smokes(Y).",
        "0.4::asthma(X) :- smokes(X).",
    ]
    lines += [f"query(smokes({i}))." for i in range(n)]
    lines += ["evidence(asthma(0))."]
    return "\n".join(lines)


def reachability(n: int, seed: int = 0) -> str:
    """Reachability on a random cyclic graph of `n` nodes and `2n` probabilistic edges.

    Args:
        n: number of nodes.
        seed: graph seed.

    Returns:
        ProbLog source text.
    """
    rng = random.Random(seed)
    edges = {(i, (i + 1) % n) for i in range(n)}
    while len(edges) < 2 * n:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((a, b))
    lines = [f"{rng.uniform(0.1, 0.9):.3f}::e({a},{b})." for a, b in sorted(edges)]
    lines += ["p(X,Y) :- e(X,Y).", "p(X,Y) :- e(X,Z), p(Z,Y)."]
    lines += [f"query(p(0,{j}))." for j in range(1, n)]
    return "\n".join(lines)


def dice(n: int) -> str:
    """Sum of `n` fair dice (annotated disjunctions); queries every possible sum.

    Args:
        n: number of dice.

    Returns:
        ProbLog source text.
    """
    lines = [
        "; ".join(f"1/6::d({i},{v})" for v in range(1, 7)) + "." for i in range(n)
    ]
    lines.append("s(0, 0).")
    lines.append(f"s(I, S) :- I > 0, I =< {n}, J is I - 1, s(J, T), d(J, V), S is T + V.")
    lines += [f"query(s({n},{t}))." for t in range(n, 6 * n + 1)]
    return "\n".join(lines)


def addition(n: int) -> str:
    """Sum of two `n`-digit numbers whose digits are uniform 10-way ADs (MNIST-add style).

    Args:
        n: digits per number.

    Returns:
        ProbLog source text.
    """
    lines = []
    for who in ("a", "b"):
        for i in range(n):
            lines.append("; ".join(f"0.1::digit({who},{i},{v})" for v in range(10)) + ".")
    terms_a = " + ".join(f"A{i}*{10 ** (n - 1 - i)}" for i in range(n))
    terms_b = " + ".join(f"B{i}*{10 ** (n - 1 - i)}" for i in range(n))
    body = ", ".join(f"digit(a,{i},A{i}), digit(b,{i},B{i})" for i in range(n))
    lines.append(f"add(S) :- {body}, S is {terms_a} + {terms_b}.")
    top = 2 * (10**n - 1)
    lines += [f"query(add({s}))." for s in range(0, top + 1, max(1, top // 20))]
    return "\n".join(lines)


def ours(lf: object, options: SddOptions = DEFAULT_OPTIONS) -> tuple[dict[Struct, float], int]:
    """cortexlog exact inference from a ProbLog ground formula.

    Args:
        lf: ProbLog's ground `LogicFormula`.
        options: SDD settings.

    Returns:
        (P(query | evidence) per query, circuit edge count).
    """
    gp = from_problog_formula(lf)
    compiled = compile_sdd(build_formula(gp), options)
    pos, neg = float_literal_weights(compiled.variables, float_group_probs(gp))
    vals = circuit_wmc(compiled.circuit, pos, neg)
    return {q: v / vals[-1] for q, v in zip(compiled.queries, vals, strict=False)}, (
        compiled.circuit.n_edges
    )


def problog_sdd(lf: object) -> dict[str, float]:
    """ProbLog's own SDD compilation + evaluation of the same ground formula.

    Args:
        lf: ProbLog's ground `LogicFormula`.

    Returns:
        P(query | evidence) per query name.
    """
    from problog import get_evaluatable

    result = get_evaluatable("sdd").create_from(lf).evaluate()
    return {str(k): float(v) for k, v in result.items()}


def _time(fn: Callable[[], _T]) -> tuple[float, _T]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def run(cases: list[tuple[str, str]], options: SddOptions = DEFAULT_OPTIONS) -> None:
    """Time both systems on each case and print the ratio and the largest answer gap.

    Args:
        cases: (name, ProbLog text) pairs.
        options: our SDD settings.
    """
    print(f"{'case':24} {'problog s':>10} {'ours s':>9} {'ratio':>7} {'edges':>8} {'max|dp|':>8}")
    for name, text in cases:
        lf = problog_ground(text)
        t_pl, res_pl = _time(partial(problog_sdd, lf))
        t_ours, (res, edges) = _time(partial(ours, lf, options))
        gap = max(abs(res[Struct(k)] - v) for k, v in res_pl.items())
        print(f"{name:24} {t_pl:10.3f} {t_ours:9.3f} {t_pl / t_ours:7.1f} {edges:8d} {gap:8.1e}")
        sys.stdout.flush()


def default_cases() -> list[tuple[str, str]]:
    """The benchmark suite."""
    return (
        [(f"smokers({n})", smokers(n)) for n in (6, 10, 14)]
        + [(f"reachability({n})", reachability(n)) for n in (8, 12, 16)]
        + [(f"dice({n})", dice(n)) for n in (3, 5, 7)]
        + [(f"addition({n})", addition(n)) for n in (1, 2)]
    )


if __name__ == "__main__":
    run(default_cases())
