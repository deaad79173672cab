"""Grounding speed: cortexlog's grounder vs ProbLog's on growing programs.

Run: .venv/bin/python bench/grounding.py [--sizes 10 20 40] [--repeat 3]
Prints, per program and size, the best-of-N wall time of ProbLog's `ground_all`
(on a pre-parsed program) and of `cortexlog.grounding.ground` (on a pre-parsed AST),
and their ratio. Parsing is excluded on both sides.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from problog.engine import DefaultEngine
from problog.program import PrologString

from cortexlog.grounding import ground
from cortexlog.language import parse


def smokers(n: int) -> str:
    """Friends-and-smokers with `n` people and ~2n random friendships."""
    rng = random.Random(n)
    lines = [f"person(p{i})." for i in range(n)]
    for _ in range(2 * n):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            lines.append(f"friend(p{a}, p{b}).")
    lines += [
        "0.3::stress(X) :- person(X).",
        "0.2::influences(X, Y) :- friend(X, Y).",
        "smokes(X) :- stress(X).",
        "smokes(X) :- friend(X, Y), influences(Y, X), smokes(Y).",
        "0.4::asthma(X) :- smokes(X).",
        "query(smokes(_)).",
        "query(asthma(_)).",
    ]
    return "\n".join(lines)


def reach(n: int) -> str:
    """Reachability from node 0 in a random cyclic graph with `n` nodes and 2n edges."""
    rng = random.Random(n)
    edges = {(i, (i + 1) % n) for i in range(n)}
    while len(edges) < 2 * n:
        edges.add((rng.randrange(n), rng.randrange(n)))
    lines = [f"0.5::edge({a}, {b})." for a, b in sorted(edges)]
    lines += [
        "path(X, Y) :- edge(X, Y).",
        "path(X, Y) :- path(X, Z), edge(Z, Y).",
        "query(path(0, _)).",
    ]
    return "\n".join(lines)


def dice(n: int) -> str:
    """The distribution of the sum of `n` dice."""
    lines = [
        "1/6::die(D,1); 1/6::die(D,2); 1/6::die(D,3); 1/6::die(D,4); 1/6::die(D,5);"
        " 1/6::die(D,6) :- between(1, " + str(n) + ", D).",
        "sum(0, 0).",
        "sum(K, S) :- K > 0, K1 is K - 1, sum(K1, S1), die(K, V), S is S1 + V.",
        f"query(sum({n}, _)).",
    ]
    return "\n".join(lines)


def best(fn: Callable[[], object], repeat: int) -> float:
    """Best wall time of `repeat` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"{'program':10} {'size':>5} {'problog s':>10} {'cortexlog s':>12} {'ratio':>7}")
    for name, gen in (("smokers", smokers), ("reach", reach), ("dice", dice)):
        for n in args.sizes:
            if name == "dice" and n > 12:
                continue
            text = gen(n)
            pl_db = DefaultEngine().prepare(PrologString(text))
            ast = parse(text, f"{name}{n}.pl")
            t_pl = best(lambda db=pl_db: DefaultEngine().ground_all(db), args.repeat)
            t_us = best(lambda a=ast: ground(a), args.repeat)
            print(f"{name:10} {n:5d} {t_pl:10.4f} {t_us:12.4f} {t_pl / t_us:7.1f}x", flush=True)


if __name__ == "__main__":
    main()
