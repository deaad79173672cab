"""The NALSM figure: branching factor of the liquid over the plasticity phase, per variant
(matplotlib object API, Agg canvas)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = {"nalsm": "tab:blue", "stdp": "tab:red", "lsm": "tab:gray"}


def branching_figure(m: dict[str, Any], title: str) -> Figure:
    """Branching factor against training images seen in the plasticity phase.

    Args:
        m: metrics of :func:`cortexlog.experiments.nalsm.run_all` (``variants``).
        title: figure title.

    Returns:
        a Figure: one curve per plastic variant, dotted lines at each variant's value
        while its states are read (first 50 test images; the ``lsm`` variant has only
        that) and at 1 (critical).
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 4), dpi=100, layout="constrained")
    ax = fig.subplots()
    for name, r in m["variants"].items():
        colour = COLOURS.get(name)
        curve = r["branching_factor_curve"]
        if curve:
            ax.plot([p[0] for p in curve], [p[1] for p in curve], color=colour,
                    label=f"{name} (tuning phase)")
        ax.axhline(r["branching_factor"], color=colour, linestyle=":",
                   label=f"{name} reading states: {r['branching_factor']:.2f}")
    ax.axhline(1.0, color="black", linewidth=0.8, label="critical (1)")
    ax.set_xlabel("images seen in the tuning phase")
    ax.set_ylabel("branching factor (descendants / ancestor)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig
