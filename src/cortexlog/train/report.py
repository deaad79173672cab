"""Run outputs: JSON files and the learning-curve PNG (matplotlib, Agg backend)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_json(path: Path, obj: Any) -> None:
    """Write `obj` as indented JSON (non-JSON values via `str`).

    Args:
        path: the file.
        obj: the value.
    """
    path.write_text(json.dumps(obj, indent=2, default=str) + "\n", encoding="utf-8")


def plot_curve(
    path: Path, history: Sequence[dict[str, float]], curve: Sequence[tuple[int, float]]
) -> None:
    """Plot the running training loss per step and the test accuracy per epoch.

    Args:
        path: the PNG to write.
        history: per-epoch metrics (`epoch`, `test_accuracy`, `digit_accuracy`).
        curve: `(step, running loss)` points.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
    if curve:
        steps, losses = zip(*curve, strict=True)
        ax_loss.plot(steps, losses)
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("training loss (running mean)")
    epochs = [h["epoch"] for h in history]
    ax_acc.plot(epochs, [h["test_accuracy"] for h in history], "o-", label="sum accuracy")
    ax_acc.plot(epochs, [h["digit_accuracy"] for h in history], "s--", label="digit accuracy")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylim(0, 1)
    ax_acc.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
