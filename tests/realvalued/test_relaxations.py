"""The comparisons' relaxations (issue 14): hand-computed values and gradcheck (float64)."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.realvalued import ConstraintModule
from cortexlog.semantics import get_semantics
from cortexlog.semantics.relax import centred_ramp, hinge_leq, hinge_lt, logistic


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_each_fuzzy_structure_declares_its_relaxation() -> None:
    assert get_semantics("product").relaxation.leq is logistic  # type: ignore[union-attr]
    assert get_semantics("godel").relaxation.leq is centred_ramp  # type: ignore[union-attr]
    luk = get_semantics("lukasiewicz").relaxation
    assert luk is not None and (luk.leq, luk.lt) == (hinge_leq, hinge_lt)
    for name in ("probability", "logprob", "boolean", "mpe"):
        assert get_semantics(name).relaxation is None


@pytest.mark.parametrize(("fn", "margin", "k", "expected"), [
    (logistic, 0.0, 10.0, 0.5),
    (logistic, 0.1, 10.0, _sigmoid(1.0)),
    (logistic, -0.3, 2.0, _sigmoid(-0.6)),
    (centred_ramp, 0.0, 10.0, 0.5),
    (centred_ramp, 0.02, 10.0, 0.7),
    (centred_ramp, -0.02, 10.0, 0.3),
    (centred_ramp, 1.0, 10.0, 1.0),
    (hinge_leq, 0.0, 10.0, 1.0),
    (hinge_leq, -0.03, 10.0, 0.7),
    (hinge_leq, -1.0, 10.0, 0.0),
    (hinge_lt, 0.0, 10.0, 0.0),
    (hinge_lt, 0.03, 10.0, 0.3),
    (hinge_lt, 0.5, 10.0, 1.0),
])
def test_relaxations_by_hand(fn, margin: float, k: float, expected: float) -> None:  # noqa: ANN001
    got = fn(torch.tensor(margin, dtype=torch.float64), k).item()
    assert got == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("fn", [logistic, centred_ramp, hinge_leq, hinge_lt])
def test_negation_is_the_flipped_strict_comparison(fn) -> None:  # noqa: ANN001
    m = torch.linspace(-0.3, 0.3, 13, dtype=torch.float64)
    relax = {logistic: (logistic, logistic), centred_ramp: (centred_ramp, centred_ramp),
             hinge_leq: (hinge_leq, hinge_lt), hinge_lt: (hinge_leq, hinge_lt)}[fn]
    assert torch.allclose(1.0 - relax[0](m, 4.0), relax[1](-m, 4.0))


@pytest.mark.parametrize("fn", [logistic, centred_ramp, hinge_leq, hinge_lt])
def test_relaxations_gradcheck(fn) -> None:  # noqa: ANN001
    # margins away from the kinks of the piecewise-linear ones
    m = torch.tensor([-0.37, -0.013, 0.021, 0.06, 0.33], dtype=torch.float64,
                     requires_grad=True)
    k = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(fn, (m, k))


@pytest.mark.parametrize("semantics", ["product", "godel", "lukasiewicz"])
def test_a_compiled_comparison_gradchecks(semantics: str) -> None:
    m = ConstraintModule.from_string("query(dist(X, [0.5, 0.5]) =< r).", semantics,
                                     sharpness=3.0)
    x = torch.tensor([[0.1, 0.2], [0.7, 0.4], [0.5, 0.9]], dtype=torch.float64,
                     requires_grad=True)
    r = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(
        lambda x, r: m.degrees(X=x, r=r)["dist(X,[0.5, 0.5])=<r"], (x, r))
