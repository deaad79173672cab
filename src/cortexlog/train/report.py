"""Run outputs: JSON files and the learning-curve PNG (matplotlib's Agg canvas, no pyplot)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def write_json(path: Path, obj: Any) -> None:
    """Write `obj` as indented JSON (non-JSON values via `str`).

    Args:
        path: the file.
        obj: the value.
    """
    path.write_text(json.dumps(obj, indent=2, default=str) + "\n", encoding="utf-8")


def plot_curve(
    path: Path, history: Sequence[dict[str, Any]], curve: Sequence[tuple[int, float]]
) -> None:
    """Write the learning-curve PNG: training loss per step, test accuracies per epoch.

    Uses matplotlib's object API with the Agg canvas, never `pyplot` or `matplotlib.use`,
    so the caller's backend (a notebook's inline one, say) is left as it was.

    Args:
        path: the PNG to write.
        history: metric rows, each with `epoch` (fractional for evaluations inside an
            epoch) and `test_accuracy`; other accuracy keys (`digit_accuracy`,
            `accuracy/<network>`, ...) are plotted where present.
        curve: `(step, running loss)` points.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = curve_figure(history, curve)
    FigureCanvasAgg(fig).print_png(str(path))


def curve_figure(
    history: Sequence[dict[str, Any]], curve: Sequence[tuple[int, float]]
) -> Figure:
    """Build the two-panel learning-curve figure (see `plot_curve`).

    Args:
        history: metric rows with `epoch` and accuracy keys.
        curve: `(step, running loss)` points.

    Returns:
        A `matplotlib.figure.Figure` not registered with pyplot.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 3.8), dpi=100, layout="constrained")
    ax_loss, ax_acc = fig.subplots(1, 2)
    ax_loss.set_title("Training loss")
    if curve:
        steps, losses = zip(*curve, strict=True)
        ax_loss.plot(steps, losses, "-", marker="." if len(curve) <= 50 else None)
    else:
        ax_loss.text(0.5, 0.5, "no loss recorded", ha="center", va="center",
                     transform=ax_loss.transAxes)
    ax_loss.set_xlabel("training step")
    ax_loss.set_ylabel("loss (running mean)")
    ax_loss.grid(alpha=0.3)
    ax_acc.set_title("Test accuracy")
    for key, style in zip(accuracy_keys(history), _STYLES * 4, strict=False):
        rows = [h for h in history if _is_number(h.get(key)) and "epoch" in h]
        ax_acc.plot([h["epoch"] for h in rows], [h[key] for h in rows], style,
                    label=_label(key))
    if not history:
        ax_acc.text(0.5, 0.5, "no evaluation yet", ha="center", va="center",
                    transform=ax_acc.transAxes)
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_ylim(0, 1.02)
    ax_acc.grid(alpha=0.3)
    if ax_acc.get_lines():
        ax_acc.legend(loc="lower right")
    return fig


_STYLES = ("o-", "s--", "^:", "d-.", "v-", "x--")


def accuracy_keys(history: Sequence[dict[str, Any]]) -> list[str]:
    """The accuracy-like keys of `history`: `test_accuracy` first, then the others in order.

    Args:
        history: metric rows.

    Returns:
        Keys containing "accuracy" whose value is a number in at least one row.

    >>> accuracy_keys([{"epoch": 1, "digit_accuracy": 0.5, "test_accuracy": 0.3,
    ...                 "train_loss": 2.0}, {"epoch": 2, "accuracy/net": 0.9}])
    ['test_accuracy', 'digit_accuracy', 'accuracy/net']
    """
    keys: list[str] = []
    for row in history:
        keys += [k for k, v in row.items() if "accuracy" in k and _is_number(v) and k not in keys]
    return sorted(keys, key=lambda k: k != "test_accuracy")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _label(key: str) -> str:
    if key.startswith("accuracy/"):
        return f"{key.partition('/')[2]} accuracy"
    return key.replace("_", " ")
