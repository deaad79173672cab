"""The LGVF figure: per case, target, plain and LGVF samples over the feasible region, with
the learned vector field near the end of the flow (matplotlib object API, Agg canvas)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch

from cortexlog.experiments.lgvf import LGVFConfig, degree

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LIMIT = 3.0
FIELD_T = 0.9


def _feasible_grid(constraint: Any, n: int = 200) -> tuple[Any, Any, Any]:
    axis = torch.linspace(-LIMIT, LIMIT, n)
    gx, gy = torch.meshgrid(axis, axis, indexing="xy")
    with torch.no_grad():
        ok = degree(constraint, torch.stack([gx.flatten(), gy.flatten()], 1)) >= 1.0
    return gx.numpy(), gy.numpy(), ok.reshape(n, n).float().numpy()


def _field(field: Any, constraint: Any, cfg: LGVFConfig, guided: bool,
           n: int = 17) -> tuple[Any, ...]:
    axis = torch.linspace(-LIMIT + 0.2, LIMIT - 0.2, n)
    gx, gy = torch.meshgrid(axis, axis, indexing="xy")
    x = torch.stack([gx.flatten(), gy.flatten()], 1)
    with torch.no_grad():
        v = field(x, FIELD_T)
    if guided:
        xg = x.clone().requires_grad_(True)
        (grad,) = torch.autograd.grad(degree(constraint, xg).sum(), xg)
        v = v + cfg.guidance * max(0.0, (FIELD_T - cfg.late) / (1 - cfg.late)) * grad
    return gx.numpy(), gy.numpy(), v[:, 0].reshape(n, n).numpy(), v[:, 1].reshape(n, n).numpy()


def lgvf_figure(case: str, result: dict[str, Any], cfg: LGVFConfig) -> Figure:
    """Target, plain flow matching and LGVF side by side for one case.

    Args:
        case: the case name (titles).
        result: what `run_case` returned.
        cfg: the configuration of the run (the correction's weight).

    Returns:
        A figure with three panels.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13.5, 4.6))
    axes = fig.subplots(1, 3)
    gx, gy, ok = _feasible_grid(result["constraint"])
    m = result["metrics"]
    panels = [("target (held out)", result["target"], None, False),
              (f"plain FM: violations {100 * m['plain']['violation_rate']:.1f}%, "
               f"MMD² {m['plain']['mmd2']:.4f}", result["samples"]["plain"],
               result["fields"]["plain"], False),
              (f"LGVF: violations {100 * m['LGVF']['violation_rate']:.1f}%, "
               f"MMD² {m['LGVF']['mmd2']:.4f}", result["samples"]["LGVF"],
               result["fields"]["logic"], True)]
    for ax, (title, x, field, guided) in zip(axes, panels, strict=True):
        ax.contourf(gx, gy, ok, levels=[0.5, 1.5], colors=["#d8ecd8"])
        ax.contour(gx, gy, ok, levels=[0.5], colors=["#2e7d32"], linewidths=1.0)
        bad = degree(result["constraint"], x) < 1.0
        ax.scatter(x[~bad, 0], x[~bad, 1], s=2, c="#1f4e99", alpha=0.5)
        ax.scatter(x[bad, 0], x[bad, 1], s=4, c="#c62828")
        if field is not None:
            qx, qy, u, v = _field(field, result["constraint"], cfg, guided)
            ax.quiver(qx, qy, u, v, color="#555555", alpha=0.6, width=0.003)
        ax.set_xlim(-LIMIT, LIMIT)
        ax.set_ylim(-LIMIT, LIMIT)
        ax.set_aspect("equal")
        ax.set_title(title, fontsize=9)
    fig.suptitle(f"LGVF case '{case}': feasible region (green), violations (red), "
                 f"field at t = {FIELD_T}")
    fig.tight_layout()
    return fig
