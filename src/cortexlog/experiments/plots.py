"""Pictures of spiking activity: spike rasters and membrane traces.

Figures are built with matplotlib's object API (`matplotlib.figure.Figure`) and written
through the Agg canvas, never `pyplot` or `matplotlib.use`, so the caller's backend (a
notebook's inline one, say) is left as it was. Tensors are time-major, as in
`cortexlog.brain`: spikes `[T, N]` or `[T, B, N]`, potentials `[T, N]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from torch import Tensor

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def spike_raster(
    spikes: Tensor,
    title: str | None = None,
    labels: Sequence[str] | None = None,
    dt: float = 1.0,
    time_unit: str = "step",
) -> Figure:
    """A spike raster: one point per spike, time on x, neuron index on y.

    Args:
        spikes: `[T, N]` (one panel) or `[T, B, N]` (one panel per batch element, side by
            side); any nonzero entry is a spike.
        title: figure title.
        labels: a name per panel (e.g. each input's class), at most one per panel; each
            panel's title is its name and its spike count.
        dt: duration of one step, to put time in `time_unit` on the x axis.
        time_unit: name of the x unit (`"step"`, `"ms"`, ...).

    Returns:
        A `matplotlib.figure.Figure` not registered with pyplot; panel `b` holds one
        scatter point per nonzero `spikes[:, b, :]` entry.

    >>> import torch
    >>> fig = spike_raster(torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
    >>> len(fig.axes), fig.axes[0].collections[0].get_offsets().tolist()
    (1, [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    """
    from matplotlib.figure import Figure

    if spikes.dim() not in (2, 3):
        raise ValueError(f"expected spikes [T, N] or [T, B, N], got {tuple(spikes.shape)}")
    batch = spikes.detach().cpu().reshape(spikes.shape[0], -1, spikes.shape[-1])
    steps, panels, neurons = batch.shape
    if labels is not None and len(labels) > panels:
        raise ValueError(f"{len(labels)} labels for {panels} panels")
    fig = Figure(figsize=(2.2 + 2.6 * panels, 3.6), dpi=100, layout="constrained")
    axes = fig.subplots(1, panels, sharey=True, squeeze=False)[0]
    for b, ax in enumerate(axes):
        t, n = batch[:, b, :].nonzero(as_tuple=True)
        ax.scatter((t.double() * dt).tolist(), n.tolist(), s=8, marker="|", c="black",
                   linewidths=1.0)
        ax.set_xlim(-0.5 * dt, (steps - 0.5) * dt)
        ax.set_ylim(-0.5, neurons - 0.5)
        ax.set_xlabel(f"time ({time_unit})")
        name = labels[b] + ": " if labels is not None and b < len(labels) else ""
        ax.set_title(f"{name}{len(t)} spikes", fontsize=9)
        ax.yaxis.get_major_locator().set_params(integer=True)
    axes[0].set_ylabel("neuron")
    if title:
        fig.suptitle(title)
    return fig


def membrane_traces(
    v: Tensor,
    threshold: float,
    neurons: Sequence[int] | None = None,
    title: str | None = None,
    dt: float = 1.0,
    time_unit: str = "step",
) -> Figure:
    """Membrane potential of a few neurons over time, with the firing threshold.

    Args:
        v: potentials `[T, N]`.
        threshold: the firing threshold (a dashed horizontal line).
        neurons: which neuron indices to draw (default: all).
        title: axes title.
        dt: duration of one step (x axis in `time_unit`).
        time_unit: name of the x unit.

    Returns:
        A `matplotlib.figure.Figure` with one axes: one line of `T` points per neuron
        drawn, then the threshold line.

    >>> import torch
    >>> fig = membrane_traces(torch.tensor([[0.2, 0.5], [0.9, 0.1], [0.0, 0.6]]), 1.0)
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['neuron 0', 'neuron 1', 'threshold']
    """
    from matplotlib.figure import Figure

    if v.dim() != 2:
        raise ValueError(f"expected potentials [T, N], got {tuple(v.shape)}")
    data = v.detach().cpu().double()
    chosen = list(range(data.shape[1])) if neurons is None else list(neurons)
    fig = Figure(figsize=(6.4, 3.6), dpi=100, layout="constrained")
    ax = fig.subplots()
    times = [t * dt for t in range(data.shape[0])]
    for j in chosen:
        ax.plot(times, data[:, j].tolist(), "-", marker="." if len(times) <= 50 else None,
                linewidth=1.0, label=f"neuron {j}")
    ax.axhline(threshold, color="red", linestyle="--", linewidth=1.0, label="threshold")
    ax.set_xlabel(f"time ({time_unit})")
    ax.set_ylabel("membrane potential")
    if title:
        ax.set_title(title)
    if len(chosen) <= 10:
        ax.legend(fontsize=7, loc="upper right")
    ax.grid(alpha=0.3)
    return fig


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write `fig` to the PNG `path` through the Agg canvas (its folder is created).

    Args:
        fig: the figure.
        path: the PNG file.

    Returns:
        The path written.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig).print_png(str(out))
    return out
