"""How a query's value under a semantics becomes a loss, chosen by the structure's `score`.

`Score.LIKELIHOOD` (`probability`, `mpe`, `product`): probabilities or t-norm degrees, the
loss is their negative log (binary cross-entropy for a target t < 1:
`-t log v - (1-t) log(1-v)`). `Score.LOG_LIKELIHOOD` (`logprob`): already
log-probabilities, the loss is their negation (and `-log(1 - e^v)` for the false part).
`Score.DEGREE` (`godel`, `lukasiewicz`, `possibilistic`): truth degrees whose natural loss
is the dissatisfaction `|t - value|`. `boolean` is not differentiable; a structure with
`Score.NONE` (the default of a user structure) has no loss.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from cortexlog.errors import SemanticsError
from cortexlog.semantics.structure import (
    AlgebraicStructure,
    Score,
    available_semantics,
    get_semantics,
)

_EPS = 1e-12


@dataclass(frozen=True)
class ValueLoss:
    """Turns carrier values of the query that should hold into a per-example loss.

    Attributes:
        name: a short name for configs and reports.
        fn: carrier values `[B]` of queries that should hold -> losses `[B]`.
        false_fn: carrier values `[B]` of queries that should fail -> losses `[B]`.
    """

    name: str
    fn: Callable[[torch.Tensor], torch.Tensor]
    false_fn: Callable[[torch.Tensor], torch.Tensor]

    def __call__(self, values: torch.Tensor, targets: torch.Tensor | None = None) -> torch.Tensor:
        """Per-example losses of carrier values against targets (default: all 1).

        Args:
            values: carrier values `[B]`.
            targets: target probabilities `[B]` in [0, 1], or None for all 1.

        Returns:
            Losses `[B]`; the false part is skipped where the target is exactly 1 and the
            true part where it is exactly 0 (no `0 * inf`).
        """
        true = self.fn(values)
        if targets is None:
            return true
        false = self.false_fn(values)
        zero = torch.zeros_like(true)
        return (torch.where(targets > 0, targets * true, zero)
                + torch.where(targets < 1, (1 - targets) * false, zero))


def _log1mexp(v: torch.Tensor) -> torch.Tensor:
    from cortexlog.semantics import ops

    return ops.log1mexp(v.clamp_max(-_EPS))


def _tiny(v: torch.Tensor) -> float:
    """The least normal positive value of `v`'s dtype: probabilities are clamped there,
    not higher, so that a query as unlikely as a 15-digit sum under untrained networks
    (~1e-16) still has a gradient (a clamp at 1e-12 silenced it)."""
    return torch.finfo(v.dtype).tiny


NLL = ValueLoss("nll", lambda v: -torch.log(v.clamp_min(_tiny(v))),
                lambda v: -torch.log((1 - v).clamp_min(_EPS)))
LOG_NLL = ValueLoss("log-nll", lambda v: -v.clamp_min(-1.0 / _EPS),
                    lambda v: -_log1mexp(v).clamp_min(-1.0 / _EPS))
DISSATISFACTION = ValueLoss("1-value", lambda v: 1.0 - v, lambda v: v)

LOSS_OF_SCORE: dict[Score, ValueLoss] = {
    Score.LIKELIHOOD: NLL,
    Score.LOG_LIKELIHOOD: LOG_NLL,
    Score.DEGREE: DISSATISFACTION,
}


def trainable_semantics(name: str | AlgebraicStructure) -> tuple[AlgebraicStructure, ValueLoss]:
    """Resolve a semantics name for training: the structure and its matching loss.

    Args:
        name: a registered semantics name (or a structure).

    Returns:
        `(structure, loss)`.

    >>> trainable_semantics("logprob")[1].name
    'log-nll'
    """
    structure = get_semantics(name)
    loss = LOSS_OF_SCORE.get(structure.score)
    if loss is None or not structure.differentiable:
        valid = ", ".join(_trainable_names())
        raise SemanticsError(
            f"semantics '{structure.name}' cannot be trained with gradients",
            hint=f"trainable semantics: {valid}",
        )
    return structure, loss


def _trainable_names() -> list[str]:
    """Registered semantics that are differentiable and declare a score."""
    return [n for n in available_semantics() if get_semantics(n).differentiable
            and get_semantics(n).score in LOSS_OF_SCORE]
