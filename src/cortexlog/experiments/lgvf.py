"""LGVF (Logic-Guided Vector Fields): flow matching with constraints written in cortexlog.

Three 2-D case studies (linear: a half-plane; ring: an annulus; obstacles: three discs to
avoid). The constraints are the `.pl` files `examples/realvalued/lgvf_{case}.pl`, compiled
by `cortexlog.realvalued` under the Lukasiewicz semantics: a point's degree is 1 exactly
where it is feasible, and `1 - degree` is its hinge violation (`sharpness` per unit). This
module only wires data, the flow model and the compiled constraint module:

- target: a proposal distribution restricted to the feasible region (rejection by the
  compiled constraint);
- plain flow matching: an MLP `v(x, t)` regressed on `x1 - x0` along straight paths;
- training-time logic loss: Euler rollouts of the current field from noise, the mean
  violation `1 - degree` of their points, weighted by a ramp that is 0 before `late` and
  1 at the end of the trajectory;
- inference-time correction: while sampling, `v + guidance * ramp(t) * grad(degree)`.

Four variants per case: plain, logic loss, correction, both (LGVF). Reported: violation rate
(share of samples with degree < 1) and the unbiased MMD^2 (RBF, bandwidths 0.1-1) to
held-out target samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

from cortexlog.errors import ConstraintError
from cortexlog.realvalued import ConstraintModule

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "realvalued"
CASES = ("linear", "ring", "obstacles")
VARIANTS = ("plain", "logic loss", "correction", "LGVF")


@dataclass(frozen=True)
class LGVFConfig:
    """The budget and the weights of one case study (same for every variant)."""

    steps: int = 2000
    batch: int = 256
    lr: float = 1e-3
    hidden: int = 128
    rollout_steps: int = 10
    rollout_batch: int = 128
    logic_weight: float = 1.0
    guidance: float = 3.0
    sharpness: float = 1.0
    late: float = 0.7
    sample_steps: int = 100
    samples: int = 4000
    seed: int = 0


def _proposal(case: str) -> Callable[[int, torch.Generator], Tensor]:
    """The unconstrained distribution whose feasible part is the target."""
    def linear(n: int, g: torch.Generator) -> Tensor:
        return torch.randn(n, 2, generator=g) * 0.7 + 0.25

    def ring(n: int, g: torch.Generator) -> Tensor:
        angle = torch.rand(n, generator=g) * 2 * math.pi
        radius = 1.5 + 0.35 * torch.randn(n, generator=g)
        return torch.stack([radius * angle.cos(), radius * angle.sin()], dim=1)

    def obstacles(n: int, g: torch.Generator) -> Tensor:
        modes = torch.tensor([[1.0, 1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, -1.0]])
        pick = torch.randint(0, 4, (n,), generator=g)
        return modes[pick] + 0.45 * torch.randn(n, 2, generator=g)

    return {"linear": linear, "ring": ring, "obstacles": obstacles}[case]


def degree(constraint: ConstraintModule, x: Tensor) -> Tensor:
    """The per-point degree of the program's one open query `feasible(X)`."""
    (value,) = constraint.degrees(X=x).values()
    return value


def violation_rate(constraint: ConstraintModule, x: Tensor) -> float:
    """The share of points whose Lukasiewicz degree is below 1 (the constraint fails)."""
    with torch.no_grad():
        return (degree(constraint, x) < 1.0).float().mean().item()


def target(case: str, constraint: ConstraintModule, n: int, g: torch.Generator) -> Tensor:
    """`n` samples of the proposal that satisfy the constraint."""
    draw, kept, total = _proposal(case), [], 0
    while total < n:
        x = draw(2 * n, g)
        with torch.no_grad():
            x = x[degree(constraint, x) >= 1.0]
        kept.append(x)
        total += len(x)
    return torch.cat(kept)[:n]


class VectorField(torch.nn.Module):
    """`v(x, t)`: an MLP on `[x, t]` (3 hidden SiLU layers)."""

    def __init__(self, hidden: int = 128) -> None:
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Linear(3, hidden), torch.nn.SiLU(), torch.nn.Linear(hidden, hidden),
            torch.nn.SiLU(), torch.nn.Linear(hidden, hidden), torch.nn.SiLU(),
            torch.nn.Linear(hidden, 2))

    def forward(self, x: Tensor, t: float | Tensor) -> Tensor:
        """The velocity at points `x: [n, 2]` and time `t` (a number or `[n, 1]`)."""
        tt = torch.as_tensor(t, dtype=x.dtype, device=x.device).expand(len(x), 1)
        return self.net(torch.cat([x, tt], dim=1))


def _ramp(t: float, late: float) -> float:
    return max(0.0, (t - late) / (1.0 - late))


def rollout_loss(field: VectorField, constraint: ConstraintModule, cfg: LGVFConfig,
                 g: torch.Generator) -> Tensor:
    """Mean violation along Euler rollouts from noise, weighted towards the end."""
    x = torch.randn(cfg.rollout_batch, 2, generator=g)
    total, weights = x.new_zeros(()), 0.0
    for i in range(cfg.rollout_steps):
        x = x + field(x, i / cfg.rollout_steps) / cfg.rollout_steps
        w = _ramp((i + 1) / cfg.rollout_steps, cfg.late)
        if w > 0:
            total = total + w * (1.0 - degree(constraint, x)).mean()
            weights += w
    return total / weights


