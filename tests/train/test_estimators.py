"""Estimators over worlds against brute-force enumeration: values, gradients, bias."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from cortexlog.train.estimators import (
    best_worlds,
    indecater,
    reinforce,
    sample_worlds,
    top_k_worlds,
)

D = 4
LABELS = [3, 5, 0]


def _oracle(b: int, world: tuple[int, ...]) -> float:
    """A sum of three digits equals the label (0.5 when it is one more: a soft world)."""
    s = sum(world)
    return 1.0 if s == LABELS[b] else 0.5 if s == LABELS[b] + 1 else 0.0


def _exact(probs: torch.Tensor) -> torch.Tensor:
    out = []
    for b in range(probs.shape[0]):
        total = probs.new_zeros(())
        for w in itertools.product(range(D), repeat=probs.shape[1]):
            f = _oracle(b, w)
            if f:
                total = total + f * math.prod(probs[b, c, v] for c, v in enumerate(w))
        out.append(total)
    return torch.stack(out)


def _logits() -> torch.Tensor:
    torch.manual_seed(0)
    return torch.randn(len(LABELS), 3, D, dtype=torch.float64, requires_grad=True)


def test_best_worlds_meets_every_world_once_in_order() -> None:
    gen = torch.Generator().manual_seed(3)
    logp = torch.randn(3, 3, generator=gen).log_softmax(-1).tolist()
    logp[2] = logp[2][:2]  # domains of different sizes
    got = list(best_worlds(logp))
    worlds = [w for w, _ in got]
    assert len(worlds) == len(set(worlds)) == 3 * 3 * 2
    scores = [s for _, s in got]
    assert scores == sorted(scores, reverse=True)
    for w, s in got:
        assert s == pytest.approx(sum(logp[c][v] for c, v in enumerate(w)))


def test_top_k_with_every_world_is_exact_in_value_and_gradient() -> None:
    logits = _logits()
    probs = logits.softmax(-1)
    got = top_k_worlds(probs, [D] * 3, _oracle, k=D ** 3)
    want = _exact(logits.softmax(-1))
    torch.testing.assert_close(got, want)
    (g1,) = torch.autograd.grad(got.sum(), logits)
    (g2,) = torch.autograd.grad(want.sum(), logits)
    torch.testing.assert_close(g1, g2)


def test_top_k_is_a_lower_bound_over_the_most_probable_worlds() -> None:
    probs = _logits().softmax(-1).detach()
    one = top_k_worlds(probs, [D] * 3, _oracle, k=1)
    exact = _exact(probs)
    assert bool((one <= exact + 1e-12).all()) and bool((one > 0).all())
    for b in range(len(LABELS)):  # the single world found is the most probable one
        best = max((w for w in itertools.product(range(D), repeat=3) if _oracle(b, w)),
                   key=lambda w, b=b: math.prod(probs[b, c, v] for c, v in enumerate(w)))
        p = math.prod(float(probs[b, c, v]) for c, v in enumerate(best))
        assert float(one[b]) == pytest.approx(_oracle(b, best) * p)


def test_top_k_gives_zero_when_no_world_is_found() -> None:
    probs = _logits().softmax(-1)
    got = top_k_worlds(probs, [D] * 3, lambda b, w: 0.0, k=3)
    assert got.tolist() == [0.0, 0.0, 0.0]
    got.sum().backward()  # still differentiable


@pytest.mark.parametrize(("estimator", "k", "reps", "tol"),
                         [(indecater, 2, 400, 0.15), (reinforce, 16, 400, 0.15)])
def test_sampling_estimators_are_unbiased(estimator, k: int, reps: int, tol: float) -> None:
    logits = _logits()
    (want,) = torch.autograd.grad(_exact(logits.softmax(-1)).sum(), logits)
    exact = _exact(logits.softmax(-1)).detach()
    gen = torch.Generator().manual_seed(1)
    grad = torch.zeros_like(logits)
    value = torch.zeros(len(LABELS), dtype=torch.float64)
    for _ in range(reps):
        v = estimator(logits.softmax(-1), [D] * 3, _oracle, k, gen)
        grad += torch.autograd.grad(v.sum(), logits)[0]
        value += v.detach()
    grad, value = grad / reps, value / reps
    assert float((grad - want).norm() / want.norm()) < tol
    torch.testing.assert_close(value, exact, rtol=tol, atol=0.01)


def test_sample_worlds_follows_the_probabilities_and_the_seed() -> None:
    probs = torch.tensor([[[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]]])
    w = sample_worlds(probs, 200, torch.Generator().manual_seed(0))
    assert w.shape == (1, 200, 2) and set(w[0, :, 0].tolist()) == {1}
    assert set(w[0, :, 1].tolist()) == {0, 2}
    again = sample_worlds(probs, 200, torch.Generator().manual_seed(0))
    assert torch.equal(w, again)
