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
from cortexlog.semantics.structure import AlgebraicStructure
from cortexlog.tasks.mnist_addition import (
    addition_queries,
    constraint_query,
    n_sums,
    placeholders,
)
from cortexlog.tasks.nets import LeNet, SumNet
from cortexlog.train.loop import Objective
from cortexlog.train.losses import ValueLoss

DIGIT_NET = "mnist_net"
SUM_NET = "sum_net"


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


class ArchitectureObjective(Objective):
    """Logic in the architecture: the circuit computes the label's value; loss on it.

    Args:
        ast: the addition program (defines `addition/3` over `digit/2`).
        digits: N.
        semantics: the algebraic structure (resolved at the edge).
        loss: the matching loss of that semantics.
        networks: user networks by name; missing ones get the defaults.
        image_size: image side (for default networks).
    """

    label_col: torch.Tensor  # sum label -> output column
    col_sum: torch.Tensor  # output column -> its sum

    def __init__(self, ast: ProgramAST, digits: int, semantics: AlgebraicStructure,
                 loss: ValueLoss, networks: Mapping[str, nn.Module] | None = None,
                 image_size: int = 28) -> None:
        super().__init__()
        self.digits = digits
        self.nets = bind_networks(ast, networks or {}, default_networks(digits, image_size))
        self.pattern = QueryPattern.from_program(ast, addition_queries(digits), semantics)
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


class _Detached(nn.Module):
    """Serves precomputed logits, detached: the constraint's view of the sum head."""

    def __init__(self, logits: torch.Tensor) -> None:
        super().__init__()
        self.logits = logits.detach()

    def forward(self, *images: torch.Tensor) -> torch.Tensor:
        """The stored logits (the images were already read by the sum head)."""
        return self.logits


class ConstraintObjective(Objective):
    """Logic in the loss: digit and sum heads, plus the rule `sum = d1 + d2` as a loss term.

    The sum head is trained with cross-entropy on the label; the rule's satisfaction
    (`consistent(...)` under the semantics: semantic loss for probability, t-norm degree
    for fuzzy logics) is added with weight `weight`. Prediction uses the networks alone:
    `test_metric` is the sum head's accuracy (`sum_accuracy`); the accuracy of the sum
    of the digit head's predictions is reported as `digit_sum_accuracy`.

    Two measures keep the rule from collapsing both heads (docs/experiments.md):
    the sum head enters the constraint as a fixed teacher (stop-gradient; it learns from
    the label only), and the constraint is off for the first `warmup` training steps, so
    the digit head is not driven towards the untrained sum head's marginal.

    Args:
        ast: the addition program extended by `constraint_clauses(digits)`.
        digits: N.
        semantics: the algebraic structure.
        loss: its matching loss.
        networks: user networks by name; missing ones get the defaults.
        image_size: image side.
        weight: weight of the constraint term.
        warmup: training steps with the constraint off.
        detach_sum: stop the constraint's gradient into the sum head.
    """

    test_metric = "sum_accuracy"
    steps: torch.Tensor  # training steps taken (a buffer, so checkpoints keep it)

    def __init__(self, ast: ProgramAST, digits: int, semantics: AlgebraicStructure,
                 loss: ValueLoss, networks: Mapping[str, nn.Module] | None = None,
                 image_size: int = 28, weight: float = 1.0, warmup: int = 150,
                 detach_sum: bool = True) -> None:
        super().__init__()
        self.digits = digits
        self.weight = weight
        self.warmup = warmup
        self.detach_sum = detach_sum
        self.nets = bind_networks(ast, networks or {}, default_networks(digits, image_size))
        self.pattern = QueryPattern.from_program(ast, [constraint_query(digits)], semantics)
        self.loss_fn = loss
        self._order = _digit_order(self.pattern, digits)
        self.register_buffer("steps", torch.zeros((), dtype=torch.long))

    def terms(self, images: torch.Tensor, sums: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Per-example cross-entropy of the sum head and the constraint's loss.

        Args:
            images: [B, 2N, 1, H, W].
            sums: [B] labels.

        Returns:
            `(ce [B], constraint loss [B])`.
        """
        imgs = [images[:, i] for i in range(2 * self.digits)]
        logits = self.nets[SUM_NET](*imgs)
        nets = dict(self.nets.items())
        if self.detach_sum:
            nets[SUM_NET] = _Detached(logits)
        values, _ = self.pattern(_sources(images, self.digits), nets)
        ce = nn.functional.cross_entropy(logits, sums, reduction="none")
        return ce, self.loss_fn(values[:, 0])

    def forward(self, images: torch.Tensor, sums: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the sum head plus the constraint's dissatisfaction (after warmup)."""
        ce, rule = self.terms(images, sums)
        on = float(int(self.steps) >= self.warmup)
        if self.training:
            self.steps += 1
        return (ce + on * self.weight * rule).mean()

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The sum head's and the digit head's most likely classes."""
        imgs = [images[:, i] for i in range(2 * self.digits)]
        pred_sum = self.nets[SUM_NET](*imgs).argmax(-1)
        digit = self.nets[DIGIT_NET](torch.cat(imgs)).argmax(-1).view(len(imgs), -1).T
        return pred_sum, digit
