"""Two versions of cortexlog's circuit evaluator, alternating, on the same random circuits.

Checks that a change to the circuit kernels costs nothing: each version's `src/` runs in
its own subprocess (alternating A, B, A, B, ...) and times `CircuitModule` forward+backward
on random compiled SDD circuits (as `bench/circuits.py` builds them) under probability and
logprob, 1 thread; the table gives each cell's median time and the B/A ratio.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/circuit_ab.py /tmp/before/src src --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import torch
torch.set_num_threads(1)
from circuits import SIZES, build_roots
from cortexlog.circuits import CircuitModule
from cortexlog.compile import sdd_to_circuit
out = {}
for target in (10_000, 100_000):
    mgr, roots = build_roots(target, SIZES[target], 0)
    circ = sdd_to_circuit(roots, SIZES[target], smooth=False)
    for sem in ("probability", "logprob"):
        mod = CircuitModule(circ, sem)
        for batch in (16, 256):
            p = torch.rand(batch, circ.n_vars)
            pos = (p if sem == "probability" else p.log()).requires_grad_()
            neg = (1 - p if sem == "probability" else torch.log1p(-p)).requires_grad_()
            times = []
            for i in range(16):
                t0 = time.perf_counter()
                mod(pos, neg).sum().backward()
                if i:
                    times.append(time.perf_counter() - t0)
            out[f"{target} edges, {sem}, batch {batch}"] = statistics.median(times)
print(json.dumps(out))
"""


def run(src: str) -> dict[str, float]:
    """One child run with `src` first on the path."""
    env = dict(os.environ, PYTHONPATH=src, CORTEXLOG_PATTERN_CACHE="0")
    done = subprocess.run([sys.executable, "-c", CHILD, str(HERE)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Alternate the two versions and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", help="src/ directory of version A (e.g. the previous commit)")
    ap.add_argument("b", help="src/ directory of version B (e.g. this checkout's src)")
    ap.add_argument("--rounds", type=int, default=3)
    ns = ap.parse_args()
    runs: dict[str, list[dict[str, float]]] = {"a": [], "b": []}
    for _ in range(ns.rounds):
        runs["a"].append(run(ns.a))
        runs["b"].append(run(ns.b))
    print(f"{'cell':<40}{'A ms':>9}{'B ms':>9}{'B/A':>7}")
    for cell in runs["a"][0]:
        a = statistics.median(r[cell] for r in runs["a"]) * 1e3
        b = statistics.median(r[cell] for r in runs["b"]) * 1e3
        print(f"{cell:<40}{a:9.3f}{b:9.3f}{b / a:7.2f}")


if __name__ == "__main__":
    main()
