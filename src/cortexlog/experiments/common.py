"""Shared helpers for the brain experiments: data splits, metrics and figure output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import Tensor


@dataclass(frozen=True)
class Split:
    """Images flattened to ``[N, D]`` floats in [0, 1] with int64 labels ``[N]``."""

    x: Tensor
    y: Tensor

    def head(self, n: int | None) -> Split:
        """First ``n`` examples (all if None).

        Args:
            n: how many.

        Returns:
            the sub-split.
        """
        return self if n is None else Split(self.x[:n], self.y[:n])


def load_splits(data_dir: str | None) -> tuple[Split, Split, str, int]:
    """Load MNIST train/test via :func:`cortexlog.data.load_mnist` (flattened).

    Args:
        data_dir: directory with the MNIST IDX files, or None for ``$CORTEXLOG_DATA``.

    Returns:
        (train, test, source description, image side length).
    """
    from cortexlog.data import load_mnist

    tr, te = load_mnist("train", data_dir), load_mnist("test", data_dir)
    side = int(tr.images.shape[-1])
    return (
        Split(tr.images.reshape(len(tr), -1).float(), tr.labels),
        Split(te.images.reshape(len(te), -1).float(), te.labels),
        tr.source,
        side,
    )


def write_metrics(out: Path, metrics: dict[str, Any]) -> Path:
    """Write ``metrics.json`` into ``out`` (created if needed).

    Args:
        out: output directory.
        metrics: JSON-serialisable dictionary.

    Returns:
        path of the written file.
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / "metrics.json"
    path.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    return path


def save_receptive_fields(w: Tensor, side: int, path: Path, cols: int = 20) -> Path:
    """Plot the rows of ``w [n, side*side]`` as a grid of images (Agg canvas, no pyplot).

    Args:
        w: weights ``[out, in]`` like ``nn.Linear.weight``, one receptive field per row.
        side: image side length.
        path: PNG path.
        cols: grid columns.

    Returns:
        the PNG path.
    """
    from matplotlib.figure import Figure

    from cortexlog.experiments.plots import save_png

    n = w.shape[0]
    cols = min(cols, n)
    rows = (n + cols - 1) // cols
    grid = torch.zeros(rows * side, cols * side)
    for j in range(n):
        r, c = divmod(j, cols)
        grid[r * side : (r + 1) * side, c * side : (c + 1) * side] = w[j].reshape(side, side)
    fig = Figure(figsize=(cols * 0.5 + 1, rows * 0.5 + 1), dpi=100, layout="constrained")
    ax = fig.subplots()
    ax.imshow(grid.numpy(), cmap="hot_r", interpolation="nearest")
    ax.set_axis_off()
    return save_png(fig, path)


def save_curves(
    curves: dict[str, list[float]], path: Path, xlabel: str, ylabel: str, title: str
) -> Path:
    """Plot named curves (e.g. accuracy per epoch/task) into a PNG (Agg canvas, no pyplot).

    Args:
        curves: name -> y values (x is 1..len).
        path: PNG path.
        xlabel: x axis label.
        ylabel: y axis label.
        title: figure title.

    Returns:
        the PNG path.
    """
    from matplotlib.figure import Figure

    from cortexlog.experiments.plots import save_png

    fig = Figure(figsize=(6, 4), dpi=100, layout="constrained")
    ax = fig.subplots()
    for name, ys in curves.items():
        ax.plot(range(1, len(ys) + 1), ys, marker="o", label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend()
    return save_png(fig, path)
