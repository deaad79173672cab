"""Quantifier aggregators: the p-mean (exists) and p-mean-error (forall) of LTN.

With `stable=True` (LTN's default) the inputs are first pulled away from the point where
the gradient of `x ** (1/p)` is infinite: `(1 - eps) x + eps` for the p-mean (away from 0),
`(1 - eps) x` for the p-mean error (away from 1), with `eps = 1e-4`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor

    from cortexlog.semantics import AlgebraicStructure

EPS = 1e-4
KINDS = ("pmean", "pmean_error", "tnorm", "conorm")


def pmean(x: Tensor, dim: int | tuple[int, ...], p: float | Tensor = 2.0,
          stable: bool = True) -> Tensor:
    """The generalised mean `(mean(x ** p)) ** (1/p)`: LTN's existential aggregator.

    Args:
        x: truth degrees in [0, 1].
        dim: the dimension(s) aggregated.
        p: the exponent (1: the mean; large: towards the maximum).
        stable: shift the inputs to `(1 - eps) x + eps` first, as LTN does.

    Returns:
        `x` reduced over `dim`.

    >>> import torch
    >>> round(pmean(torch.tensor([0.0, 1.0]), 0, 2.0, stable=False).item(), 4)
    0.7071
    """
    if stable:
        x = (1.0 - EPS) * x + EPS
    return (x ** p).mean(dim=dim) ** (1.0 / p)


def pmean_error(x: Tensor, dim: int | tuple[int, ...], p: float | Tensor = 2.0,
                stable: bool = True) -> Tensor:
    """One minus the p-mean of the errors `1 - x`: LTN's universal aggregator.

    Args:
        x: truth degrees in [0, 1].
        dim: the dimension(s) aggregated.
        p: the exponent (1: the mean; large: towards the minimum).
        stable: shift the inputs to `(1 - eps) x` first, as LTN does.

    Returns:
        `x` reduced over `dim`.

    >>> import torch
    >>> round(pmean_error(torch.tensor([0.0, 1.0]), 0, 2.0, stable=False).item(), 4)
    0.2929
    """
    if stable:
        x = (1.0 - EPS) * x
    return 1.0 - ((1.0 - x) ** p).mean(dim=dim) ** (1.0 / p)


@dataclass(frozen=True)
class Aggregator:
    """How a quantifier reduces a batch dimension.

    Attributes:
        kind: `pmean`, `pmean_error`, `tnorm` (the structure's n-ary AND) or `conorm`
            (its n-ary OR).
        p: the exponent of the p-means: a number, or the name of a tensor (or float)
            passed to `forward` (so that `p` can follow a schedule).
        stable: LTN's stabilisation of the p-means.
    """

    kind: str
    p: float | str = 2.0
    stable: bool = True

    def __call__(self, x: Tensor, dim: int, structure: AlgebraicStructure,
                 params: dict[str, object]) -> Tensor:
        """Reduce dimension `dim` of the degrees `x`.

        Args:
            x: carrier values.
            dim: the dimension of the quantified variable.
            structure: supplies the t-norm and co-norm.
            params: the tensors passed to `forward` (where a named `p` is found).

        Returns:
            `x` without dimension `dim`.
        """
        if self.kind == "tnorm":
            return structure.mul(x.movedim(dim, 0))
        if self.kind == "conorm":
            return structure.add(x.movedim(dim, 0))
        p = params[self.p] if isinstance(self.p, str) else self.p
        fn = pmean if self.kind == "pmean" else pmean_error
        return fn(x, dim, p, self.stable)  # type: ignore[arg-type]
