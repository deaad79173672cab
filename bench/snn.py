"""Benchmark: one Linear + spiking layer, batch 16, fp32, forward + backward.

cortexlog's fused LIF (native C kernel on CPU; ``cortexlog-torchloop`` forces the
pure-torch fallback with ``CORTEXLOG_NATIVE=0``) vs snnTorch (Leaky), SpikingJelly
(LIFNode, multi-step, torch backend), Norse (LIF, current-based like ours) and the floor
(Linear + ReLU). Every peer gets the same input currents: the Linear is applied to all T
steps at once, then the neuron layer runs over time. Each (implementation, shape) runs in
a fresh subprocess so peak RSS is measured per case; the time is the median of
``--repeats`` runs after one warm-up. Peers that fail to import are reported and skipped.

Usage: ``python bench/snn.py [--quick] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import torch

BATCH = 16
SHAPES = [(512, 500), (4096, 100)]
QUICK_SHAPES = [(256, 100), (1024, 50)]
IMPLS = ["floor", "cortexlog", "cortexlog-torchloop", "spikingjelly", "norse", "snntorch"]


def _neuron(impl: str) -> Callable[[torch.Tensor], torch.Tensor]:
    """Build ``f(currents [T, B, N]) -> output [T, B, N]`` for one implementation."""
    if impl == "floor":
        return torch.relu
    if impl.startswith("cortexlog"):
        from cortexlog.brain import LIF

        lif = LIF()
        return lambda x: lif(x)[0]
    if impl == "spikingjelly":
        from spikingjelly.activation_based import neuron

        try:  # spikingjelly < 2.0 selects the backend explicitly; 2.0 on CPU is torch-only
            node = neuron.LIFNode(step_mode="m", backend="torch")
        except TypeError:
            node = neuron.LIFNode(step_mode="m")

        def run_sj(x: torch.Tensor) -> torch.Tensor:
            node.reset()
            return node(x)

        return run_sj
    if impl == "norse":
        import norse.torch as nt

        lif = nt.LIF()
        return lambda x: lif(x)[0]
    if impl == "snntorch":
        import snntorch as snn

        leaky = snn.Leaky(beta=0.9)

        def run_snn(x: torch.Tensor) -> torch.Tensor:
            mem = leaky.init_leaky()
            out = []
            for t in range(x.shape[0]):
                spk, mem = leaky(x[t], mem)
                out.append(spk)
            return torch.stack(out)

        return run_snn
    raise ValueError(f"unknown implementation {impl!r}; valid: {', '.join(IMPLS)}")


def worker(impl: str, n: int, steps: int, repeats: int) -> dict[str, float | str]:
    """Time one case in this process and report median ms and peak RSS growth (MB)."""
    torch.manual_seed(0)
    try:
        neuron = _neuron(impl)
    except ImportError as e:
        return {"impl": impl, "error": f"import failed: {e}"}
    lin = torch.nn.Linear(n, n)
    x = torch.rand(steps, BATCH, n)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def once() -> None:
        lin.zero_grad(set_to_none=True)
        out = neuron(lin(x) * 2.0)
        out.sum().backward()

    once()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if impl == "cortexlog":  # say which path really ran (no compiler -> torch loop)
        from cortexlog.brain import native

        impl += " (native C)" if native.supports(x) else " (torch loop: no native kernel)"
    return {
        "impl": impl,
        "ms": 1000 * statistics.median(times),
        "peak_mb": max(rss1 - rss0, 0) / 1024,
    }


def _run_case(impl: str, n: int, steps: int, repeats: int) -> dict[str, float | str]:
    cmd = [sys.executable, __file__, "--worker", impl, str(n), str(steps), str(repeats)]
    env = dict(os.environ, CORTEXLOG_NATIVE="0" if impl == "cortexlog-torchloop" else "1")
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if res.returncode != 0:
        return {"impl": impl, "error": res.stderr.strip().splitlines()[-1][:120]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run all cases and print one Markdown table per shape.

    Args:
        argv: command-line arguments (``--quick``, ``--repeats``).

    Returns:
        process exit code.
    """
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small shapes, for a smoke run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        impl, n, steps, repeats = args.worker
        print(json.dumps(worker(impl, int(n), int(steps), int(repeats))))
        return 0
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, batch {BATCH}, fp32")
    for n, steps in QUICK_SHAPES if args.quick else SHAPES:
        rows = [_run_case(impl, n, steps, args.repeats) for impl in IMPLS]
        floor = next((r["ms"] for r in rows if r["impl"] == "floor" and "ms" in r), None)
        ours = next((r["ms"] for r in rows if r["impl"].startswith("cortexlog ") and "ms" in r),
                    None)
        print(f"\n{n} neurons x T={steps} (Linear {n}->{n} + neuron, fwd+bwd)\n")
        print("| impl | median ms | peak RSS MB | x floor | x cortexlog |")
        print("|---|---:|---:|---:|---:|")
        for r in rows:
            if "error" in r:
                print(f"| {r['impl']} | skipped: {r['error']} | | | |")
                continue
            ms = float(r["ms"])
            xf = f"{ms / floor:.2f}" if floor else "-"
            xo = f"{ms / ours:.2f}" if ours else "-"
            print(f"| {r['impl']} | {ms:.1f} | {float(r['peak_mb']):.0f} | {xf} | {xo} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
