"""The quotient reverse schedule (products by division) vs the division-free one."""

from __future__ import annotations

import math
import random

import pytest
import torch

from cortexlog.circuits import CircuitModule
from cortexlog.circuits.ir import CircuitBuilder
from cortexlog.circuits.kernels import divisible

from .randcirc import compile_cnfs, random_cnf


def _grads(m: CircuitModule, pos: torch.Tensor, neg: torch.Tensor, layout: int):
    """Input gradients of `sum(m(pos, neg))` through one forced layout."""
    m.program_for = lambda batch: m.programs[layout]  # type: ignore[method-assign]
    p, q = pos.clone().requires_grad_(True), neg.clone().requires_grad_(True)
    m(p, q).sum().backward()
    return p.grad, q.grad


@pytest.mark.parametrize("name", ["probability", "mpe", "product"])
def test_quotient_gradients_equal_division_free_ones(name):
    rng = random.Random(21)
    for i in range(4):
        c = compile_cnfs([random_cnf(rng, 8, 12) for _ in range(2)], 8)
        g = torch.Generator().manual_seed(i)
        pos = torch.rand(5, 8, generator=g, dtype=torch.float64) * 0.9 + 0.05
        neg = torch.rand(5, 8, generator=g, dtype=torch.float64) * 0.9 + 0.05
        quick, slow = CircuitModule(c, name), CircuitModule(c, name)
        for program in slow.programs:
            program.quick = None  # only the division-free schedule is left
        for layout in (0, 1):
            want = _grads(slow, pos, neg, layout)
            got = _grads(quick, pos, neg, layout)
            assert "quick" in quick.programs[layout].pool._free  # the quotient walk ran
            torch.testing.assert_close(got, want, rtol=1e-12, atol=1e-15)


def test_underflowing_product_falls_back_to_exact_gradients():
    # 1e-30 * 1e-20 underflows float32 to 0, but each factor's gradient is representable
    b = CircuitBuilder(n_vars=2)
    m = CircuitModule(b.build([b.conj([b.literal(0), b.literal(1)])]), "probability")
    pos = torch.tensor([[1e-30, 1e-20]], requires_grad=True)
    out = m(pos, 1.0 - pos.detach())
    assert out.item() == 0.0
    out.sum().backward()
    torch.testing.assert_close(pos.grad, torch.tensor([[1e-20, 1e-30]]))


def test_divisible_needs_finite_normal_nonzero_floats():
    assert divisible(torch.tensor([[0.5, 2.0], [-3.0, 1e-30]]))
    assert divisible(torch.zeros(0, 3))
    assert not divisible(torch.tensor([0.5, 0.0]))
    assert not divisible(torch.tensor([0.5, -0.0]))
    assert not divisible(torch.tensor([1e-40, 1.0]))  # subnormal in float32
    assert not divisible(torch.tensor([-1e-40, 1.0]))
    assert not divisible(torch.tensor([1.0, math.inf]))
    assert not divisible(torch.tensor([-math.inf, 1.0]))
    assert not divisible(torch.tensor([1.0, math.nan]))
    assert not divisible(torch.tensor([1, 2]))
