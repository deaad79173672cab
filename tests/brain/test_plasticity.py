"""Plasticity rules on hand-computed spike pairs (sign and size of dw)."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain import (
    STDPParams,
    SymSTDPParams,
    adaptive_threshold,
    lateral_inhibition,
    normalize_weights,
    stdp_additive,
    stdp_multiplicative,
    stdp_symmetric,
    synaptic_scaling,
    winner_take_all,
    zero_sym_traces,
    zero_traces,
)

ONE, ZERO = torch.ones(1, 1), torch.zeros(1, 1)


def _pair(rule, w0: float, pre_t: int, post_t: int, params, zero_tr) -> float:  # type: ignore[no-untyped-def]
    w = torch.full((1, 1), w0)
    tr = zero_tr(ONE, ONE)
    for t in range(max(pre_t, post_t) + 1):
        w_in = w
        w, tr = rule(w, ONE if t == pre_t else ZERO, ONE if t == post_t else ZERO, tr, params)
        assert w_in.item() == (w0 if t == 0 else w_in.item())  # inputs never mutated
    return w.item() - w0


def test_additive_pre_before_post_potentiates() -> None:
    p = STDPParams(a_plus=0.01, a_minus=0.012, tau_plus=20.0, tau_minus=20.0)
    dw = _pair(stdp_additive, 0.5, 0, 5, p, zero_traces)
    assert dw == pytest.approx(0.01 * math.exp(-5 / 20), rel=1e-5)


def test_additive_post_before_pre_depresses() -> None:
    p = STDPParams(a_plus=0.01, a_minus=0.012, tau_plus=20.0, tau_minus=10.0)
    dw = _pair(stdp_additive, 0.5, 5, 0, p, zero_traces)
    assert dw == pytest.approx(-0.012 * math.exp(-5 / 10), rel=1e-5)


def test_additive_clips_to_bounds() -> None:
    p = STDPParams(a_plus=1.0)
    assert _pair(stdp_additive, 0.5, 0, 1, p, zero_traces) == pytest.approx(0.5)


def test_multiplicative_is_weight_dependent() -> None:
    p = STDPParams(a_plus=0.01, a_minus=0.012, w_max=1.0, w_min=0.0)
    e = math.exp(-3 / 20)
    assert _pair(stdp_multiplicative, 0.25, 0, 3, p, zero_traces) == pytest.approx(
        0.01 * 0.75 * e, rel=1e-5
    )
    assert _pair(stdp_multiplicative, 0.25, 3, 0, p, zero_traces) == pytest.approx(
        -0.012 * 0.25 * e, rel=1e-5
    )


def test_symmetric_potentiates_both_orders_and_depresses_far_pairs() -> None:
    p = SymSTDPParams(a_plus=0.01, a_minus=0.005, tau_plus=20.0, tau_minus=40.0)

    def expected(d: int) -> float:
        return 0.01 * math.exp(-d / 20) - 0.005 * math.exp(-d / 40)

    for pre_t, post_t in [(0, 4), (4, 0)]:
        dw = _pair(stdp_symmetric, 0.5, pre_t, post_t, p, zero_sym_traces)
        assert dw == pytest.approx(expected(4), rel=1e-5) and dw > 0
    dw_far = _pair(stdp_symmetric, 0.5, 0, 60, p, zero_sym_traces)
    assert dw_far == pytest.approx(expected(60), rel=1e-4) and dw_far < 0


def test_batch_sums_weight_changes() -> None:
    p = STDPParams()
    w = torch.full((2, 3), 0.5)
    pre = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    tr = zero_traces(pre, torch.zeros(2, 3))
    w1, tr = stdp_additive(w, pre, torch.zeros(2, 3), tr, p)
    post = torch.tensor([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    w2, _ = stdp_additive(w1, torch.zeros(2, 2), post, tr, p)
    dw = (w2 - w).flatten().tolist()
    e = 0.01 * math.exp(-1 / 20)
    assert dw == pytest.approx([e, 0, 0, e, 0, 0], abs=1e-7)


def test_scaling_and_normalisation() -> None:
    w = torch.tensor([[1.0, 2.0], [3.0, 6.0]])
    assert normalize_weights(w, 2.0).sum(0).tolist() == pytest.approx([2.0, 2.0])
    half = synaptic_scaling(w, 2.0, rate=0.5)  # halfway: factor 1 + 0.5 (0.5 - 1) = 0.75
    assert half[:, 0].tolist() == pytest.approx([0.75, 2.25])


def test_homeostasis_threshold() -> None:
    theta = torch.tensor([0.1, 0.0])
    spikes = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
    new = adaptive_threshold(theta, spikes, theta_plus=0.05, tau_theta=10.0)
    assert new.tolist() == pytest.approx([0.1 * math.exp(-0.1) + 0.1, 0.05])
    assert theta.tolist() == pytest.approx([0.1, 0.0])


def test_wta_and_inhibition() -> None:
    z = torch.tensor([[1.0, 1.0, 1.0, 0.0]])
    v = torch.tensor([[0.3, 0.9, 0.5, 9.0]])
    assert winner_take_all(z, v, k=2).tolist() == [[0.0, 1.0, 1.0, 0.0]]
    assert winner_take_all(torch.zeros(1, 4), v).sum() == 0
    assert lateral_inhibition(z, 1.5).tolist() == [[-3.0, -3.0, -3.0, -4.5]]
