"""The training loss follows a structure's declared `score`, never its name."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from cortexlog.errors import SemanticsError
from cortexlog.semantics import builtin
from cortexlog.semantics.structure import Score
from cortexlog.train.losses import DISSATISFACTION, LOG_NLL, NLL, trainable_semantics


@pytest.mark.parametrize(("name", "loss"), [
    ("probability", NLL), ("mpe", NLL), ("product", NLL), ("logprob", LOG_NLL),
    ("godel", DISSATISFACTION), ("lukasiewicz", DISSATISFACTION),
    ("possibilistic", DISSATISFACTION),
])
def test_built_in_losses(name, loss):
    assert trainable_semantics(name)[1] is loss


def test_probability_under_another_name_gets_the_same_loss():
    mine = dataclasses.replace(builtin.PROBABILITY, name="my-probability")
    structure, loss = trainable_semantics(mine)
    assert structure is mine and loss is trainable_semantics("probability")[1]
    values, targets = torch.tensor([0.25, 0.5, 1.0]), torch.tensor([1.0, 0.5, 0.0])
    # hand-computed binary cross-entropy: -log .25, -(.5 log .5 + .5 log .5), -log(1e-12)
    want = torch.tensor([-torch.log(torch.tensor(0.25)), -torch.log(torch.tensor(0.5)),
                         -torch.log(torch.tensor(1e-12))])
    torch.testing.assert_close(loss(values, targets), want)


def test_no_declared_score_or_no_gradient_is_not_trainable():
    undeclared = dataclasses.replace(builtin.PROBABILITY, name="undeclared", score=Score.NONE)
    for structure in (undeclared, builtin.BOOLEAN):
        with pytest.raises(SemanticsError, match="cannot be trained") as err:
            trainable_semantics(structure)
        assert "probability" in (err.value.hint or "")


def test_an_unlikely_query_still_has_a_gradient():
    """-log v keeps its gradient down to the dtype's least normal value (a 15-digit sum
    under untrained networks has probability ~1e-16)."""
    loss = trainable_semantics("probability")[1]
    v = torch.tensor([1e-20, 0.0], requires_grad=True)
    (g,) = torch.autograd.grad(loss(v).sum(), [v])
    assert g[0] == pytest.approx(-1e20) and g[1] == 0.0
