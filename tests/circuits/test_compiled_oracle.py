"""Compiled structures vs world enumeration on 1000 random CNFs (PySDD-compiled)."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from cortexlog.circuits import CircuitModule, mpe_explanation

from .randcirc import compile_cnfs, literal_weights, models, random_cnf

N_CIRCUITS, OUTPUTS, BATCH = 250, 4, 3


def _cases():
    rng = random.Random(1234)
    for _ in range(N_CIRCUITS):
        n = rng.randint(2, 7)
        cnfs = [random_cnf(rng, n, rng.randint(1, 2 * n)) for _ in range(OUTPUTS)]
        yield n, cnfs, compile_cnfs(cnfs, n)


CASES = list(_cases())


def _inputs(n: int, seed: int, low: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    g = np.random.default_rng(seed)
    return g.uniform(low, 1.0, (BATCH, n)), g.uniform(low, 1.0, (BATCH, n))


def _oracle(n, cnfs, pos, neg, reduce_world, reduce_models, empty):
    cols = []
    for cnf in cnfs:
        ms = models(cnf, n)
        if len(ms) == 0:
            cols.append(np.full(BATCH, empty))
            continue
        cols.append(reduce_models(reduce_world(literal_weights(ms, pos, neg))))
    return np.stack(cols, axis=1)


def _run(name, circuit, pos, neg):
    m = CircuitModule(circuit, name)
    return m(torch.from_numpy(pos), torch.from_numpy(neg)).numpy()


def test_probability_is_weighted_model_count():
    for i, (n, cnfs, c) in enumerate(CASES):
        pos, neg = _inputs(n, i)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.prod(-1), lambda w: w.sum(-1), 0.0)
        np.testing.assert_allclose(_run("probability", c, pos, neg), want, rtol=1e-10)


def test_logprob_matches_log_of_wmc():
    for i, (n, cnfs, c) in enumerate(CASES):
        pos, neg = _inputs(n, i)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.prod(-1), lambda w: w.sum(-1), 0.0)
        with np.errstate(divide="ignore"):
            got = _run("logprob", c, np.log(pos), np.log(neg))
            np.testing.assert_allclose(got, np.log(want), rtol=1e-9, atol=1e-12)


def test_mpe_is_best_model_weight():
    for i, (n, cnfs, c) in enumerate(CASES):
        pos, neg = _inputs(n, i)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.prod(-1), lambda w: w.max(-1), 0.0)
        np.testing.assert_allclose(_run("mpe", c, pos, neg), want, rtol=1e-10)


def test_possibilistic_is_max_min_over_models():
    for i, (n, cnfs, c) in enumerate(CASES):
        pos, neg = _inputs(n, i)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.min(-1), lambda w: w.max(-1), 0.0)
        np.testing.assert_allclose(_run("possibilistic", c, pos, neg), want, rtol=1e-12)


def test_boolean_is_satisfiable_with_possible_literals():
    for i, (n, cnfs, c) in enumerate(CASES):
        pos, neg = _inputs(n, i)
        pos, neg = (pos > 0.3).astype(float), (neg > 0.3).astype(float)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.min(-1), lambda w: w.max(-1), 0.0)
        np.testing.assert_array_equal(_run("boolean", c, pos, neg), want)


def test_mpe_explanation_is_a_best_model():
    for i, (n, cnfs, c) in enumerate(CASES[:50]):
        pos, neg = _inputs(n, i)
        m = CircuitModule(c, "mpe")
        for out, cnf in enumerate(cnfs):
            ms = models(cnf, n)
            if len(ms) == 0:
                continue
            e = mpe_explanation(m, torch.from_numpy(pos), torch.from_numpy(neg), out)
            world = e.world.numpy()
            is_model = (world[:, None, :] == ms[None]).all(-1).any(-1)
            assert is_model.all()
            weight = np.where(world, pos, neg).prod(-1)
            np.testing.assert_allclose(weight, e.value.numpy(), rtol=1e-10)


@pytest.mark.parametrize("name", ["probability", "logprob", "mpe", "possibilistic"])
def test_batch_rows_are_independent(name):
    n, _, c = CASES[7]
    pos, neg = (torch.from_numpy(a) for a in _inputs(n, 99))
    if name == "logprob":
        pos, neg = pos.log(), neg.log()
    m = CircuitModule(c, name)
    full = m(pos, neg)
    for i in range(BATCH):
        row = m(pos[i : i + 1], neg[i : i + 1])[0]
        torch.testing.assert_close(full[i], row, rtol=1e-13, atol=0)


@pytest.mark.parametrize("name", ["probability", "logprob", "mpe", "possibilistic"])
def test_every_layout_gives_the_oracle_values_and_the_same_gradients(name):
    rng = random.Random(77)
    differ = 0
    for i in range(6):
        n = 10
        cnfs = [random_cnf(rng, n, 10) for _ in range(3)]
        c = compile_cnfs(cnfs, n)
        m = CircuitModule(c, name)
        differ += m.programs[0].plan.buckets != m.programs[1].plan.buckets
        pos, neg = _inputs(n, 500 + i)
        want = _oracle(n, cnfs, pos, neg, lambda w: w.prod(-1), lambda w: w.sum(-1), 0.0)
        if name == "mpe":
            want = _oracle(n, cnfs, pos, neg, lambda w: w.prod(-1), lambda w: w.max(-1), 0.0)
        if name == "possibilistic":
            want = _oracle(n, cnfs, pos, neg, lambda w: w.min(-1), lambda w: w.max(-1), 0.0)
        if name == "logprob":
            with np.errstate(divide="ignore"):
                pos, neg, want = np.log(pos), np.log(neg), np.log(want)
        grads = []
        for program in m.programs:
            m.program_for = lambda batch, p=program: p  # force this layout
            p, q = (torch.from_numpy(a).requires_grad_(True) for a in (pos, neg))
            out = m(p, q)
            np.testing.assert_allclose(out.detach().numpy(), want, rtol=1e-10, atol=1e-12)
            out.sum().backward()
            grads.append((p.grad, q.grad))
        torch.testing.assert_close(grads[0], grads[1], rtol=1e-12, atol=1e-14)
    assert differ == 6  # the layouts really differ on these circuits
