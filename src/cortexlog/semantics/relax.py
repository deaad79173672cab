"""Real-valued relaxations: how a comparison `a =< b` becomes a truth degree.

A structure that can evaluate logic over real values declares a `Relaxation`: the degree
of `a =< b` and of `a < b` as functions of the margin `m = b - a` and a sharpness `k > 0`
(the slope at the boundary). `cortexlog.realvalued` branches on this declared capability,
never on the structure's name. The kernels use tensor methods only (no torch import).

| family        | `a =< b`                   | `a < b`                  |
|---------------|----------------------------|--------------------------|
| product       | `sigmoid(k m)`             | `sigmoid(k m)`           |
| godel         | `clamp(1/2 + k m, 0, 1)`   | `clamp(1/2 + k m, 0, 1)` |
| lukasiewicz   | `clamp(1 + k m, 0, 1)`     | `clamp(k m, 0, 1)`       |

In each family `1 - leq(m) == lt(-m)`: the negation of `a =< b` is `b < a`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor

Margin = Callable[["Tensor", "float | Tensor"], "Tensor"]


@dataclass(frozen=True)
class Relaxation:
    """The differentiable relaxation of comparisons that a structure declares.

    Attributes:
        leq: `(margin, sharpness) -> degree of margin >= 0` (`a =< b` with `m = b - a`).
        lt: `(margin, sharpness) -> degree of margin > 0` (`a < b`).
        description: one line for the documentation and error messages.
    """

    leq: Margin
    lt: Margin
    description: str = ""


def logistic(margin: Tensor, sharpness: float | Tensor) -> Tensor:
    """The logistic relaxation `sigmoid(k m)` (strict and non-strict alike).

    Args:
        margin: `b - a` for the comparison `a =< b`.
        sharpness: the scale `k` (the slope at the boundary is `k / 4`).

    Returns:
        Degrees in (0, 1).

    >>> import torch
    >>> logistic(torch.tensor([0.0]), 10.0).item()
    0.5
    """
    return (margin * sharpness).sigmoid()


def centred_ramp(margin: Tensor, sharpness: float | Tensor) -> Tensor:
    """The piecewise-linear logistic `clamp(1/2 + k m, 0, 1)` (Goedel logic).

    Args:
        margin: `b - a` for the comparison `a =< b`.
        sharpness: the slope `k` at the boundary.

    Returns:
        Degrees in [0, 1]; 1/2 on the boundary.

    >>> import torch
    >>> centred_ramp(torch.tensor([-1.0, 0.0, 0.01, 1.0]), 10.0).tolist()
    [0.0, 0.5, 0.6000000238418579, 1.0]
    """
    return (margin * sharpness + 0.5).clamp(0.0, 1.0)


def hinge_leq(margin: Tensor, sharpness: float | Tensor) -> Tensor:
    """The one-sided hinge `clamp(1 + k m, 0, 1)`: 1 on the feasible side (Lukasiewicz).

    Args:
        margin: `b - a` for the comparison `a =< b`.
        sharpness: the slope `k` of the penalty for a violation.

    Returns:
        Degrees in [0, 1]; exactly 1 where `a =< b` holds.

    >>> import torch
    >>> hinge_leq(torch.tensor([-0.05, 0.0, 1.0]), 10.0).tolist()
    [0.5, 1.0, 1.0]
    """
    return (margin * sharpness + 1.0).clamp(0.0, 1.0)


def hinge_lt(margin: Tensor, sharpness: float | Tensor) -> Tensor:
    """The strict hinge `clamp(k m, 0, 1)`: 1 once `b - a >= 1/k` (Lukasiewicz).

    Args:
        margin: `b - a` for the comparison `a < b`.
        sharpness: the slope `k`.

    Returns:
        Degrees in [0, 1]; 0 where `a >= b`.

    >>> import torch
    >>> hinge_lt(torch.tensor([0.0, 0.05, 1.0]), 10.0).tolist()
    [0.0, 0.5, 1.0]
    """
    return (margin * sharpness).clamp(0.0, 1.0)


LOGISTIC = Relaxation(logistic, logistic, "logistic sigmoid(k m), m = b - a")
CENTRED_RAMP = Relaxation(centred_ramp, centred_ramp,
                          "centred ramp clamp(1/2 + k m, 0, 1), m = b - a")
HINGE = Relaxation(hinge_leq, hinge_lt,
                   "hinge clamp(1 + k m, 0, 1) for =<, clamp(k m, 0, 1) for <, m = b - a")
