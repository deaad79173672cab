"""How a query's value under a semantics becomes a loss (a value per structure, no switches).

`probability`, `mpe` and `product` values are probabilities or t-norm degrees: the loss is
their negative log. `logprob` values are already log-probabilities: the loss is their
negation. `godel`, `lukasiewicz` and `possibilistic` values are truth degrees whose
natural loss is the dissatisfaction `1 - value`. `boolean` is not differentiable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from cortexlog.errors import SemanticsError
from cortexlog.semantics.structure import AlgebraicStructure, get_semantics

_EPS = 1e-12


@dataclass(frozen=True)
class ValueLoss:
    """Turns carrier values of the query that should hold into a per-example loss.

    Attributes:
        name: a short name for configs and reports.
        fn: carrier values `[B]` -> losses `[B]`.
    """

    name: str
    fn: Callable[[torch.Tensor], torch.Tensor]

    def __call__(self, values: torch.Tensor) -> torch.Tensor:
        """Per-example losses of carrier values."""
        return self.fn(values)


NLL = ValueLoss("nll", lambda v: -torch.log(v.clamp_min(_EPS)))
LOG_NLL = ValueLoss("log-nll", lambda v: -v.clamp_min(-1.0 / _EPS))
DISSATISFACTION = ValueLoss("1-value", lambda v: 1.0 - v)

LOSS_OF_SEMANTICS: dict[str, ValueLoss] = {
    "probability": NLL,
    "mpe": NLL,
    "product": NLL,
    "logprob": LOG_NLL,
    "godel": DISSATISFACTION,
    "lukasiewicz": DISSATISFACTION,
    "possibilistic": DISSATISFACTION,
}


def trainable_semantics(name: str) -> tuple[AlgebraicStructure, ValueLoss]:
    """Resolve a semantics name for training: the structure and its matching loss.

    Args:
        name: a registered semantics name.

    Returns:
        `(structure, loss)`.

    >>> trainable_semantics("logprob")[1].name
    'log-nll'
    """
    structure = get_semantics(name)
    loss = LOSS_OF_SEMANTICS.get(structure.name)
    if loss is None or not structure.differentiable:
        valid = ", ".join(sorted(LOSS_OF_SEMANTICS))
        raise SemanticsError(
            f"semantics '{structure.name}' cannot be trained with gradients",
            hint=f"trainable semantics: {valid}",
        )
    return structure, loss
