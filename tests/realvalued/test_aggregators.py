"""Quantifier aggregators against LTN's definitions (Badreddine et al. 2022, LTNtorch).

The reference formulas are written out here: the p-mean `(1/n sum x_i^p)^(1/p)` (exists)
and the p-mean error `1 - (1/n sum (1 - x_i)^p)^(1/p)` (forall), stabilised as LTN does
with `pi_0(x) = (1 - eps) x + eps` (p-mean) and `pi_1(x) = (1 - eps) x` (p-mean error).
"""

from __future__ import annotations

import pytest
import torch

from cortexlog.realvalued import ConstraintModule, pmean, pmean_error

EPS = 1e-4
X = [0.9, 0.2, 0.65, 1.0, 0.0, 0.37]


def _ltn_pmean(xs: list[float], p: float, stable: bool) -> float:
    if stable:
        xs = [(1 - EPS) * x + EPS for x in xs]
    return (sum(x**p for x in xs) / len(xs)) ** (1 / p)


def _ltn_pmean_error(xs: list[float], p: float, stable: bool) -> float:
    if stable:
        xs = [(1 - EPS) * x for x in xs]
    return 1 - (sum((1 - x) ** p for x in xs) / len(xs)) ** (1 / p)


@pytest.mark.parametrize("p", [1.0, 2.0, 5.0, 6.0])
@pytest.mark.parametrize("stable", [True, False])
def test_pmean_and_pmean_error_are_ltns(p: float, stable: bool) -> None:
    x = torch.tensor(X, dtype=torch.float64)
    assert pmean(x, 0, p, stable).item() == pytest.approx(_ltn_pmean(X, p, stable), abs=1e-12)
    assert pmean_error(x, 0, p, stable).item() == pytest.approx(
        _ltn_pmean_error(X, p, stable), abs=1e-12)


def test_aggregators_reduce_the_given_dimension() -> None:
    x = torch.rand(3, 4, dtype=torch.float64)
    rows = [_ltn_pmean_error(r, 2.0, True) for r in x.tolist()]
    assert pmean_error(x, 1).tolist() == pytest.approx(rows, abs=1e-12)


def test_stable_aggregators_have_finite_gradients_at_the_extremes() -> None:
    x = torch.ones(4, dtype=torch.float64, requires_grad=True)
    pmean_error(x, 0).backward()
    assert torch.isfinite(x.grad).all()  # type: ignore[arg-type]
    z = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    pmean(z, 0).backward()
    assert torch.isfinite(z.grad).all()  # type: ignore[arg-type]


def _degrees_of(text: str, **tensors: object) -> float:
    m = ConstraintModule.from_string(text, "product")
    (value,) = m.degrees(**tensors).values()
    return value.item()


def test_quantifiers_use_ltns_aggregators_with_their_p() -> None:
    d = torch.tensor(X, dtype=torch.float64)
    # the degree of `d >= 0` under product is sigmoid(k d); k = 10 by default
    s = torch.sigmoid(10.0 * d).tolist()
    assert _degrees_of("query(forall(X, X >= 0.0)).", X=d) == pytest.approx(
        _ltn_pmean_error(s, 2.0, True), abs=1e-12)
    assert _degrees_of("query(exists(X, X >= 0.0)).", X=d) == pytest.approx(
        _ltn_pmean(s, 2.0, True), abs=1e-12)
    assert _degrees_of("query(exists(X, X >= 0.0, 6)).", X=d) == pytest.approx(
        _ltn_pmean(s, 6.0, True), abs=1e-12)
    assert _degrees_of("query(forall(X, X >= 0.0, pmean(3))).", X=d) == pytest.approx(
        _ltn_pmean(s, 3.0, True), abs=1e-12)
    assert _degrees_of("query(forall(X, X >= 0.0, p)).", X=d, p=4.0) == pytest.approx(
        _ltn_pmean_error(s, 4.0, True), abs=1e-12)


def test_tnorm_and_conorm_quantifiers_use_the_structure() -> None:
    d = torch.tensor(X, dtype=torch.float64)
    s = torch.sigmoid(10.0 * d)
    assert _degrees_of("query(forall(X, X >= 0.0, tnorm)).", X=d) == pytest.approx(
        s.prod().item(), abs=1e-12)
    assert _degrees_of("query(exists(X, X >= 0.0, conorm)).", X=d) == pytest.approx(
        1 - (1 - s).prod().item(), abs=1e-12)
    m = ConstraintModule.from_string("query(forall(X, X >= 0.0, tnorm)).", "godel")
    assert m.degrees(X=d)["forall(X,X>=0.0,tnorm)"].item() == pytest.approx(
        (d.min() * 10 + 0.5).clamp(0, 1).item())


def test_satagg_is_the_pmean_error_of_the_axioms() -> None:
    m = ConstraintModule.from_string(
        "query(forall(X, X >= 0.5)). query(exists(X, X >= 0.5)).", "product", p_sat=3.0)
    d = torch.tensor(X, dtype=torch.float64)
    axioms = [v.item() for v in m.degrees(X=d).values()]
    assert m(X=d).item() == pytest.approx(_ltn_pmean_error(axioms, 3.0, True), abs=1e-12)
