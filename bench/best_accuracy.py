"""Summarise multi-epoch `cortexlog train` runs: per-epoch accuracy, best/final, time to target.

Reads `metrics.jsonl` (one row per epoch) of each run directory given and prints a markdown
table of the per-epoch test accuracy per run (one row per seed), the best-epoch and final
accuracy, mean +- sample std over the runs, and the training time (cumulative
`epoch_seconds`, evaluation excluded) until the test accuracy first reached `--target`.

    python bench/best_accuracy.py runs/best-n1-s0 runs/best-n1-s1 runs/best-n1-s2 --target 0.975
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The summary's options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("runs", nargs="+", help="run directories holding metrics.jsonl")
    p.add_argument("--target", type=float, default=None, help="accuracy for time-to-target")
    p.add_argument("--key", default="test_accuracy", help="metric to summarise")
    return p.parse_args(argv)


def load(run: Path) -> list[dict]:
    """The per-epoch metric rows of one run directory."""
    text = (run / "metrics.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def time_to(rows: list[dict], key: str, target: float) -> tuple[int, float] | None:
    """(epoch, cumulative training seconds) when `key` first reaches `target`, else None."""
    seconds = 0.0
    for row in rows:
        seconds += row["epoch_seconds"]
        if row[key] >= target:
            return int(row["epoch"]), seconds
    return None


def mean_std(values: list[float]) -> str:
    """`mean ± std` (sample std; just the value for a single run)."""
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"


def summary(runs: dict[str, list[dict]], key: str, target: float | None) -> str:
    """The markdown table: one row per run, then mean ± std per column."""
    epochs = max(len(rows) for rows in runs.values())
    head = ["run"] + [f"ep {e + 1}" for e in range(epochs)]
    head += ["best (epoch)", "final", "train s"]
    if target is not None:
        head.append(f"to {target:.3f}: epoch, s")
    lines = ["| " + " | ".join(head) + " |", "|:--" + "|--:" * (len(head) - 1) + "|"]
    for name, rows in runs.items():
        accs = [r[key] for r in rows]
        best = max(range(len(accs)), key=accs.__getitem__)
        cells = [name] + [f"{a:.4f}" for a in accs] + ["-"] * (epochs - len(accs))
        cells += [f"{accs[best]:.4f} ({best + 1})", f"{accs[-1]:.4f}",
                  f"{sum(r['epoch_seconds'] for r in rows):.0f}"]
        if target is not None:
            hit = time_to(rows, key, target)
            cells.append(f"{hit[0]}, {hit[1]:.0f}" if hit else "not reached")
        lines.append("| " + " | ".join(cells) + " |")
    cols = [[rows[e][key] for rows in runs.values() if len(rows) > e] for e in range(epochs)]
    bests = [max(r[key] for r in rows) for rows in runs.values()]
    finals = [rows[-1][key] for rows in runs.values()]
    secs = [sum(r["epoch_seconds"] for r in rows) for rows in runs.values()]
    cells = ["mean ± std"] + [mean_std(c) for c in cols]
    cells += [mean_std(bests), mean_std(finals), f"{statistics.mean(secs):.0f}"]
    if target is not None:
        cells.append(f"{sum(time_to(r, key, target) is not None for r in runs.values())}"
                     f"/{len(runs)} reached")
    lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the summary table; returns 0."""
    ns = parse_args(argv)
    runs = {Path(r).name: load(Path(r)) for r in ns.runs}
    print(summary(runs, ns.key, ns.target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
