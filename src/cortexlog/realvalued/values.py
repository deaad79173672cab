"""Values of real-valued terms: a tensor whose leading dimensions are variables' batches.

A `Value` is LTN's grounding of a term or formula: `data` has one leading dimension per free
variable (`axes`, in order), then the feature dimensions (none for a truth degree, one for
a vector). Two values combine by aligning their axes (the union, each variable once) and
broadcasting the features from the right, so `X - c` with `X: [n, 2]` and `c: [2]` is
`[n, 2]`, and `a(X), b(Y)` is `[n_X, n_Y]`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor


@dataclass(frozen=True)
class Value:
    """A grounded term: `data` with `axes` (variable ids) leading, then the features.

    Attributes:
        data: the tensor (or a Python float for a constant scalar).
        axes: the ids of the variables of the leading dimensions.
    """

    data: Tensor | float
    axes: tuple[str, ...] = ()

    @property
    def feature_rank(self) -> int:
        """How many trailing dimensions are features (0 for a scalar per element)."""
        return 0 if isinstance(self.data, float) else self.data.dim() - len(self.axes)

    @property
    def feature_shape(self) -> tuple[int, ...]:
        """The feature dimensions' sizes."""
        return () if isinstance(self.data, float) else tuple(self.data.shape[len(self.axes):])


def union_axes(values: list[Value]) -> tuple[str, ...]:
    """All the values' axes, each once, in order of first appearance.

    Args:
        values: the values to combine.

    Returns:
        The axes of their combination.
    """
    out: dict[str, None] = {}
    for v in values:
        out.update(dict.fromkeys(v.axes))
    return tuple(out)


def lift(value: Value, axes: tuple[str, ...], rank: int) -> Tensor | float:
    """`value.data` laid out for `axes` (size 1 where absent) and `rank` feature dims.

    Args:
        value: a value whose axes are a subset of `axes`.
        axes: the target axes.
        rank: the target feature rank (at least the value's).

    Returns:
        A tensor broadcastable against every other value lifted the same way.
    """
    data = value.data
    if isinstance(data, float):
        return data
    own = value.axes
    perm = sorted(range(len(own)), key=lambda i: axes.index(own[i]))
    nfeat = data.dim() - len(own)
    if perm != list(range(len(own))):
        data = data.permute(*perm, *range(len(own), data.dim()))
    sizes = {a: data.shape[i] for i, a in enumerate(sorted(own, key=axes.index))}
    shape = [sizes.get(a, 1) for a in axes] + [1] * (rank - nfeat)
    return data.reshape(tuple(shape) + tuple(data.shape[len(own):]))


def combine(fn: Callable[..., Tensor | float], values: list[Value]) -> Value:
    """Apply an elementwise function to aligned values.

    Args:
        fn: takes one tensor (or float) per value, broadcasts them.
        values: the operands.

    Returns:
        The result with the union of the axes.
    """
    axes = union_axes(values)
    rank = max(v.feature_rank for v in values)
    return Value(fn(*(lift(v, axes, rank) for v in values)), axes)


def _norm(x: Tensor) -> Tensor:
    return x.square().sum(dim=-1).sqrt()


def _min(a: Tensor | float, b: Tensor | float) -> Tensor | float:
    if isinstance(a, float):
        return min(a, b) if isinstance(b, float) else b.clamp(max=a)
    return a.clamp(max=b) if isinstance(b, float) else a.minimum(b)


def _max(a: Tensor | float, b: Tensor | float) -> Tensor | float:
    if isinstance(a, float):
        return max(a, b) if isinstance(b, float) else b.clamp(min=a)
    return a.clamp(min=b) if isinstance(b, float) else a.maximum(b)


# Evaluable functions of tensor-valued terms: (name, arity) -> elementwise function.
# `dist`, `norm`, `dot` and `sum` reduce the last feature dimension.
FUNCTIONS: dict[tuple[str, int], Callable[..., Tensor | float]] = {
    ("+", 2): lambda a, b: a + b,
    ("-", 2): lambda a, b: a - b,
    ("*", 2): lambda a, b: a * b,
    ("/", 2): lambda a, b: a / b,
    ("**", 2): lambda a, b: a ** b,
    ("^", 2): lambda a, b: a ** b,
    ("-", 1): lambda a: -a,
    ("+", 1): lambda a: a,
    ("abs", 1): abs,
    ("min", 2): _min,
    ("max", 2): _max,
    ("sqrt", 1): lambda a: a.sqrt(),
    ("exp", 1): lambda a: a.exp(),
    ("log", 1): lambda a: a.log(),
    ("sin", 1): lambda a: a.sin(),
    ("cos", 1): lambda a: a.cos(),
    ("tanh", 1): lambda a: a.tanh(),
    ("sigmoid", 1): lambda a: a.sigmoid(),
    ("relu", 1): lambda a: a.clamp(min=0.0),
    ("dist", 2): lambda a, b: _norm(a - b),
    ("norm", 1): _norm,
    ("dot", 2): lambda a, b: (a * b).sum(dim=-1),
    ("sum", 1): lambda a: a.sum(dim=-1),
}
# Functions whose result has one feature dimension fewer than their operands.
REDUCING = frozenset({("dist", 2), ("norm", 1), ("dot", 2), ("sum", 1)})
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
