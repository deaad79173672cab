"""Multi-digit MNIST addition at scale: build time and circuit size of the arithmetic path.

Run: .venv/bin/python bench/scale.py [--digits 1 2 3 4 8 15 30 100] [--timeout 120]

For each N, the standard program (`examples/mnist_addition2.pl`, unchanged) and one
training query `addition([a0..], [b0..], S)` with a fixed sum S, side by side:
- `enumerate`: the ordinary grounding (one proof per combination of digit values) and
  compilation, in a subprocess killed after --timeout seconds;
- `arithmetic`: the grounder's arithmetic path (`ground(..., symbolic=True)`): the sum
  stays a linear expression, the label a `LinearConstraint`, compiled to a decision
  diagram; the compile is the training path's (`QueryPattern.from_ground`).
Prints ground and compile seconds, circuit nodes and edges, and the enumerate/arithmetic
ratio of total build time. Also the free-output pattern (`addition(A, B, S)`: one output
per possible sum, what answer accuracy evaluates) for N <= 4.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
from pathlib import Path

from cortexlog.grounding import ground
from cortexlog.language import parse, parse_term
from cortexlog.neural.pattern import QueryPattern

PROGRAM = Path(__file__).resolve().parents[1] / "examples" / "mnist_addition2.pl"


def query(n: int, free: bool) -> str:
    """The training query for N digits (sum of 77..7 and 55..5, or a free sum)."""
    xs = ",".join(f"a{i}" for i in range(n))
    ys = ",".join(f"b{i}" for i in range(n))
    s = "S" if free else str(int("7" * n) + int("5" * n))
    return f"addition([{xs}],[{ys}],{s})"


def build(n: int, symbolic: bool, free: bool) -> tuple[float, float, int, int]:
    """(ground s, compile s, nodes, edges) of one query pattern."""
    ast = parse(PROGRAM.read_text())
    t0 = time.perf_counter()
    gp = ground(ast, queries=[parse_term(query(n, free))], evidence=[], symbolic=symbolic)
    t1 = time.perf_counter()
    pattern = QueryPattern.from_ground(gp, "probability")
    t2 = time.perf_counter()
    c = pattern.compiled.circuit
    return t1 - t0, t2 - t1, len(c.kinds), sum(len(ch) for ch in c.children)


def _child(n: int, symbolic: bool, free: bool, out: mp.Queue) -> None:  # type: ignore[type-arg]
    out.put(build(n, symbolic, free))


def timed(n: int, symbolic: bool, free: bool, timeout: float
          ) -> tuple[float, float, int, int] | None:
    """`build` in a subprocess; None when it exceeds `timeout` seconds."""
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.Process(target=_child, args=(n, symbolic, free, q))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
        return None
    return q.get() if not q.empty() else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digits", type=int, nargs="+", default=[1, 2, 3, 4, 8, 15, 30, 100])
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args()
    print(f"{'pattern':<12}{'N':>4} | {'enumerate: total s':>19} | {'arithmetic: ground s':>21}"
          f"{'compile s':>10}{'nodes':>8}{'edges':>8} | {'ratio':>7}")
    for free in (False, True):
        for n in args.digits:
            if free and n > 4:
                continue
            sym = timed(n, True, free, args.timeout)
            enum = timed(n, False, free, args.timeout) if n <= 4 else None
            e = f"{sum(enum[:2]):19.3f}" if enum else f"{'> ' + str(args.timeout):>19}"
            name = "free sum" if free else "given sum"
            if sym is None:
                print(f"{name:<12}{n:>4} | {e} | {'timeout':>21}")
                continue
            ratio = f"{sum(enum[:2]) / sum(sym[:2]):7.1f}" if enum else f"{'-':>7}"
            print(f"{name:<12}{n:>4} | {e} | {sym[0]:21.3f}{sym[1]:10.3f}{sym[2]:8d}"
                  f"{sym[3]:8d} | {ratio}", flush=True)


if __name__ == "__main__":
    main()
