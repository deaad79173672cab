"""Training objectives for MNIST addition: logic in the architecture, in the loss, or none.

Each objective is an `nn.Module` with `forward(images [B, 2N, 1, H, W], sums [B]) -> loss`
and `predict(images) -> (sums [B], digits [B, 2N])`, the interface `train.loop` uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import torch
from torch import nn

from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Num
from cortexlog.neural.networks import bind_networks
from cortexlog.neural.pattern import QueryPattern
from cortexlog.tasks.mnist_addition import (
    addition_queries,
    constraint_query,
    n_sums,
    placeholders,
)
from cortexlog.tasks.nets import LeNet, SumNet
from cortexlog.train.losses import ValueLoss

DIGIT_NET = "mnist_net"
SUM_NET = "sum_net"
_EPS = 1e-12


def _sources(images: torch.Tensor, digits: int) -> dict[str, torch.Tensor]:
    return {name: images[:, i] for i, name in enumerate(placeholders(digits))}


def _digit_order(pattern: QueryPattern, digits: int) -> list[int]:
    calls = pattern.calls.calls.get(DIGIT_NET, ())
    where = {c[0]: i for i, c in enumerate(calls)}
    return [where[p] for p in placeholders(digits)]


def default_networks(digits: int, image_size: int) -> dict[str, Callable[[], nn.Module]]:
    """Factories of the default networks: LeNet digits and a LeNet-based sum head."""
    return {
        DIGIT_NET: lambda: LeNet(10, image_size),
        SUM_NET: lambda: SumNet(2 * digits, n_sums(digits), image_size),
    }


class ArchitectureObjective(nn.Module):
    """Logic in the architecture: the circuit computes the label's value; loss on it.

    Args:
        ast: the addition program (defines `addition/3` over `digit/2`).
        digits: N.
        semantics: the algebraic structure (resolved at the edge).
        loss: the matching loss of that semantics.
        networks: user networks by name; missing ones get the defaults.
        image_size: image side (for default networks).
    """

    def __init__(self, ast: ProgramAST, digits: int, semantics: object, loss: ValueLoss,
                 networks: Mapping[str, nn.Module] | None = None, image_size: int = 28) -> None:
        super().__init__()
        self.digits = digits
        self.nets = bind_networks(ast, networks or {}, default_networks(digits, image_size))
        self.pattern = QueryPattern.from_program(ast, addition_queries(digits), semantics)  # type: ignore[arg-type]
        self.loss_fn = loss
        cols = self.pattern.column_of(addition_queries(digits))
        self.register_buffer("label_col", torch.tensor(cols), persistent=False)
        col_sum = [int(q.args[-1].value) if isinstance(q.args[-1], Num) else -1
                   for q in self.pattern.queries]
        self.register_buffer("col_sum", torch.tensor(col_sum), persistent=False)
        self._order = _digit_order(self.pattern, digits)

    def values(self, images: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Carrier values of every `addition(..., s)` query for a batch."""
        return self.pattern(_sources(images, self.digits), self.nets)

    def forward(self, images: torch.Tensor, sums: torch.Tensor) -> torch.Tensor:
        """Mean loss of the label queries' values."""
        values, _ = self.values(images)
        chosen = values.gather(1, self.label_col[sums].unsqueeze(1)).squeeze(1)
        return self.loss_fn(chosen).mean()

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The sum whose query has the highest value; each image's most likely digit."""
        values, outputs = self.values(images)
        digit = outputs[DIGIT_NET].argmax(-1)[self._order].T
        return self.col_sum[values.argmax(1)], digit


class ConstraintObjective(nn.Module):
    """Logic in the loss: digit and sum heads, plus the rule `sum = d1 + d2` as a loss term.

    The sum head is trained with cross-entropy on the label; the rule's satisfaction
    (`consistent(...)` under the semantics: semantic loss for probability, t-norm degree
    for fuzzy logics) is added with weight `weight`. Prediction uses the networks alone.

    Args:
        ast: the addition program extended by `constraint_clauses(digits)`.
        digits: N.
        semantics: the algebraic structure.
        loss: its matching loss.
        networks: user networks by name; missing ones get the defaults.
        image_size: image side.
        weight: weight of the constraint term.
    """

    def __init__(self, ast: ProgramAST, digits: int, semantics: object, loss: ValueLoss,
                 networks: Mapping[str, nn.Module] | None = None, image_size: int = 28,
                 weight: float = 1.0) -> None:
        super().__init__()
        self.digits = digits
        self.weight = weight
        self.nets = bind_networks(ast, networks or {}, default_networks(digits, image_size))
        self.pattern = QueryPattern.from_program(ast, [constraint_query(digits)], semantics)  # type: ignore[arg-type]
        self.loss_fn = loss
        self._order = _digit_order(self.pattern, digits)

    def forward(self, images: torch.Tensor, sums: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the sum head plus the constraint's dissatisfaction."""
        values, outputs = self.pattern(_sources(images, self.digits), self.nets)
        p_sum = outputs[SUM_NET][0]
        ce = -torch.log(p_sum.gather(1, sums.unsqueeze(1)).squeeze(1).clamp_min(_EPS))
        return (ce + self.weight * self.loss_fn(values[:, 0])).mean()

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The sum head's and the digit head's most likely classes."""
        imgs = [images[:, i] for i in range(2 * self.digits)]
        pred_sum = self.nets[SUM_NET](*imgs).argmax(-1)
        digit = self.nets[DIGIT_NET](torch.cat(imgs)).argmax(-1).view(len(imgs), -1).T
        return pred_sum, digit