def train_field(data: Tensor, constraint: ConstraintModule | None, cfg: LGVFConfig
                ) -> VectorField:
    """Flow matching on `data`, plus the logic loss when `constraint` is given."""
    torch.manual_seed(cfg.seed)
    g = torch.Generator().manual_seed(cfg.seed)
    field = VectorField(cfg.hidden)
    opt = torch.optim.Adam(field.parameters(), lr=cfg.lr)
    for _ in range(cfg.steps):
        x1 = data[torch.randint(0, len(data), (cfg.batch,), generator=g)]
        x0 = torch.randn(cfg.batch, 2, generator=g)
        t = torch.rand(cfg.batch, 1, generator=g)
        loss = ((field((1 - t) * x0 + t * x1, t) - (x1 - x0)) ** 2).sum(dim=1).mean()
        if constraint is not None:
            loss = loss + cfg.logic_weight * rollout_loss(field, constraint, cfg, g)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return field


def sample(field: VectorField, constraint: ConstraintModule | None, cfg: LGVFConfig,
           seed: int) -> Tensor:
    """Euler integration from noise; with `constraint`, the gradient correction."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(cfg.samples, 2, generator=g)
    dt = 1.0 / cfg.sample_steps
    for i in range(cfg.sample_steps):
        with torch.no_grad():
            v = field(x, i * dt)
        weight = _ramp(i * dt, cfg.late)
        if constraint is not None and weight > 0:
            xg = x.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(degree(constraint, xg).sum(), xg)
            v = v + cfg.guidance * weight * grad
        x = x + dt * v
    return x.detach()


def mmd2(a: Tensor, b: Tensor, bandwidths: tuple[float, ...] = (0.1, 0.2, 0.5, 1.0)) -> float:
    """The unbiased squared MMD between two samples, sum of RBF kernels."""
    def k(x: Tensor, y: Tensor) -> Tensor:
        d = torch.cdist(x, y) ** 2
        return sum((torch.exp(-d / (2 * s * s)) for s in bandwidths), torch.zeros_like(d))

    def within(x: Tensor) -> Tensor:
        kx = k(x, x)
        return (kx.sum() - kx.diagonal().sum()) / (len(x) * (len(x) - 1))

    return (within(a) + within(b) - 2 * k(a, b).mean()).item()


def load_constraint(case: str, cfg: LGVFConfig, folder: Path = EXAMPLES) -> ConstraintModule:
    """Compile `lgvf_{case}.pl` under Lukasiewicz (hinge relaxation)."""
    path = folder / f"lgvf_{case}.pl"
    if not path.is_file():
        raise ConstraintError(f"no constraint file {path}",
                              hint="pass --constraints DIR holding lgvf_{linear,ring,"
                              "obstacles}.pl (examples/realvalued/ in the repository)")
    return ConstraintModule.from_file(path, "lukasiewicz", sharpness=cfg.sharpness)


def run_case(case: str, cfg: LGVFConfig, folder: Path = EXAMPLES) -> dict[str, Any]:
    """Train plain and logic-loss fields, sample the four variants, measure them.

    Args:
        case: `linear`, `ring` or `obstacles`.
        cfg: the budget and weights (the same for every variant).
        folder: where the `lgvf_{case}.pl` files are.

    Returns:
        `metrics` (per variant: violation rate, MMD^2), the `reduction` of LGVF's
        violations against plain flow matching (%), `mmd2_floor` (the MMD^2 between two
        independent target samples of the same size), and for plotting `samples`, `fields`,
        `target` and the `constraint`.
    """
    constraint = load_constraint(case, cfg, folder)
    g = torch.Generator().manual_seed(cfg.seed)
    data = target(case, constraint, 20000, g)
    held_out = target(case, constraint, cfg.samples, g)
    floor = mmd2(target(case, constraint, cfg.samples, g), held_out)  # sampling noise
    fields = {"plain": train_field(data, None, cfg),
              "logic": train_field(data, constraint, cfg)}
    runs = {"plain": ("plain", None), "logic loss": ("logic", None),
            "correction": ("plain", constraint), "LGVF": ("logic", constraint)}
    samples, metrics = {}, {}
    for name, (which, guide) in runs.items():
        x = sample(fields[which], guide, cfg, cfg.seed + 1)
        samples[name] = x
        metrics[name] = {"violation_rate": violation_rate(constraint, x),
                         "mmd2": mmd2(x, held_out)}
    plain, ours = metrics["plain"]["violation_rate"], metrics["LGVF"]["violation_rate"]
    reduction = 100.0 * (plain - ours) / plain if plain > 0 else 0.0
    return {"metrics": metrics, "reduction": reduction, "mmd2_floor": floor, "samples": samples,
            "fields": fields, "target": held_out, "constraint": constraint}
