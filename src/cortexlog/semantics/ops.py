"""Numerically safe tensor kernels shared by the algebraic structures.

Every n-ary reduction here reduces dimension 0 of a `[k, ...]` tensor (the layout the
circuit layers gather children into) and is safe for autograd: no NaN and no infinite
gradients appear on zero probabilities (`-inf` log-probabilities).

The kernels use tensor methods only, so importing this module (and defining the built-in
structures with it) does not import torch; the scalar counterparts are in `scalar.py`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor

_LOG_HALF = -math.log(2.0)


def safe_log(p: Tensor) -> Tensor:
    """`log(p)` with `log(0) = -inf` and a zero (not infinite) gradient at `p = 0`.

    Args:
        p: probabilities in [0, 1].

    Returns:
        The elementwise logarithm.

    >>> import torch
    >>> safe_log(torch.tensor([1.0, 0.0]))
    tensor([0., -inf])
    """
    positive = p > 0
    return p.where(positive, 1.0).log().where(positive, -math.inf)


def log1mexp(x: Tensor) -> Tensor:
    """`log(1 - exp(x))` for `x <= 0`, accurate near 0 and near `-inf` (Maechler 2012).

    The gradient at `x = 0` (where the result is `-inf`) is zero instead of infinite.

    Args:
        x: log-probabilities (`<= 0`).

    Returns:
        The log of the complementary probability.

    >>> import torch
    >>> log1mexp(torch.tensor([0.0, -math.inf, math.log(0.5)])).abs().tolist()
    [inf, 0.0, 0.6931471824645996]
    """
    x = x.clamp(max=0.0)
    nonzero = x < 0
    xs = x.where(nonzero, -1.0)
    near = xs > _LOG_HALF
    val = (-xs.clamp(min=_LOG_HALF).expm1()).log().where(
        near, (-xs.clamp(max=_LOG_HALF).exp()).log1p()
    )
    return val.where(nonzero, -math.inf)


def logsumexp0(x: Tensor) -> Tensor:
    """Stable `log(sum(exp(x), dim=0))`; an all `-inf` slice gives `-inf` and zero grads.

    Args:
        x: a `[k, ...]` tensor of log-values.

    Returns:
        The reduced `[...]` tensor.

    >>> import torch
    >>> logsumexp0(torch.tensor([[0.0, -math.inf], [0.0, -math.inf]])).tolist()
    [0.6931471824645996, -inf]
    """
    m = x.detach().amax(dim=0)
    m = m.where(m.isfinite(), 0.0)
    s = (x - m).exp().sum(dim=0)
    nonzero = s > 0
    return (s.where(nonzero, 1.0).log() + m).where(nonzero, -math.inf)


def fold(op: Callable[[Tensor, Tensor], Tensor], x: Tensor) -> Tensor:
    """Left fold of a binary elementwise `op` over dimension 0 of `x`.

    Args:
        op: an associative binary elementwise function.
        x: a `[k, ...]` tensor, `k >= 1`.

    Returns:
        `op(...op(op(x[0], x[1]), x[2])..., x[k-1])`.

    >>> import torch
    >>> fold(torch.mul, torch.tensor([[2.0], [3.0], [4.0]]))
    tensor([24.])
    """
    out = x[0]
    for i in range(1, x.shape[0]):
        out = op(out, x[i])
    return out


def prod0(x: Tensor) -> Tensor:
    """Product over dimension 0 (exact gradients also where some factors are zero).

    Args:
        x: a `[k, ...]` tensor.

    Returns:
        The reduced tensor.

    >>> import torch
    >>> prod0(torch.tensor([[2.0, 0.0], [3.0, 5.0]]))
    tensor([6., 0.])
    """
    return x.prod(dim=0)


def prod0_vjp(x: Tensor, grad: Tensor) -> Tensor:
    """Gradient of `prod0(x)` w.r.t. `x` without division (prefix and suffix products).

    Args:
        x: a `[k, ...]` tensor.
        grad: the gradient of the `[...]` product.

    Returns:
        `[k, ...]`: `grad` times the product of the other factors.

    >>> import torch
    >>> prod0_vjp(torch.tensor([[2.0], [0.0], [4.0]]), torch.tensor([1.0])).flatten().tolist()
    [0.0, 8.0, 0.0]
    """
    import torch

    ones = torch.ones_like(x[:1])
    before = torch.cat([ones, x[:-1].cumprod(dim=0)])
    after = torch.cat([x[1:].flip(0).cumprod(dim=0).flip(0), ones])
    return before * after * grad


def max0(x: Tensor) -> Tensor:
    """Maximum over dimension 0; the gradient goes to a single maximising child.

    Args:
        x: a `[k, ...]` tensor.

    Returns:
        The reduced tensor.
    """
    return x.max(dim=0).values


def min0(x: Tensor) -> Tensor:
    """Minimum over dimension 0; the gradient goes to a single minimising child.

    Args:
        x: a `[k, ...]` tensor.

    Returns:
        The reduced tensor.
    """
    return x.min(dim=0).values


def sum0(x: Tensor) -> Tensor:
    """Sum over dimension 0.

    Args:
        x: a `[k, ...]` tensor.

    Returns:
        The reduced tensor.
    """
    return x.sum(dim=0)


def probsum0(x: Tensor) -> Tensor:
    """Probabilistic sum `1 - prod(1 - x)` over dimension 0 (product t-conorm).

    Args:
        x: a `[k, ...]` tensor of truth degrees.

    Returns:
        The reduced tensor.

    >>> import torch
    >>> probsum0(torch.tensor([[0.5], [0.5]]))
    tensor([0.7500])
    """
    return 1.0 - prod0(1.0 - x)


def luk_and0(x: Tensor) -> Tensor:
    """Lukasiewicz t-norm `max(0, sum(x) - (k - 1))` over dimension 0.

    Args:
        x: a `[k, ...]` tensor of truth degrees.

    Returns:
        The reduced tensor.

    >>> import torch
    >>> luk_and0(torch.tensor([[0.75], [0.5]]))
    tensor([0.2500])
    """
    return (x.sum(dim=0) - (x.shape[0] - 1)).clamp(min=0.0)


def luk_or0(x: Tensor) -> Tensor:
    """Lukasiewicz t-conorm `min(1, sum(x))` over dimension 0.

    Args:
        x: a `[k, ...]` tensor of truth degrees.

    Returns:
        The reduced tensor.
    """
    return x.sum(dim=0).clamp(max=1.0)


def complement(x: Tensor) -> Tensor:
    """The standard involutive negation `1 - x`.

    Args:
        x: values in [0, 1].

    Returns:
        `1 - x`.
    """
    return 1.0 - x


def identity(x: Tensor) -> Tensor:
    """Return `x` unchanged.

    Args:
        x: any tensor.

    Returns:
        `x`.
    """
    return x



def exp(x: Tensor) -> Tensor:
    """The elementwise exponential (decodes log-space carriers).

    Args:
        x: log-values.

    Returns:
        `exp(x)`.
    """
    return x.exp()


def divide(a: Tensor, b: Tensor) -> Tensor:
    """Condition by division: `a / b` (P(q, e) / P(e)).

    Args:
        a: joint values.
        b: evidence values.

    Returns:
        `a / b`.
    """
    return a / b


def subtract(a: Tensor, b: Tensor) -> Tensor:
    """Condition in log space: `a - b` (log P(q, e) - log P(e)).

    Args:
        a: joint log-values.
        b: evidence log-values.

    Returns:
        `a - b`.
    """
    return a - b
