"""Benchmark: categorical compilation, one-hot PySDD (`compile_sdd`) vs MV-SDD (`compile_mvsdd`).

The same ground programs (MNIST-addition patterns N=1, N=2; `dice(K)` and `digits(N)`
from `bench/programs.py`) go through both compilers from the same formula. Rows per
program:

- `one-hot`: `compile_sdd` with the options the project uses for that program (query
  patterns: `SddOptions(var_order="appearance")`, as `neural.pattern.compile_ground`;
  exact-inference programs: the default `SddOptions()`);
- `one-hot+drop`: that circuit after `simplify_if_equivalent` drops the always-one
  negated option literals (what `QueryPattern` actually evaluates; its time is added);
- `mv-sdd`: `compile_mvsdd` with default `MvSddOptions()` (right-linear, group order).

Columns: compile milliseconds (formula -> `Circuit`; grounding and `build_formula`
excluded; median of repeats within 0.5 s), circuit nodes / edges, and `CircuitModule`
(probability, float32) forward and forward+backward milliseconds at batch 32 on random
softmax inputs. Timed calls of the
three circuits alternate (side by side) and the median is reported; ratios are
`one-hot+drop / mv-sdd`; "end to end" adds the (shared) grounding + `build_formula` time.
Each program runs in a fresh subprocess: after one large compilation, PySDD compiles
small formulas ~25x slower for the rest of the process, which would skew later rows.

    .venv/bin/python bench/mvsdd.py [--quick] [--threads N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from addition_patterns import addition_queries, program_text  # noqa: E402
from cortexlog.circuits import CircuitModule
from cortexlog.compile import (
    CompiledCircuit,
    SddOptions,
    VarKind,
    build_formula,
    compile_sdd,
)
from cortexlog.compile.mvsdd import compile_mvsdd
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language import parse
from cortexlog.neural.literals import literal_weights
from cortexlog.neural.pattern import ground_pattern
from cortexlog.neural.simplify import simplify_if_equivalent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from programs import dice_sum, digit_addition  # noqa: E402

BATCH = 32


def programs(quick: bool) -> Iterator[tuple[str, Callable[[], GroundProgram], SddOptions]]:
    """The benchmark programs (name, grounding thunk, the project's one-hot options)."""
    pattern = SddOptions(var_order="appearance")
    for n in (1,) if quick else (1, 2):
        yield (f"mnist N={n}",
               lambda n=n: ground_pattern(parse(program_text(n)), addition_queries(n)), pattern)
    for k in (2, 3) if quick else (2, 3, 4, 5):
        yield f"dice({k})", lambda k=k: ground(parse(dice_sum(k))), SddOptions()
    for n in (1, 2) if quick else (1, 2, 3, 4):
        yield f"digits({n})", lambda n=n: ground(parse(digit_addition(n))), SddOptions()


def timed(fn: Callable[[], CompiledCircuit], budget: float = 0.5) -> tuple[CompiledCircuit, float]:
    """Result and median wall seconds of repeated calls (at least one; repeats within `budget`)."""
    times: list[float] = []
    start = time.perf_counter()
    while not times or (time.perf_counter() - start < budget and len(times) < 20):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


def drop_unit(cc: CompiledCircuit) -> CompiledCircuit:
    """The circuit `QueryPattern` evaluates: negated option literals (always one) dropped."""
    unit = [v for v, var in enumerate(cc.variables) if var.kind != VarKind.FACT]
    circuit = simplify_if_equivalent(cc.circuit, unit)
    return CompiledCircuit(circuit, cc.variables, cc.group_vars, cc.queries, cc.conditioned)


def random_inputs(gp: GroundProgram, seed: int = 0) -> list[torch.Tensor]:
    """Per group a `[BATCH, k]` float32 softmax (or sigmoid for a fact)."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for group in gp.groups:
        k = len(group.weights)
        x = torch.randn(BATCH, k + (0 if group.exhaustive or k == 1 else 1), generator=g)
        p = torch.sigmoid(x) if k == 1 else torch.softmax(x, dim=1)[:, :k]
        out.append(p.contiguous())
    return out


def side_by_side(fns: list[Callable[[], object]], budget: float = 1.5) -> list[float]:
    """Median seconds per call of each function, calls alternating (warm-up first)."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    start = time.perf_counter()
    while len(times[0]) < 5 or (time.perf_counter() - start < budget and len(times[0]) < 200):
        for fn, ts in zip(fns, times, strict=True):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def steps(cc: CompiledCircuit, probs: list[torch.Tensor]) -> tuple[Callable, Callable]:
    """(forward, forward+backward) closures of a `CircuitModule` on literal weights.

    The literal weights are computed once (`literal_weights`, identical for both
    compilers' variables) so only the circuit evaluation is timed.
    """
    module = CircuitModule(cc.circuit, "probability")
    with torch.no_grad():
        pos, neg = literal_weights(cc, [p.detach() for p in probs])
    pos = pos.contiguous().requires_grad_(True)  # type: ignore[union-attr]
    neg = neg.contiguous().requires_grad_(True)  # type: ignore[union-attr]

    def forward() -> None:
        with torch.no_grad():
            module(pos, neg)

    def backward() -> None:
        module(pos, neg).sum().backward()

    return forward, backward


def bench(name: str, make: Callable[[], GroundProgram], options: SddOptions) -> list[str]:
    """Markdown rows of one program and printed ratios."""
    t0 = time.perf_counter()
    gp = make()
    formula = build_formula(gp)
    t_front = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # the harness's objects (ground program, modules) stay out of GC scans
    onehot, t_oh = timed(lambda: compile_sdd(formula, options))
    dropped, t_drop = timed(lambda: drop_unit(onehot))
    mv, t_mv = timed(lambda: compile_mvsdd(formula))
    probs = random_inputs(gp)
    ccs = {"one-hot": onehot, "one-hot+drop": dropped, "mv-sdd": mv}
    fwd_bwd = [steps(cc, probs) for cc in ccs.values()]
    fwd = side_by_side([f for f, _ in fwd_bwd])
    bwd = side_by_side([b for _, b in fwd_bwd])
    gc.unfreeze()
    compile_s = [t_oh, t_oh + t_drop, t_mv]
    rows = []
    for i, (label, cc) in enumerate(ccs.items()):
        c = cc.circuit
        rows.append(f"| {name} | {label} | {1e3 * compile_s[i]:.1f} | {c.n_nodes} | {c.n_edges} | "
                    f"{1e3 * fwd[i]:.3f} | {1e3 * bwd[i]:.3f} |")
    e = [cc.circuit.n_edges for cc in ccs.values()]
    print(f"  {name}: one-hot/mv compile x{t_oh / t_mv:.1f}, edges x{e[0] / e[2]:.1f} "
          f"(+drop x{e[1] / e[2]:.1f}); +drop/mv fwd x{fwd[1] / fwd[2]:.2f}, "
          f"fwd+bwd x{bwd[1] / bwd[2]:.2f}; ground+formula {t_front:.2f} s, so end to end "
          f"x{(t_front + t_oh + t_drop) / (t_front + t_mv):.2f}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (each program in a fresh subprocess) and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small programs only")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one program
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        mv_version = version("mv-sdd")
    except PackageNotFoundError:
        raise SystemExit("mv-sdd is not installed: .venv/bin/pip install mv-sdd") from None
    todo = {name: (make, options) for name, make, options in programs(args.quick)}
    if args.one is not None:
        for row in bench(args.one, *todo[args.one]):
            print("ROW " + row, flush=True)
        return
    print(f"torch {torch.__version__}, mv-sdd {mv_version}, PySDD {version('pysdd')}, "
          f"{args.threads} thread(s), batch {BATCH}, float32", flush=True)
    rows = []
    for name in todo:  # a fresh process each: PySDD slows down after a large compilation
        cmd = [sys.executable, __file__, "--one", name, "--threads", str(args.threads)]
        if args.quick:
            cmd.append("--quick")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("ROW "):
                rows.append(line[4:])
            else:
                print(line, flush=True)
    print("\n| program | compiler | compile ms | nodes | edges | fwd ms | fwd+bwd ms |")
    print("|:--|:--|--:|--:|--:|--:|--:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
