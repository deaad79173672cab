"""Benchmark: cortexlog `CircuitModule` vs KLay vs PySDD WMC on the same compiled SDDs.

Random 3-CNFs are compiled with PySDD (several roots per manager, until the target
size is reached); KLay gets the SDD nodes through `add_sdd`, cortexlog the same nodes
through `sdd_to_circuit(smooth=False)` (KLay does not smooth either). Both are timed on
the real (sum-product) semiring, float32, forward and forward+backward, for several
batch sizes; KLay is fed the batch natively (its module takes `[batch, n_vars]`). The
two are timed call by call in alternation (medians of each), so load from other
processes hits both alike.
PySDD's WMC has no batch: its per-sample time is measured and multiplied by the batch.

    .venv/bin/python bench/circuits.py [--quick] [--threads N] [--sizes 1000 ...]
        [--batches 16 ...] [--modes fwd fwd+bwd]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import torch
from pysdd.sdd import SddManager, SddNode

from cortexlog.circuits import CircuitModule
from cortexlog.compile import sdd_to_circuit

# target edges -> number of SDD variables used to reach it
SIZES = {1_000: 12, 10_000: 18, 100_000: 24, 1_000_000: 30}
BATCHES = (1, 16, 256, 4096)
MAX_CELLS = 7e7  # skip edges * batch beyond this (memory on a shared machine)


def build_roots(target: int, n_vars: int, seed: int) -> tuple[SddManager, list[SddNode]]:
    """Compile random 3-CNFs (2 * n_vars clauses each) until ~target/3 SDD size."""
    rng = random.Random(seed)
    mgr = SddManager(var_count=n_vars, auto_gc_and_minimize=False)
    roots: list[SddNode] = []
    while sum(r.size() for r in roots) < target / 3 and len(roots) < 64:
        f = mgr.true()
        for _ in range(2 * n_vars):
            c = mgr.false()
            for v in rng.sample(range(1, n_vars + 1), 3):
                c = c | mgr.literal(v if rng.random() < 0.5 else -v)
            f = f & c
        if not f.is_false():
            roots.append(f)
    return mgr, roots


def timeit(fn: Callable[[], object], budget: float = 0.3) -> float:
    """Median seconds per call (warm-up first; at least 3 timed calls)."""
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - start < budget and len(times) < 50):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def timeit_alternating(fns: list[Callable[[], object]], budget: float = 0.6) -> list[float]:
    """Median seconds per call of each function, calling them in turn (warm-up first)."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    start = time.perf_counter()
    while len(times[0]) < 5 or (time.perf_counter() - start < budget and len(times[0]) < 50):
        for fn, ts in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def run_pair(
    modules: list[torch.nn.Module], n_vars: int, batch: int, backward: bool
) -> list[float]:
    """Seconds per forward (or forward+backward) of each module on the same random inputs."""
    g = torch.Generator().manual_seed(0)
    pos = torch.rand(batch, n_vars, generator=g).requires_grad_(backward)
    neg = (1.0 - pos.detach()).requires_grad_(backward)

    def step(module: torch.nn.Module) -> Callable[[], None]:
        def run() -> None:
            if backward:
                module(pos, neg).sum().backward()
            else:
                with torch.no_grad():
                    module(pos, neg)

        return run

    return timeit_alternating([step(m) for m in modules])


def pysdd_per_sample(mgr: SddManager, roots: list[SddNode], n_vars: int) -> float:
    """Seconds for one PySDD WMC evaluation of every root (one sample)."""
    wmcs = [r.wmc(log_mode=False) for r in roots]
    lits = [mgr.literal(v) for v in range(1, n_vars + 1)]

    def step() -> None:
        for w in wmcs:
            for v, lit in enumerate(lits):
                p = 0.1 + 0.8 * ((v * 37) % 11) / 11
                w.set_literal_weight(lit, p)
                w.set_literal_weight(-lit, 1 - p)
            w.propagate()

    return timeit(step, budget=0.2)


def copy_bandwidth(n_bytes: int) -> float:
    """Bytes/s a plain torch copy moves (read + write) for a buffer of n_bytes."""
    src = torch.rand(max(1, n_bytes // 4))
    dst = torch.empty_like(src)
    return 2 * src.numel() * 4 / timeit(lambda: dst.copy_(src))


def bench_size(
    target: int, n_vars: int, batches: tuple[int, ...], modes: tuple[bool, ...] = (False, True)
) -> list[str]:
    """All rows of the table for one circuit size."""
    import klay

    mgr, roots = build_roots(target, n_vars, seed=target)
    ours = CircuitModule(sdd_to_circuit(roots, n_vars, smooth=False), "probability")
    kc = klay.Circuit()
    for r in roots:
        kc.add_sdd(r)
    theirs = kc.to_torch_module(semiring="real", compile=False)
    check = torch.rand(4, n_vars)
    diff = (ours(check, 1 - check) - theirs(check, 1 - check)).abs().max().item()
    assert diff < 1e-4, f"cortexlog and KLay disagree by {diff}"
    sdd_s = pysdd_per_sample(mgr, roots, n_vars)
    edges, nodes = ours.plan.n_edges, ours.plan.n_rows
    rows = []
    for batch in batches:
        if edges * batch > MAX_CELLS:
            continue
        touched = (edges + nodes) * batch * 4  # read each child once, write each node
        for backward in modes:
            t_ours, t_klay = run_pair([ours, theirs], n_vars, batch, backward)
            mode = "fwd+bwd" if backward else "fwd"
            bw = ""
            if not backward:
                ours_bw, copy_bw = touched / t_ours, copy_bandwidth(touched)
                bw = f"{ours_bw / 1e9:6.2f} | {copy_bw / 1e9:6.2f} | {copy_bw / ours_bw:5.2f}"
            else:
                bw = "       |        |      "
            sdd = f"{sdd_s * batch * 1e3:10.3f}" if not backward else "         -"
            ratio = f"{sdd_s * batch / t_ours:8.1f}" if not backward else "       -"
            rows.append(
                f"| {edges:>9,} | {batch:>5} | {mode:<7} | {t_ours * 1e3:9.3f} | "
                f"{t_klay * 1e3:9.3f} | {sdd} | {t_klay / t_ours:6.2f} | {ratio} | {bw} |"
            )
    return rows


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and batches only")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--sizes", type=int, nargs="+", choices=sorted(SIZES),
                        help="target edge counts to run (default: all)")
    parser.add_argument("--batches", type=int, nargs="+", help="batch sizes to run")
    parser.add_argument("--modes", nargs="+", choices=("fwd", "fwd+bwd"),
                        default=["fwd", "fwd+bwd"], help="passes to time")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    sizes = {k: v for k, v in SIZES.items() if k <= 10_000} if args.quick else SIZES
    if args.sizes:
        sizes = {k: SIZES[k] for k in args.sizes}
    batches = tuple(args.batches or ((1, 16, 256) if args.quick else BATCHES))
    modes = tuple(m == "fwd+bwd" for m in args.modes)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float32, real semiring")
    print(
        "| edges | batch | mode | cortexlog ms | KLay ms | PySDD ms | KLay/ours | "
        "PySDD/ours | ours GB/s | copy GB/s | copy/ours |"
    )
    print("|---:|---:|:--|---:|---:|---:|---:|---:|---:|---:|---:|")
    for target, n_vars in sizes.items():
        for row in bench_size(target, n_vars, batches, modes):
            print(row, flush=True)


if __name__ == "__main__":
    main()
