"""Kernels are picked from a structure's declared capabilities, never its name (issue 15 item 4)."""

from __future__ import annotations

import dataclasses
import random

import pytest
import torch

from cortexlog.circuits import CircuitModule
from cortexlog.semantics import builtin, get_semantics
from cortexlog.semantics import structure as registry
from cortexlog.semantics.structure import AlgebraicStructure, Reduction

from .randcirc import compile_cnfs, random_cnf

BUILTIN = sorted((v for v in vars(builtin).values() if isinstance(v, AlgebraicStructure)),
                 key=lambda s: s.name)


def _circuit(seed: int = 3):
    rng = random.Random(seed)
    return compile_cnfs([random_cnf(rng, 7, 9) for _ in range(3)], 7)


def _kernels(m: CircuitModule) -> list[tuple]:
    """Per layout: forward step kinds, quotient walk present, launches and padded cells."""
    out = []
    for p in m.programs:
        walks = p.walks()
        out.append(([type(s).__name__ for s in walks.forward],
                    [type(s).__name__ for s in walks.forward1],
                    p.quick is not None, p.n_calls, p.n_cells))
    return out


def _run(m: CircuitModule, pos: torch.Tensor, neg: torch.Tensor):
    p, q = pos.clone().requires_grad_(True), neg.clone().requires_grad_(True)
    out = m(p, q)
    out.sum().backward()
    return out.detach(), p.grad, q.grad


def _inputs(structure: AlgebraicStructure, batch: int = 4):
    g = torch.Generator().manual_seed(5)
    return structure.literals(torch.rand(batch, 7, generator=g, dtype=torch.float64))


def test_probability_under_another_name_gets_the_same_values_and_kernels(monkeypatch):
    mine = dataclasses.replace(builtin.PROBABILITY, name="my-probability")
    monkeypatch.setitem(registry._REGISTRY, mine.name, mine)  # registered for this test only
    c = _circuit()
    ref, user = CircuitModule(c, "probability"), CircuitModule(c, "my-probability")
    assert user.structure is get_semantics("my-probability")
    assert _kernels(user) == _kernels(ref)
    pos, neg = _inputs(mine)
    for got, want in zip(_run(user, pos, neg), _run(ref, pos, neg), strict=True):
        assert torch.equal(got, want)


def test_own_functions_declaring_sum_and_product_get_the_fused_kernels():
    mine = dataclasses.replace(builtin.PROBABILITY, name="sum-product",
                               add=lambda x: x.sum(dim=0), mul=lambda x: x.prod(dim=0))
    c = _circuit()
    assert _kernels(CircuitModule(c, mine)) == _kernels(CircuitModule(c, builtin.PROBABILITY))


def test_the_kernels_follow_the_declaration_not_the_functions():
    # the built-in functions, but nothing declared: the generic autograd path
    plain = dataclasses.replace(builtin.PROBABILITY, name="undeclared",
                                add_kind=Reduction.OTHER, mul_kind=Reduction.OTHER)
    c = _circuit()
    slow, fast = CircuitModule(c, plain), CircuitModule(c, builtin.PROBABILITY)
    assert _kernels(slow) != _kernels(fast)
    assert not any(k[2] for k in _kernels(slow))  # no quotient walk without a declared PROD


@pytest.mark.parametrize("structure", BUILTIN, ids=lambda s: s.name)
def test_declared_kernels_equal_the_generic_path(structure):
    """Each built-in's declared kinds give the values and gradients of its own functions."""
    generic = dataclasses.replace(structure, name="generic", add_kind=Reduction.OTHER,
                                  mul_kind=Reduction.OTHER)
    c = _circuit(7)
    pos, neg = _inputs(structure, batch=3)
    got = _run(CircuitModule(c, structure), pos, neg)
    want = _run(CircuitModule(c, generic), pos, neg)
    torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12, equal_nan=True)
