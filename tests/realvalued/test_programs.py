"""Constraint programs give the degrees that a direct torch computation gives (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from cortexlog.realvalued import ConstraintModule, pmean, pmean_error

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "realvalued"


def _hinge(m: torch.Tensor, k: float = 10.0) -> torch.Tensor:
    return (1 + k * m).clamp(0, 1)


def _luk_and(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a + b - 1).clamp(min=0)


def test_the_regions_file_gives_the_direct_degrees() -> None:
    m = ConstraintModule.from_file(EXAMPLES / "regions.pl", "lukasiewicz")
    torch.manual_seed(0)
    x = torch.randn(64, 2, dtype=torch.float64) * 1.5
    got = m.degrees(X=x)
    below = _hinge(1.0 - (x[:, 0] + x[:, 1]))
    r = x.norm(dim=1)
    ring = _luk_and(_hinge(r - 1.0), _hinge(2.0 - r))
    d1 = (x - torch.tensor([0.5, 0.5], dtype=x.dtype)).norm(dim=1)
    d2 = (x - torch.tensor([-0.5, -0.25], dtype=x.dtype)).norm(dim=1)
    clear = _luk_and(_hinge(d1 - 0.3), _hinge(d2 - 0.4))
    assert torch.allclose(got["below_line(X)"], below)
    assert torch.allclose(got["in_ring(X)"], ring)
    assert torch.allclose(got["clear(X)"], clear)
    assert got["in_ring(X)"].dtype == torch.float64


def _mlp() -> torch.nn.Module:
    torch.manual_seed(1)
    return torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ELU(), torch.nn.Linear(8, 1),
                               torch.nn.Sigmoid()).double()


def test_the_ltn_binary_classification_file_gives_the_direct_satisfaction() -> None:
    net = _mlp()
    m = ConstraintModule.from_file(EXAMPLES / "ltn_binary_classification.pl", "product",
                                   {"a_net": net})
    pos, neg = torch.rand(7, 2, dtype=torch.float64), torch.rand(5, 2, dtype=torch.float64)
    a_pos, a_neg = net(pos)[:, 0], net(neg)[:, 0]
    axioms = torch.stack([pmean_error(a_pos, 0), pmean_error(1 - a_neg, 0)])
    sat = m(pos=pos, neg=neg)
    assert sat.item() == pytest.approx(pmean_error(axioms, 0).item(), abs=1e-12)
    sat.backward()
    assert all(p.grad is not None for p in net.parameters())


def test_each_variable_has_its_own_dimension() -> None:
    text = """
        close(X, Y) :- dist(X, Y) =< 0.5.
        query(close(X, Y)).
        query(forall(X, exists(Y, close(X, Y)))).
        query(forall(X, exists(Y:X, close(X, Y)))).
    """
    m = ConstraintModule.from_string(text, "product")
    x, y = torch.rand(4, 3, dtype=torch.float64), torch.rand(6, 3, dtype=torch.float64)
    got = m.degrees(X=x, Y=y)
    close = torch.sigmoid(10 * (0.5 - torch.cdist(x, y)))
    assert torch.allclose(got["close(X,Y)"], close)
    assert got["forall(X,exists(Y,close(X,Y)))"].item() == pytest.approx(
        pmean_error(pmean(close, 1), 0).item(), abs=1e-12)
    self_close = torch.sigmoid(10 * (0.5 - torch.cdist(x, x)))
    assert got["forall(X,exists(Y:X,close(X,Y)))"].item() == pytest.approx(
        pmean_error(pmean(self_close, 1), 0).item(), abs=1e-12)


def test_connectives_rules_constants_and_weights() -> None:
    text = """
        constant(c, [1.0, -1.0]).
        0.8::prior.
        side(P, left) :- at(P, 0) < 0.
        side(P, right) :- at(P, 0) >= 0.
        near(P) :- dot(P, c) * 2 + 1 >= r ; norm(P - c) =< r.
        ax(X) :- near(X), prior -> side(X, left).
        query(ax(X)).
        query(\\+ side(X, right)).
    """
    m = ConstraintModule.from_string(text, "product", sharpness=2.0)
    x = torch.randn(9, 2, dtype=torch.float64)
    r = torch.tensor(0.7, dtype=torch.float64)
    got = m.degrees(X=x, r=r)
    c = torch.tensor([1.0, -1.0], dtype=x.dtype)
    s = torch.sigmoid
    a = s(2 * ((x @ c) * 2 + 1 - r))
    b = s(2 * (r - (x - c).norm(dim=1)))
    near = 1 - (1 - a) * (1 - b)
    left = s(2 * (0 - x[:, 0]))
    premise = near * 0.8
    assert torch.allclose(got["ax(X)"],
                          1 - premise + premise * left)
    assert torch.allclose(got["\\+(side(X,right))"], 1 - s(2 * x[:, 0]))


def test_a_classifier_network_names_its_class() -> None:
    net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Softmax(dim=-1)).double()
    text = """
        nn(cls, [X], Y, [red, green, blue]) :: colour(X, Y).
        query(forall(X, (colour(X, green) ; colour(X, blue)))).
    """
    m = ConstraintModule.from_string(text, "godel", {"cls": net})
    x = torch.rand(5, 2, dtype=torch.float64)
    probs = net(x)
    want = pmean_error(torch.maximum(probs[:, 1], probs[:, 2]), 0)
    assert m.degrees(X=x)["forall(X,(colour(X,green); colour(X,blue)))"].item() == \
        pytest.approx(want.item(), abs=1e-12)


def test_a_two_argument_network_sees_every_pair() -> None:
    class Pair(torch.nn.Module):
        def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            return torch.sigmoid((a * b).sum(-1, keepdim=True))

    m = ConstraintModule.from_string("nn(f, [A, B]) :: r(A, B). query(r(X, Y)).", "product",
                                     {"f": Pair()})
    x, y = torch.randn(3, 2), torch.randn(4, 2)
    assert torch.allclose(m.degrees(X=x, Y=y)["r(X,Y)"], torch.sigmoid(x @ y.T), atol=1e-6)


def test_a_tensor_valued_network_is_a_function_in_terms() -> None:
    f = torch.nn.Linear(3, 2).double()
    text = """
        nn(embed, [X], E) :: embed(X, E).
        query(dist(embed(X), c) =< 1.0).
        query(forall(X, exists(Y, dist(embed(X), embed(Y)) < 0.5))).
    """
    m = ConstraintModule.from_string(text, "product", {"embed": f})
    x, y = torch.randn(4, 3, dtype=torch.float64), torch.randn(5, 3, dtype=torch.float64)
    c = torch.tensor([0.5, -0.5], dtype=torch.float64)
    got = list(m.degrees(X=x, Y=y, c=c).values())
    assert torch.allclose(got[0], torch.sigmoid(10 * (1.0 - (f(x) - c).norm(dim=1))))
    close = torch.sigmoid(10 * (0.5 - torch.cdist(f(x), f(y))))
    assert got[1].item() == pytest.approx(pmean_error(pmean(close, 1), 0).item(), abs=1e-12)
