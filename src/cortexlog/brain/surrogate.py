"""Surrogate-gradient spike functions: Heaviside forward, smooth derivative backward.

Each surrogate is the derivative of a smooth "primitive" sigma(x) with sigma(-inf)=0,
sigma(+inf)=1 (so the surrogate integrates to one). The spike function is the Heaviside
step ``x > 0`` in the forward pass and ``grad * sigma'(x)`` in the backward pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor

from cortexlog.errors import CortexlogError


def _fast_sigmoid_deriv(x: Tensor, alpha: float) -> Tensor:
    return alpha / (2.0 * (1.0 + alpha * x.abs()) ** 2)


def _fast_sigmoid_prim(x: Tensor, alpha: float) -> Tensor:
    return 0.5 + 0.5 * alpha * x / (1.0 + alpha * x.abs())


def _arctan_deriv(x: Tensor, alpha: float) -> Tensor:
    return (alpha / 2.0) / (1.0 + (math.pi / 2.0 * alpha * x) ** 2)


def _arctan_prim(x: Tensor, alpha: float) -> Tensor:
    return 0.5 + torch.atan(math.pi / 2.0 * alpha * x) / math.pi


def _triangle_deriv(x: Tensor, alpha: float) -> Tensor:
    return alpha * torch.clamp(1.0 - alpha * x.abs(), min=0.0)


def _triangle_prim(x: Tensor, alpha: float) -> Tensor:
    xc = torch.clamp(x, -1.0 / alpha, 1.0 / alpha)
    return 0.5 + alpha * xc - 0.5 * alpha**2 * xc * xc.abs()


def _heaviside_spike(
    name: str, deriv: Callable[[Tensor, float], Tensor], doc: str
) -> type[torch.autograd.Function]:
    """Build the autograd Function: Heaviside forward, `grad * deriv(x, alpha)` backward.

    Args:
        name: the class name.
        deriv: the surrogate derivative.
        doc: the class docstring.

    Returns:
        The Function class (call `.apply(x, alpha)`).
    """

    def forward(ctx: Any, x: Tensor, alpha: float) -> Tensor:
        ctx.save_for_backward(x)
        ctx.alpha = alpha
        return (x > 0).to(x.dtype)

    def backward(ctx: Any, grad: Tensor) -> tuple[Tensor, None]:
        (x,) = ctx.saved_tensors
        return grad * deriv(x, ctx.alpha), None

    namespace = {"__doc__": doc, "forward": staticmethod(forward),
                 "backward": staticmethod(backward)}
    return type(name, (torch.autograd.Function,), namespace)


FastSigmoidSpike = _heaviside_spike(
    "FastSigmoidSpike", _fast_sigmoid_deriv,
    "Heaviside forward, fast-sigmoid (SuperSpike) derivative ``a/(2(1+a|x|)^2)`` backward.",
)
ArcTanSpike = _heaviside_spike(
    "ArcTanSpike", _arctan_deriv,
    "Heaviside forward, arctan derivative ``(a/2)/(1+(pi a x/2)^2)`` backward.",
)
TriangleSpike = _heaviside_spike(
    "TriangleSpike", _triangle_deriv,
    "Heaviside forward, triangle derivative ``a*max(0, 1-a|x|)`` backward.",
)


@dataclass(frozen=True)
class Surrogate:
    """A surrogate-gradient spike function as a value.

    Args:
        name: registry name (``fast_sigmoid``, ``arctan``, ``triangle``).
        alpha: sharpness; larger means a narrower, taller derivative.

    >>> s = Surrogate("triangle", 1.0)
    >>> s.spike(torch.tensor([-0.5, 0.5])).tolist()
    [0.0, 1.0]
    >>> s.derivative(torch.tensor([0.0, 0.5, 2.0])).tolist()
    [1.0, 0.5, 0.0]
    """

    name: str
    alpha: float

    def __post_init__(self) -> None:
        if self.name not in _KINDS:
            raise CortexlogError(
                f"unknown surrogate {self.name!r}",
                hint=f"valid surrogates: {', '.join(sorted(_KINDS))}",
            )
        if isinstance(self.alpha, bool) or not isinstance(self.alpha, (int, float)) or not (
            math.isfinite(self.alpha) and self.alpha > 0
        ):
            raise CortexlogError(
                f"surrogate alpha must be a finite number > 0, got {self.alpha!r}",
                hint="alpha is the sharpness: 10 for fast_sigmoid, 2 for arctan, 1 for triangle",
            )
        object.__setattr__(self, "alpha", float(self.alpha))

    def spike(self, x: Tensor) -> Tensor:
        """Heaviside of ``x`` with this surrogate's gradient.

        Args:
            x: membrane potential minus threshold.

        Returns:
            0/1 tensor of the same dtype as ``x``.
        """
        return _KINDS[self.name][0].apply(x, self.alpha)

    def derivative(self, x: Tensor) -> Tensor:
        """The surrogate derivative sigma'(x) (what the backward pass multiplies by).

        Args:
            x: membrane potential minus threshold.

        Returns:
            tensor of the same shape.
        """
        return _KINDS[self.name][1](x, self.alpha)

    def derivative_(self, x: Tensor) -> Tensor:
        """In-place :meth:`derivative` (overwrites ``x``; used by the fused LIF backward).

        Args:
            x: membrane potential minus threshold (a fresh tensor you own).

        Returns:
            ``x``, now holding sigma'(x).
        """
        a = self.alpha
        if self.name == "fast_sigmoid":
            return x.abs_().mul_(a).add_(1.0).square_().reciprocal_().mul_(a / 2.0)
        if self.name == "arctan":
            return x.mul_(math.pi / 2.0 * a).square_().add_(1.0).reciprocal_().mul_(a / 2.0)
        return x.abs_().mul_(-a).add_(1.0).clamp_(min=0.0).mul_(a)

    def primitive(self, x: Tensor) -> Tensor:
        """The smooth step sigma(x) whose derivative is the surrogate.

        Args:
            x: membrane potential minus threshold.

        Returns:
            tensor in [0, 1] of the same shape.
        """
        return _KINDS[self.name][2](x, self.alpha)


_Fn = Callable[[Tensor, float], Tensor]
_KINDS: dict[str, tuple[type[torch.autograd.Function], _Fn, _Fn]] = {
    "fast_sigmoid": (FastSigmoidSpike, _fast_sigmoid_deriv, _fast_sigmoid_prim),
    "arctan": (ArcTanSpike, _arctan_deriv, _arctan_prim),
    "triangle": (TriangleSpike, _triangle_deriv, _triangle_prim),
}

FAST_SIGMOID = Surrogate("fast_sigmoid", 10.0)
ARCTAN = Surrogate("arctan", 2.0)
TRIANGLE = Surrogate("triangle", 1.0)


def surrogate(name: str, alpha: float | None = None) -> Surrogate:
    """Build a surrogate from its name (the string-to-value edge).

    Args:
        name: one of ``fast_sigmoid``, ``arctan``, ``triangle``.
        alpha: sharpness; None keeps the default for that surrogate.

    Returns:
        the Surrogate value.

    >>> surrogate("arctan").alpha
    2.0
    """
    defaults = {"fast_sigmoid": FAST_SIGMOID, "arctan": ARCTAN, "triangle": TRIANGLE}
    if name not in defaults:
        raise CortexlogError(
            f"unknown surrogate {name!r}", hint=f"valid surrogates: {', '.join(sorted(defaults))}"
        )
    return defaults[name] if alpha is None else Surrogate(name, float(alpha))
