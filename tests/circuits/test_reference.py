"""Every fast path of `CircuitModule` against the node-by-node reference evaluator.

Values and gradients, for every built-in structure, on random compiled circuits (random
CNF -> PySDD) and random formula circuits, both bucket layouts, batch 1 (segment
products) and larger batches, float32 and float64, with exact zeros, ones and subnormal
inputs mixed in (they switch the backward from the quotient walk to the division-free one).
"""

from __future__ import annotations

import random

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from cortexlog.circuits import CircuitModule
from cortexlog.circuits.ir import Circuit, CircuitBuilder
from cortexlog.circuits.reference import reference_evaluate
from cortexlog.semantics import builtin
from cortexlog.semantics.structure import AlgebraicStructure

from .randcirc import compile_cnfs, random_cnf, random_formula

BUILTIN = sorted((v for v in vars(builtin).values() if isinstance(v, AlgebraicStructure)),
                 key=lambda s: s.name)
TOL = {torch.float32: (1e-4, 1e-5), torch.float64: (1e-10, 1e-12)}  # rtol, atol


def _circuit(rng: random.Random, compiled: bool, n_vars: int) -> Circuit:
    if compiled:
        return compile_cnfs([random_cnf(rng, n_vars, rng.randint(1, 2 * n_vars))
                             for _ in range(rng.randint(1, 3))], n_vars)
    return random_formula(rng, n_vars, rng.randint(1, 3 * n_vars))  # n_vars >= 2


def _probabilities(rng: random.Random, batch: int, n_vars: int, dtype: torch.dtype,
                   special: float) -> torch.Tensor:
    """Uniform probabilities, a fraction `special` replaced by 0, 1, subnormals or tiny.

    Subnormals stay >= tiny/8: the reference's product gradient (torch's, a division of
    the product by the factor) then errs by < 2**-149 / (tiny/8) ~ 1e-6 (float32) where a
    product is subnormal; the fast path's division-free walk is exact there.
    """
    tiny = torch.finfo(dtype).tiny
    specials = [0.0, 1.0, tiny / 8, tiny * 4, 1.0 - 2**-20]
    rows = [[rng.choice(specials) if rng.random() < special else rng.random()
             for _ in range(n_vars)] for _ in range(batch)]
    return torch.tensor(rows, dtype=dtype)


def _vjp(f, pos: torch.Tensor, neg: torch.Tensor, go: torch.Tensor):
    """`f(pos, neg)` and the gradients of `sum(go * f)` w.r.t. pos and neg (0 if unused)."""
    p, q = pos.clone().requires_grad_(True), neg.clone().requires_grad_(True)
    out = f(p, q)
    grads: tuple = (None, None)
    if out.requires_grad:  # a circuit of constant outputs reads no input
        grads = torch.autograd.grad(out, (p, q), go, allow_unused=True)
    return out.detach(), *(torch.zeros_like(x) if g is None else g
                           for g, x in zip(grads, (p, q), strict=True))


@pytest.mark.parametrize("structure", BUILTIN, ids=lambda s: s.name)
@settings(derandomize=True, max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), compiled=st.booleans(), n_vars=st.integers(1, 8),
       batch=st.sampled_from([1, 2, 7]), dtype=st.sampled_from([torch.float32, torch.float64]),
       special=st.sampled_from([0.0, 0.3, 1.0]))
def test_circuit_module_agrees_with_the_reference(structure, seed, compiled, n_vars, batch,
                                                  dtype, special):
    rng = random.Random(seed)
    n_vars = max(n_vars, 1 if compiled else 2)
    circuit = _circuit(rng, compiled, n_vars)
    pos, neg = structure.literals(_probabilities(rng, batch, n_vars, dtype, special))
    go = torch.tensor([[rng.random() for _ in circuit.outputs] for _ in range(batch)],
                      dtype=dtype)
    rtol, atol = TOL[dtype]
    want, *want_grads = _vjp(lambda p, q: reference_evaluate(circuit, structure, p, q),
                             pos, neg, go)
    module = CircuitModule(circuit, structure)
    with torch.no_grad():  # the pooled, autograd-free path
        torch.testing.assert_close(module(pos, neg), want, rtol=rtol, atol=atol,
                                   equal_nan=True)
    for layout in module.programs:
        module.program_for = lambda _, layout=layout: layout  # type: ignore[method-assign]
        got, *got_grads = _vjp(module, pos, neg, go)
        torch.testing.assert_close(got, want, rtol=rtol, atol=atol, equal_nan=True)
        if structure.differentiable:
            torch.testing.assert_close(got_grads, want_grads, rtol=rtol, atol=atol,
                                       equal_nan=True)


def test_the_reference_is_the_definition_on_a_hand_computed_circuit():
    # (x0 AND NOT x1) OR x2, under probability: 0.5 * 0.75 + 0.1 (not a d-DNNF: plain sum)
    b = CircuitBuilder(n_vars=3)
    c = b.build([b.disj([b.conj([b.literal(0), b.literal(1, positive=False)]),
                         b.literal(2)]), b.true(), b.false()])
    p = torch.tensor([[0.5, 0.25, 0.1]], dtype=torch.float64, requires_grad=True)
    out = reference_evaluate(c, builtin.PROBABILITY, p, 1 - p)
    torch.testing.assert_close(out, torch.tensor([[0.475, 1.0, 0.0]], dtype=torch.float64))
    (grad,) = torch.autograd.grad(out[0, 0], p)
    torch.testing.assert_close(grad, torch.tensor([[0.75, -0.5, 1.0]], dtype=torch.float64))
    assert torch.autograd.gradcheck(
        lambda x: reference_evaluate(c, builtin.LOGPROB, x.log(), (1 - x).log())[:, 0],
        (p.detach().clone().requires_grad_(True),))
