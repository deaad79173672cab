"""The DeepLog experiment grid on MNIST addition: N x semantics (logic in the architecture).

Runs `cortexlog train` once per cell (sequential subprocesses, so each run has the
machine's threads to itself and a fresh process) and prints a markdown table of the sum
accuracy and the epoch time. Cells whose run directory already holds the requested
epochs with the same options (`config.json`: seed, sizes, threads, ...) are read, not
rerun (`--rerun` forces), so an interrupted grid can be resumed; a cell run with other
options is rerun.

    CORTEXLOG_DATA=/path/to/mnist python bench/experiment_table.py --threads 1
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

SEMANTICS = ("probability", "logprob", "godel", "product", "lukasiewicz", "possibilistic")
LOGIC = ("architecture",)  # the trainer's only placement of the logic
DIGIT_ACCURACY = "accuracy/mnist_net/test"  # the digit network on the MNIST test images


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The grid's options (the training settings default to DeepLog's)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--digits", type=int, nargs="+", default=[1, 2])
    p.add_argument("--semantics", nargs="+", default=list(SEMANTICS))
    p.add_argument("--logic", nargs="+", default=list(LOGIC))
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--train-size", type=int, default=None)
    p.add_argument("--test-size", type=int, default=None)
    p.add_argument("--data-dir", default=None)
    p.add_argument("--out", default="runs/table", help="parent of the per-cell run dirs")
    p.add_argument("--rerun", action="store_true", help="rerun cells that already finished")
    return p.parse_args(argv)


def run_cell(ns: argparse.Namespace, digits: int, semantics: str, logic: str) -> dict:
    """Train one cell (or read its finished run) and return its last metrics + config.

    Args:
        ns: the grid options.
        digits: N.
        semantics: the semantics name.
        logic: "architecture" (the trainer's only placement).

    Returns:
        The last epoch's metrics, plus `build_seconds`, or `{"error": ...}`.
    """
    out = Path(ns.out) / f"N{digits}-{logic}-{semantics}-s{ns.seed}"
    metrics = out / "metrics.jsonl"
    done = metrics.is_file() and len(metrics.read_text().splitlines()) >= ns.epochs
    if ns.rerun or not done or not _same_options(out, ns):
        cmd = [sys.executable, "-m", "cortexlog", "train", "--digits", str(digits),
               "--semantics", semantics, "--logic", logic, "--epochs", str(ns.epochs),
               "--seed", str(ns.seed), "--threads", str(ns.threads), "--out", str(out),
               "--no-progress", "--overwrite"]
        for flag, value in (("--train-size", ns.train_size), ("--test-size", ns.test_size),
                            ("--data-dir", ns.data_dir)):
            if value is not None:
                cmd += [flag, str(value)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1][:120]}
        print(f"  {out.name}: {time.perf_counter() - t0:.0f} s wall", file=sys.stderr)
    rows = [json.loads(x) for x in metrics.read_text().splitlines()]
    config = json.loads((out / "config.json").read_text())
    return rows[-1] | {"build_seconds": config["build_seconds"],
                       "train_examples": config["train_examples"],
                       "data_source": config["data_sources"]["train"]}


def _same_options(out: Path, ns: argparse.Namespace) -> bool:
    """Whether a finished cell was run with the grid's current options."""
    path = out / "config.json"
    if not path.is_file():
        return False
    config = json.loads(path.read_text())["settings"]
    keys = ("epochs", "seed", "threads", "train_size", "test_size")
    return all(config.get(k) == getattr(ns, k) for k in keys)


def table(cells: dict[tuple[int, str, str], dict]) -> str:
    """The markdown table: one row per (N, semantics, logic placement)."""
    head = ("| N | semantics | sum acc | digit acc | collapsed | epoch s |\n"
            "|--:|:--|--:|--:|:--|--:|")
    lines = [head]
    for (digits, semantics, _), m in cells.items():
        collapsed = "error" if "error" in m else ("yes" if m.get("collapsed") else "no")
        lines.append(f"| {digits} | {semantics} | {_acc(m, 'test_accuracy')} | "
                     f"{_acc(m, DIGIT_ACCURACY)} | {collapsed} | {_sec(m)} |")
    return "\n".join(lines)


def _acc(m: dict, key: str) -> str:
    if "error" in m:
        return "error"
    return f"{m[key]:.4f}" if key in m else "-"


def _sec(m: dict) -> str:
    return f"{m['epoch_seconds']:.1f}" if "epoch_seconds" in m else "-"


def main(argv: list[str] | None = None) -> int:
    """Run the grid and print the table; returns 0."""
    ns = parse_args(argv)
    cells: dict[tuple[int, str, str], dict] = {}
    for digits, semantics, logic in itertools.product(ns.digits, ns.semantics, ns.logic):
        print(f"N={digits} {semantics} {logic} ...", file=sys.stderr, flush=True)
        cells[(digits, semantics, logic)] = run_cell(ns, digits, semantics, logic)
        if "error" in cells[(digits, semantics, logic)]:
            print(f"  error: {cells[(digits, semantics, logic)]['error']}", file=sys.stderr)
    first = next((c for c in cells.values() if "train_examples" in c), {})
    print(f"{ns.epochs} epoch(s), seed {ns.seed}, {ns.threads} thread(s), "
          f"{first.get('train_examples', '?')} train examples (N={ns.digits[0]}), "
          f"data: {first.get('data_source', '?')}")
    print(table(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
