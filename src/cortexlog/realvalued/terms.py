"""Term nodes: constants, named tensors, variables' batches and evaluable functions.

`Env` is what one evaluation sees; every node maps it to a `Value` (a tensor with its
variables' axes leading). The formula nodes are in `nodes.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch

from cortexlog.errors import ConstraintError, SourceLocation
from cortexlog.realvalued.values import FUNCTIONS, REDUCING, Value, combine

if TYPE_CHECKING:
    from torch import Tensor

    from cortexlog.semantics import AlgebraicStructure, Relaxation

class Env:
    """What one evaluation sees: the named tensors, the structure, sharpness and networks.

    Args:
        tensors: the keyword arguments of `forward`.
        structure: the algebraic structure (with a `relaxation`).
        relaxation: the structure's relaxation of comparisons.
        sharpness: the `k` of the relaxation.
        networks: the networks of `nn(...)` predicates, by name.
    """

    def __init__(self, tensors: Mapping[str, Any], structure: AlgebraicStructure,
                 relaxation: Relaxation, sharpness: float | Tensor,
                 networks: Mapping[str, torch.nn.Module] | torch.nn.ModuleDict) -> None:
        self.tensors = tensors
        self.structure = structure
        self.relaxation = relaxation
        self.sharpness = sharpness
        self.networks = networks
        ref = next((t for t in tensors.values()
                    if isinstance(t, torch.Tensor) and t.is_floating_point()), None)
        self.dtype = ref.dtype if ref is not None else torch.get_default_dtype()
        self.device = ref.device if ref is not None else torch.device("cpu")

    def tensor(self, name: str, loc: SourceLocation) -> Any:
        """The tensor (or number) passed as `name`, or a located error."""
        if name not in self.tensors:
            given = ", ".join(sorted(self.tensors)) or "none"
            raise ConstraintError(f"the constraint needs a tensor named '{name}'", loc,
                                  f"pass {name}=... to the module (given: {given})")
        return self.tensors[name]

    def as_tensor(self, x: Tensor | float | list[Any]) -> Tensor:
        """`x` as a tensor of the inputs' dtype and device."""
        return torch.as_tensor(x, dtype=self.dtype, device=self.device)


class Node:
    """A compiled term or formula; `loc` is the clause it comes from (for errors)."""

    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        """Ground the node on the tensors of `env`."""
        raise NotImplementedError


@dataclass
class Const(Node):
    """A number, or a (nested) list of numbers: a constant tensor without axes."""

    value: float | list[Any]
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        return Value(self.value if isinstance(self.value, float) else env.as_tensor(self.value))


@dataclass
class Param(Node):
    """A tensor (or number) passed to `forward` by name, with no batch axis."""

    name: str
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        x = env.tensor(self.name, self.loc)
        return Value(float(x) if isinstance(x, int | float) else x)


@dataclass
class Variable(Node):
    """A variable bound to the batch of `domain`: dimension 0 becomes axis `axis`."""

    axis: str
    domain: str
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        x = env.tensor(self.domain, self.loc)
        if not isinstance(x, torch.Tensor) or x.dim() == 0:
            raise ConstraintError(
                f"'{self.domain}' is quantified over, so it must be a batched tensor "
                "[n, ...]", self.loc, "pass a tensor whose first dimension is the batch")
        return Value(x, (self.axis,))


@dataclass
class Function(Node):
    """An evaluable function (`+`, `dist`, `norm`, ...) of terms."""

    key: tuple[str, int]
    args: list[Node]
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        values = [a(env) for a in self.args]
        if self.key in REDUCING and max(v.feature_rank for v in values) == 0:
            raise ConstraintError(f"{self.key[0]}/{self.key[1]} needs vectors, got scalars",
                                  self.loc, "pass [n, d] tensors, or use abs/1 on scalars")
        if self.key[0] in ("sqrt", "exp", "log", "sin", "cos", "tanh", "sigmoid", "relu"):
            values = [Value(env.as_tensor(v.data), v.axes)
                      if isinstance(v.data, float) else v for v in values]
        return combine(FUNCTIONS[self.key], values)


@dataclass
class At(Node):
    """`at(X, I)`: component `I` of the last feature dimension of `X`."""

    arg: Node
    index: int
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        v = self.arg(env)
        if v.feature_rank == 0 or not -v.feature_shape[-1] <= self.index < v.feature_shape[-1]:
            raise ConstraintError(f"at(_, {self.index}) is out of range for features of shape "
                                  f"{list(v.feature_shape)}", self.loc)
        assert not isinstance(v.data, float)
        return Value(v.data[..., self.index], v.axes)


@dataclass
class Stack(Node):
    """`[T1, ..., Tn]` of non-constant terms: a new last feature dimension."""

    items: list[Node]
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        def stack(*xs: Tensor | float) -> Tensor:
            ts = [env.as_tensor(x) if isinstance(x, float) else x for x in xs]
            return torch.stack(torch.broadcast_tensors(*ts), dim=-1)
        return combine(stack, [i(env) for i in self.items])
