"""Surrogate spike functions: Heaviside forward, analytic derivative backward (gradcheck)."""

from __future__ import annotations

import pytest
import torch

from cortexlog.brain import ARCTAN, FAST_SIGMOID, TRIANGLE, Surrogate, surrogate
from cortexlog.errors import CortexlogError

ALL = [FAST_SIGMOID, ARCTAN, TRIANGLE, Surrogate("fast_sigmoid", 3.0), Surrogate("triangle", 2.5)]


@pytest.mark.parametrize("s", ALL, ids=str)
def test_forward_is_heaviside(s: Surrogate) -> None:
    x = torch.tensor([-2.0, -1e-6, 0.0, 1e-6, 3.0])
    assert s.spike(x).tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("s", ALL, ids=str)
def test_backward_is_derivative_of_primitive(s: Surrogate) -> None:
    # gradcheck the smooth primitive: its autograd derivative is exact
    x = (torch.linspace(-2, 2, 41, dtype=torch.float64) + 0.013).requires_grad_()
    assert torch.autograd.gradcheck(s.primitive, (x,))
    (ref,) = torch.autograd.grad(s.primitive(x).sum(), x)
    (got,) = torch.autograd.grad(s.spike(x).sum(), x)
    assert torch.allclose(got, ref, atol=1e-12)
    assert torch.allclose(s.derivative(x.detach()), ref, atol=1e-12)
    assert torch.allclose(s.derivative_(x.detach().clone()), ref, atol=1e-12)


@pytest.mark.parametrize("s", [FAST_SIGMOID, ARCTAN, TRIANGLE], ids=str)
def test_surrogate_integrates_to_one(s: Surrogate) -> None:
    x = torch.linspace(-2000, 2000, 2_000_001, dtype=torch.float64)
    area = torch.trapezoid(s.derivative(x), x).item()
    assert area == pytest.approx(1.0, abs=2e-3)


def test_hand_values() -> None:
    x = torch.tensor([0.0, 0.1], dtype=torch.float64)
    assert FAST_SIGMOID.derivative(x).tolist() == pytest.approx([5.0, 10 / (2 * 4)])
    assert ARCTAN.derivative(x)[0].item() == pytest.approx(1.0)
    assert TRIANGLE.derivative(x).tolist() == pytest.approx([1.0, 0.9])


def test_unknown_name() -> None:
    with pytest.raises(CortexlogError, match="fast_sigmoid"):
        surrogate("relu")
    with pytest.raises(CortexlogError):
        Surrogate("nope", 1.0)
