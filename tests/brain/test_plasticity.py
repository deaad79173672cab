"""Plasticity rules on hand-computed spike pairs (sign and size of dw)."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from cortexlog.brain import (
    STDPParams,
    SymSTDPParams,
    adaptive_threshold,
    lateral_inhibition,
    normalize_weights,
    oja_subspace_step,
    stdp_additive,
    stdp_multiplicative,
    stdp_symmetric,
    synaptic_scaling,
    winner_take_all,
    zero_sym_traces,
    zero_traces,
)
from cortexlog.errors import CortexlogError

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
    w = torch.full((3, 2), 0.5)  # [n_post, n_pre]
    pre = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    tr = zero_traces(pre, torch.zeros(2, 3))
    w1, tr = stdp_additive(w, pre, torch.zeros(2, 3), tr, p)
    post = torch.tensor([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    w2, _ = stdp_additive(w1, torch.zeros(2, 2), post, tr, p)
    dw = (w2 - w).flatten().tolist()
    e = 0.01 * math.exp(-1 / 20)
    assert dw == pytest.approx([e, e, 0, 0, 0, 0], abs=1e-7)  # post 0 from pre 0 and 1


def test_scaling_and_normalisation() -> None:
    w = torch.tensor([[1.0, 3.0], [2.0, 6.0]])  # [n_post, n_pre]: rows are a neuron's inputs
    assert normalize_weights(w, 2.0).sum(1).tolist() == pytest.approx([2.0, 2.0])
    half = synaptic_scaling(w, 2.0, rate=0.5)  # halfway: factor 1 + 0.5 (0.5 - 1) = 0.75
    assert half[0].tolist() == pytest.approx([0.75, 2.25])


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


def _linear_and_spikes() -> tuple[nn.Linear, torch.Tensor, torch.Tensor]:
    """An nn.Linear(3 -> 2) with a pre spike on input 2 at t=0 and a post spike on output 0
    at t=1 (so the pair is (pre 2 -> post 0), d = 1)."""
    torch.manual_seed(0)
    lin = nn.Linear(3, 2, bias=False)
    with torch.no_grad():
        lin.weight.fill_(0.5)
    return lin, torch.tensor([[[0.0, 0.0, 1.0]], [[0.0, 0.0, 0.0]]]), torch.tensor(
        [[[0.0, 0.0]], [[1.0, 0.0]]]
    )


@pytest.mark.parametrize(
    ("rule", "params", "zero_tr", "want"),
    [
        (stdp_additive, STDPParams(), zero_traces, 0.01 * math.exp(-1 / 20)),
        (stdp_multiplicative, STDPParams(), zero_traces, 0.01 * 0.5 * math.exp(-1 / 20)),
        (stdp_symmetric, SymSTDPParams(), zero_sym_traces,
         0.01 * math.exp(-1 / 20) - 0.005 * math.exp(-1 / 40)),
    ],
)
def test_linear_weight_goes_straight_into_each_stdp_rule(  # type: ignore[no-untyped-def]
    rule, params, zero_tr, want: float
) -> None:
    lin, pre, post = _linear_and_spikes()
    w, tr = lin.weight.detach(), zero_tr(pre[0], post[0])
    for t in range(2):
        w, tr = rule(w, pre[t], post[t], tr, params)
    assert w.shape == lin.weight.shape
    dw = w - 0.5
    assert dw[0, 2].item() == pytest.approx(want, rel=1e-5)  # [out=post 0, in=pre 2]
    dw[0, 2] = 0.0
    assert dw.abs().max() == 0  # no other synapse saw a pair
    with torch.no_grad():
        lin.weight.copy_(w)  # and straight back
    with pytest.raises(CortexlogError, match="pass w.T"):
        rule(lin.weight.detach().T, pre[0], post[0], zero_tr(pre[0], post[0]), params)


def test_linear_weight_goes_into_scaling_and_normalisation() -> None:
    lin = nn.Linear(4, 3, bias=False)
    with torch.no_grad():
        lin.weight.copy_(torch.rand(3, 4) * 0.5 + 0.1)  # inside [0, w_max]
    w = lin.weight.detach()
    for new in (synaptic_scaling(w, 2.0), normalize_weights(w, 2.0)):
        assert new.shape == (3, 4) and new.sum(1).tolist() == pytest.approx([2.0] * 3)


def test_linear_weight_goes_into_oja_subspace_rule() -> None:
    lin = nn.Linear(5, 2, bias=False)  # lateral neurons y = lin(x): weight [k=out, d=in]
    x = torch.randn(7, 5, generator=torch.Generator().manual_seed(0))
    m = lin.weight.detach()
    new = oja_subspace_step(m, x, 0.1)
    y = lin(x).detach()
    assert new.shape == m.shape
    assert torch.allclose(new, m + 0.1 / 7 * (y.T @ x - (y.T @ y) @ m), atol=1e-6)
