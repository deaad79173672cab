"""Algebraic structures as values, and the registry that maps names to them.

An `AlgebraicStructure` says how to evaluate a circuit: the carrier's zero and one, the
n-ary "addition" (OR) and "multiplication" (AND) reductions, how input probabilities
become carrier values and how carrier values are reported. Strings become structures
only at the API edge, through `get_semantics`. Importing this module does not import torch
(the tensor operations are only called on tensors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from cortexlog.errors import SemanticsError
from cortexlog.semantics.relax import Relaxation
from cortexlog.semantics.scalar import ScalarOps

if TYPE_CHECKING:
    from torch import Tensor

Reduce = Callable[["Tensor"], "Tensor"]
Unary = Callable[["Tensor"], "Tensor"]
Binary = Callable[["Tensor", "Tensor"], "Tensor"]
Categorical = Callable[["Tensor", int], "Tensor"]


class Reduction(Enum):
    """What an n-ary reduction computes, declared so that kernels pick a fast path.

    The circuit layers branch on this (never on a structure's name or a function's
    identity): `SUM` layers become fused gather-sums, `PROD` ones get quotient and
    division-free gradients, `MAX`/`MIN` send the gradient to one extremal child,
    `LOGSUMEXP` uses its softmax gradient. `OTHER` (the default) runs the reduction
    itself under autograd: always correct, only slower. Declare a kind only when the
    function computes exactly that.
    """

    SUM = "sum"
    PROD = "prod"
    MAX = "max"
    MIN = "min"
    LOGSUMEXP = "logsumexp"
    OTHER = "other"


class Score(Enum):
    """What a structure's carrier values mean to a training loss.

    `LIKELIHOOD`: probabilities or product t-norm degrees in [0, 1] (negative log);
    `LOG_LIKELIHOOD`: their logarithms (negation); `DEGREE`: truth degrees in [0, 1]
    (dissatisfaction `1 - value`); `NONE` (the default): no loss is defined.
    """

    LIKELIHOOD = "likelihood"
    LOG_LIKELIHOOD = "log-likelihood"
    DEGREE = "degree"
    NONE = "none"


@dataclass(frozen=True)
class AlgebraicStructure:
    """An algebraic structure (semiring, t-norm/t-conorm pair, ...) as a value.

    Attributes:
        name: the registry name, e.g. `"logprob"`.
        zero: the neutral element of `add` (value of FALSE).
        one: the neutral element of `mul` (value of TRUE).
        add: n-ary OR: reduces dimension 0 of a `[k, ...]` tensor.
        mul: n-ary AND: reduces dimension 0 of a `[k, ...]` tensor.
        negate: carrier value of a literal -> value of its negation, or None when the
            structure has no truth-functional negation (use `literals` instead).
        encode: input probability -> carrier value (elementwise).
        decode: carrier value -> reported value (elementwise).
        compiled: True: evaluate the knowledge-compiled (d-DNNF/SDD) circuit;
            False: evaluate the circuit of the ground formula's own structure.
        differentiable: whether gradients through the structure are meaningful.
        encode_categorical: distribution -> carrier for a whole categorical distribution
            along a dimension, when that is not elementwise (possibility transforms).
        description: one line for listings and error messages.
        condition: `(joint, evidence) -> value given the evidence` (division for
            `probability`, subtraction for `logprob`), or None when the structure reports
            the joint value of query and evidence.
        scalar: the same operations on Python floats, or None; with them a one-off query
            is evaluated without torch (`cortexlog.compile.evaluate`).
        add_kind: what `add` computes (`Reduction`); the circuit kernels branch on it.
        mul_kind: what `mul` computes (`Reduction`).
        score: what the carrier values mean to a training loss (`Score`).
        relaxation: how comparisons of real values (`X =< 0.5`) become carrier values
            (`Relaxation`), or None when the structure does not evaluate real-valued
            logic (`cortexlog.realvalued`).
    """

    name: str
    zero: float
    one: float
    add: Reduce
    mul: Reduce
    negate: Unary | None
    encode: Unary
    decode: Unary
    compiled: bool
    differentiable: bool = True
    encode_categorical: Categorical | None = None
    description: str = ""
    condition: Binary | None = None
    scalar: ScalarOps | None = None
    add_kind: Reduction = Reduction.OTHER
    mul_kind: Reduction = Reduction.OTHER
    score: Score = Score.NONE
    relaxation: Relaxation | None = None

    def plus(self, a: Tensor, b: Tensor) -> Tensor:
        """Binary OR of two carrier tensors of the same shape.

        Args:
            a: left operand.
            b: right operand.

        Returns:
            `add` of the two.
        """
        import torch

        return self.add(torch.stack(torch.broadcast_tensors(a, b)))

    def times(self, a: Tensor, b: Tensor) -> Tensor:
        """Binary AND of two carrier tensors of the same shape.

        Args:
            a: left operand.
            b: right operand.

        Returns:
            `mul` of the two.
        """
        import torch

        return self.mul(torch.stack(torch.broadcast_tensors(a, b)))

    def negation(self, x: Tensor) -> Tensor:
        """Negate carrier values, or raise `SemanticsError` if the structure cannot.

        Args:
            x: carrier values of literals.

        Returns:
            Carrier values of the negated literals.
        """
        if self.negate is None:
            raise SemanticsError(
                f"semantics '{self.name}' has no truth-functional negation",
                hint="encode negative literals from probabilities with `literals(p)`",
            )
        return self.negate(x)

    def encode_distribution(self, p: Tensor, dim: int = -1) -> Tensor:
        """Encode a categorical distribution (probabilities along `dim`) to the carrier.

        Args:
            p: probabilities, summing to 1 along `dim`.
            dim: the dimension of the outcomes.

        Returns:
            Carrier values of the indicator literals, same shape as `p`.
        """
        if self.encode_categorical is not None:
            return self.encode_categorical(p, dim)
        return self.encode(p)

    def literals(self, p: Tensor) -> tuple[Tensor, Tensor]:
        """Carrier values of the positive and negative literals of Boolean facts.

        Args:
            p: probabilities that the facts are true, any shape.

        Returns:
            `(pos, neg)`: carrier values of `x` and of `not x`, each shaped like `p`.

        >>> import torch
        >>> pos, neg = get_semantics("probability").literals(torch.tensor([0.25]))
        >>> pos.item(), neg.item()
        (0.25, 0.75)
        """
        if self.encode_categorical is not None:
            import torch

            both = self.encode_categorical(torch.stack([p, 1.0 - p], dim=-1), -1)
            return both[..., 0], both[..., 1]
        return self.encode(p), self.encode(1.0 - p)


_REGISTRY: dict[str, AlgebraicStructure] = {}


def register(structure: AlgebraicStructure, *, replace: bool = False) -> AlgebraicStructure:
    """Add a structure to the registry under `structure.name`.

    Args:
        structure: the structure to register.
        replace: allow replacing an existing structure of the same name.

    Returns:
        The structure (so `register` can be used inline).
    """
    if structure.name in _REGISTRY and not replace:
        raise SemanticsError(
            f"semantics '{structure.name}' is already registered",
            hint="pick another name or pass replace=True",
        )
    _REGISTRY[structure.name] = structure
    return structure


def available_semantics() -> tuple[str, ...]:
    """The registered names, sorted.

    Returns:
        A tuple of names.
    """
    return tuple(sorted(_REGISTRY))


def get_semantics(name: str | AlgebraicStructure) -> AlgebraicStructure:
    """Look a structure up by name (a structure value is returned unchanged).

    Args:
        name: a registered name, or a structure.

    Returns:
        The structure.

    >>> get_semantics("godel").compiled
    False
    """
    if isinstance(name, AlgebraicStructure):
        return name
    found = _REGISTRY.get(name)
    if found is None:
        raise SemanticsError(
            f"unknown semantics '{name}'",
            hint="valid names: " + ", ".join(available_semantics()),
        )
    return found
