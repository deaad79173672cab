"""Registry, encodings and the possibility transform."""

from __future__ import annotations

import itertools
import math

import pytest
import torch

from cortexlog.errors import SemanticsError
from cortexlog.semantics import (
    PROBABILITY,
    available_semantics,
    dubois_prade,
    get_semantics,
    normalise_max,
    register,
)
from cortexlog.semantics.ops import log1mexp, logsumexp0, safe_log

BUILTIN = {"boolean", "probability", "logprob", "mpe", "godel", "product", "lukasiewicz",
           "possibilistic", "logproduct"}


def test_builtins_are_registered_and_rule_is_recorded():
    assert BUILTIN <= set(available_semantics())
    compiled = {n for n in BUILTIN if get_semantics(n).compiled}
    assert compiled == {"boolean", "probability", "logprob", "mpe", "possibilistic"}


def test_unknown_name_lists_valid_names():
    with pytest.raises(SemanticsError) as err:
        get_semantics("fuzzy-ish")
    assert "fuzzy-ish" in str(err.value)
    for name in BUILTIN:
        assert name in str(err.value)


def test_duplicate_registration_is_refused():
    with pytest.raises(SemanticsError):
        register(PROBABILITY)
    assert register(PROBABILITY, replace=True) is PROBABILITY


def test_zero_and_one_are_neutral():
    x = torch.rand(3, 5, dtype=torch.float64) * 0.9 + 0.05
    for name in BUILTIN:
        s = get_semantics(name)
        v = s.encode(x) if name not in ("boolean",) else (x > 0.5).double()
        zero, one = torch.full_like(v, s.zero), torch.full_like(v, s.one)
        torch.testing.assert_close(s.plus(v, zero), v)
        torch.testing.assert_close(s.times(v, one), v)


def test_literal_encodings():
    p = torch.tensor([0.0, 0.3, 1.0], dtype=torch.float64)
    pos, neg = get_semantics("logprob").literals(p)
    torch.testing.assert_close(pos.exp(), p)
    torch.testing.assert_close(neg.exp(), 1 - p)
    pos, neg = get_semantics("possibilistic").literals(torch.tensor([0.8, 0.3, 0.5]))
    torch.testing.assert_close(pos, torch.tensor([1.0, 0.3, 1.0]))
    torch.testing.assert_close(neg, torch.tensor([0.2, 1.0, 1.0]))
    with pytest.raises(SemanticsError):
        get_semantics("possibilistic").negation(pos)


def test_log_kernels_are_accurate_and_safe():
    x = torch.tensor([-1e-10, -0.5, -3.0, -50.0], dtype=torch.float64)
    torch.testing.assert_close(log1mexp(x), torch.log(-torch.expm1(x)))
    p = torch.tensor([0.0, 0.5], dtype=torch.float64, requires_grad=True)
    safe_log(p).sum().backward()
    assert torch.isfinite(p.grad).all()
    y = torch.tensor([[-math.inf, 0.0], [-math.inf, math.log(3.0)]], requires_grad=True)
    out = logsumexp0(y)
    assert out[0] == -math.inf and out[1].item() == pytest.approx(math.log(4.0))
    out[1].backward()
    assert torch.isfinite(y.grad).all()


def _events(k):
    for r in range(1, k + 1):
        yield from itertools.combinations(range(k), r)


def _consistent(p, pi) -> bool:
    for ev in _events(len(p)):
        inside = torch.tensor(ev)
        outside = torch.tensor([i for i in range(len(p)) if i not in ev], dtype=torch.long)
        prob = p[inside].sum().item()
        poss = pi[inside].max().item()
        nec = 1.0 - (pi[outside].max().item() if len(outside) else 0.0)
        if not nec - 1e-12 <= prob <= poss + 1e-12:
            return False
    return True


@pytest.mark.parametrize("transform", [dubois_prade, normalise_max])
def test_possibility_transform_consistency_and_order(transform):
    g = torch.Generator().manual_seed(11)
    verdicts = []
    for _ in range(200):
        k = int(torch.randint(2, 6, (1,), generator=g))
        p = torch.rand(k, generator=g, dtype=torch.float64)
        p = p / p.sum()
        pi = transform(p)
        assert pi.max().item() == pytest.approx(1.0)
        order = torch.argsort(p)
        assert (pi[order].diff() >= -1e-12).all()
        verdicts.append(_consistent(p, pi))
    # Dubois-Prade is always consistent (N <= P <= Pi); normalisation is not (why we chose DP).
    assert all(verdicts) if transform is dubois_prade else not all(verdicts)


def test_dubois_prade_hand_values():
    torch.testing.assert_close(
        dubois_prade(torch.tensor([[0.5, 0.3, 0.2], [0.1, 0.45, 0.45]], dtype=torch.float64)),
        torch.tensor([[1.0, 0.5, 0.2], [0.1, 1.0, 1.0]], dtype=torch.float64),
    )
