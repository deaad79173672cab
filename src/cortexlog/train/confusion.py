"""The confusion matrix of an evaluation: a CSV file and a PNG heat map."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

MAX_PLOTTED = 40


def labels_of(confusion: Counter[tuple[str, str]]) -> list[str]:
    """Every given or predicted label, numbers in numeric order, then the rest sorted.

    >>> labels_of(Counter({("10", "2"): 1, ("b", "a"): 2}))
    ['2', '10', 'a', 'b']
    """
    names = {g for g, _ in confusion} | {p for _, p in confusion}

    def key(s: str) -> tuple[int, float, str]:
        try:
            return (0, float(s), s)
        except ValueError:
            return (1, 0.0, s)

    return sorted(names, key=key)


def write_confusion(out: Path, confusion: Counter[tuple[str, str]]) -> None:
    """Write `confusion.csv` (given, predicted, count) and `confusion.png` into `out`.

    The PNG shows the most frequent labels (at most 40) as a given x predicted heat map.

    Args:
        out: the run directory.
        confusion: `(given, predicted)` -> count.
    """
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "confusion.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["given", "predicted", "count"])
        for (g, p), n in sorted(confusion.items()):
            w.writerow([g, p, n])
    _plot(out / "confusion.png", confusion)


def _plot(path: Path, confusion: Counter[tuple[str, str]]) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    freq: Counter[str] = Counter()
    for (g, p), n in confusion.items():
        freq[g] += n
        freq[p] += n
    keep = set(s for s, _ in freq.most_common(MAX_PLOTTED))
    labels = [s for s in labels_of(confusion) if s in keep]
    pos = {s: i for i, s in enumerate(labels)}
    grid = [[0] * len(labels) for _ in labels]
    for (g, p), n in confusion.items():
        if g in pos and p in pos:
            grid[pos[g]][pos[p]] += n
    side = min(3 + 0.25 * len(labels), 12)
    fig = Figure(figsize=(side + 1, side))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    im = ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("given")
    total = sum(confusion.values())
    right = sum(n for (g, p), n in confusion.items() if g == p)
    ax.set_title(f"confusion matrix ({right}/{total} right)")
    fig.colorbar(im, ax=ax, fraction=0.046)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
