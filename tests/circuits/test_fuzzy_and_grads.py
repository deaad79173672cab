"""Fuzzy structures vs a plain-Python evaluation of the formula; gradchecks; zero inputs."""

from __future__ import annotations

import math
import random

import pytest
import torch

from cortexlog.circuits import CircuitModule
from cortexlog.semantics import get_semantics

from .randcirc import compile_cnfs, eval_formula, models, random_cnf, random_formula

FUZZY = {
    "godel": (min, max),
    "product": (lambda a, b: a * b, lambda a, b: a + b - a * b),
    "lukasiewicz": (lambda a, b: max(0.0, a + b - 1.0), lambda a, b: min(1.0, a + b)),
}
N_FORMULAS = 1000


def _formulas():
    rng = random.Random(42)
    for _ in range(N_FORMULAS // 2):  # two outputs each
        n = rng.randint(2, 6)
        yield n, random_formula(rng, n, rng.randint(1, 8))


FORMULAS = list(_formulas())


@pytest.mark.parametrize("name", sorted(FUZZY))
def test_fuzzy_matches_recursive_formula_evaluation(name):
    and2, or2 = FUZZY[name]
    g = torch.Generator().manual_seed(7)
    for n, c in FORMULAS:
        pos = torch.rand(2, n, generator=g, dtype=torch.float64)
        neg = 1.0 - pos
        got = CircuitModule(c, name)(pos, neg)
        for i in range(2):
            want = eval_formula(c, pos[i].tolist(), neg[i].tolist(), and2, or2, 0.0, 1.0)
            torch.testing.assert_close(got[i], torch.tensor(want, dtype=torch.float64))


def test_logproduct_is_product_logic_in_log_space():
    g = torch.Generator().manual_seed(8)
    and2, or2 = FUZZY["product"]
    for n, c in FORMULAS[:200]:
        p = torch.rand(1, n, generator=g, dtype=torch.float64) * 0.98 + 0.01
        got = CircuitModule(c, "logproduct").evaluate(p)[0]
        want = eval_formula(c, p[0].tolist(), (1 - p[0]).tolist(), and2, or2, 0.0, 1.0)
        torch.testing.assert_close(got, torch.tensor(want, dtype=torch.float64))


def test_hand_computed_fuzzy_values():
    a, b = torch.tensor(0.75), torch.tensor(0.5)
    expect = {"godel": (0.5, 0.75), "product": (0.375, 0.875), "lukasiewicz": (0.25, 1.0)}
    for name, (t, s) in expect.items():
        st = get_semantics(name)
        assert st.times(a, b).item() == pytest.approx(t)
        assert st.plus(a, b).item() == pytest.approx(s)


def _small_circuits():
    rng = random.Random(5)
    compiled = []
    while len(compiled) < 3:  # satisfiable outputs only: log(0) has no finite difference
        cnfs = [random_cnf(rng, 4, 4), random_cnf(rng, 4, 3)]
        if all(len(models(cnf, 4)) for cnf in cnfs):
            compiled.append(compile_cnfs(cnfs, 4))
    formulas = [random_formula(rng, 4, 6) for _ in range(3)]
    return compiled, formulas


COMPILED, FORMULA_CIRCUITS = _small_circuits()
GRAD_STRUCTURES = ["probability", "logprob", "mpe", "possibilistic",
                   "godel", "product", "lukasiewicz", "logproduct"]


@pytest.mark.parametrize("name", GRAD_STRUCTURES)
def test_gradcheck(name):
    s = get_semantics(name)
    circuits = COMPILED if s.compiled else FORMULA_CIRCUITS
    g = torch.Generator().manual_seed(3)
    for c in circuits:
        p = torch.rand(3, 4, generator=g, dtype=torch.float64) * 0.9 + 0.05
        q = torch.rand(3, 4, generator=g, dtype=torch.float64) * 0.9 + 0.05
        if name in ("logprob", "logproduct"):
            p, q = p.log(), q.log()
        m = CircuitModule(c, s)
        p.requires_grad_(True)
        q.requires_grad_(True)
        assert torch.autograd.gradcheck(m, (p, q), eps=1e-7, atol=1e-6)


def test_logprob_with_zero_probabilities_has_finite_gradients():
    for c in COMPILED:
        m = CircuitModule(c, "logprob")
        p = torch.tensor([[0.0, 1.0, 0.5, 0.0], [1.0, 1.0, 0.0, 0.3]], dtype=torch.float64)
        p.requires_grad_(True)
        pos, neg = m.structure.literals(p)
        out = m(pos, neg)
        out.sum().backward()
        assert torch.isfinite(p.grad).all()
        assert not torch.isnan(out).any()
        torch.testing.assert_close(
            out.exp(), CircuitModule(c, "probability").evaluate(p.detach())
        )


def test_logprob_all_impossible_gives_minus_inf_and_finite_grad():
    c = COMPILED[0]
    m = CircuitModule(c, "logprob")
    x = torch.full((1, 4), -math.inf, dtype=torch.float64, requires_grad=True)
    out = m(x, x)
    assert (out == -math.inf).all()
    out.sum().backward()
    assert torch.isfinite(x.grad).all()


def _reference_grads(c, name, pos, neg):
    """Input gradients of a plain-autograd evaluation of the circuit node by node."""
    s = get_semantics(name)
    p, q = pos.detach().clone().requires_grad_(True), neg.detach().clone().requires_grad_(True)
    val = []
    for node, kind in enumerate(c.kinds):
        if kind in (0, 1):
            val.append(torch.full((p.shape[0],), s.zero if kind == 0 else s.one, dtype=p.dtype))
        elif kind in (2, 3):
            val.append((p if kind == 2 else q)[:, c.vars[node]])
        else:
            fn = s.mul if kind == 4 else s.add
            val.append(fn(torch.stack([val[ch] for ch in c.children[node]])))
    torch.stack([val[o] for o in c.outputs], dim=1).sum().backward()
    return p.grad, q.grad


@pytest.mark.parametrize("name", ["probability", "mpe", "logprob"])
def test_gradients_with_exact_zeros_match_autograd_reference(name):
    # products with one or several zero factors: the division-free VJP must stay exact
    for c in COMPILED + [compile_cnfs([random_cnf(random.Random(9), 6, 10)], 6)]:
        g = torch.Generator().manual_seed(11)
        pos = torch.rand(5, c.n_vars, generator=g, dtype=torch.float64)
        neg = torch.rand(5, c.n_vars, generator=g, dtype=torch.float64)
        pos[torch.rand(pos.shape, generator=g) < 0.3] = 0.0
        neg[torch.rand(neg.shape, generator=g) < 0.3] = 0.0
        if name == "logprob":
            pos, neg = pos.log(), neg.log()
        p, q = pos.clone().requires_grad_(True), neg.clone().requires_grad_(True)
        CircuitModule(c, name)(p, q).sum().backward()
        want_p, want_q = _reference_grads(c, name, pos, neg)
        torch.testing.assert_close(p.grad, want_p.nan_to_num(0.0))
        torch.testing.assert_close(q.grad, want_q.nan_to_num(0.0))


def test_backward_twice_and_buffer_reuse_across_shapes():
    c = COMPILED[1]
    m = CircuitModule(c, "probability")
    g = torch.Generator().manual_seed(4)
    shapes = [(3, torch.float64), (7, torch.float64), (3, torch.float32), (3, torch.float64)]
    for batch, dtype in shapes:
        p = torch.rand(batch, 4, generator=g, dtype=dtype).requires_grad_(True)
        out = m(p, 1.0 - p)
        out.sum().backward(retain_graph=True)
        first = p.grad.clone()
        out.sum().backward()  # second walk over the same saved tensors
        torch.testing.assert_close(p.grad, 2 * first)
        with torch.no_grad():
            torch.testing.assert_close(m(p, 1.0 - p), out.detach())


def test_state_dict_has_no_derived_buffers_and_old_ones_still_load():
    m = CircuitModule(COMPILED[0], "probability")
    assert m.state_dict() == {}
    names = ("index", "literal_src", "output_rows")
    old = {name: torch.zeros(3, dtype=torch.long) for name in names}
    m.load_state_dict(old)  # strict: keys of earlier versions are dropped, not rejected
    p = torch.rand(2, 4, dtype=torch.float64)
    torch.testing.assert_close(m(p, 1 - p), CircuitModule(COMPILED[0], "probability")(p, 1 - p))
