"""Astrocyte-modulated STDP, the astrocyte, the branching factor and the 3-D liquid, on
hand-computed cases."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain.astro import (
    AstroParams,
    AstroSTDPParams,
    astro_stdp,
    astro_stdp_presentation,
    astrocyte_step,
)
from cortexlog.brain.criticality import branching_factor
from cortexlog.brain.liquid import (
    LiquidParams,
    liquid_initial_state,
    liquid_step,
    spatial_wiring,
)
from cortexlog.brain.plasticity import STDPParams, Traces, stdp_additive, zero_traces
from cortexlog.errors import CortexlogError

ONE, ZERO = torch.ones(1, 1), torch.zeros(1, 1)
P = AstroSTDPParams(eta=0.01, tau=10.0, w_max=3.0)


def _run(w0: float, pre_t: int, post_t: int, a: float, inhibitory: bool,
         signed: bool = False) -> float:
    """Weight change of one synapse for one pre and one post spike (fixed depression a)."""
    w, tr = torch.full((1, 1), w0), Traces(ZERO, ZERO)
    for t in range(max(pre_t, post_t) + 1):
        w, tr = astro_stdp(w, ONE if t == pre_t else ZERO, ONE if t == post_t else ZERO, tr,
                           torch.tensor([a]), torch.tensor([inhibitory]), P, signed)
    return w.item() - w0


def test_one_pair_by_hand() -> None:
    # excitatory: pre at 0, post at 3 -> +eta e^(-3/10); post at 0, pre at 3 -> -a e^(-3/10)
    assert _run(1.0, 0, 3, 0.02, False) == pytest.approx(0.01 * math.exp(-0.3), rel=1e-5)
    assert _run(1.0, 3, 0, 0.02, False) == pytest.approx(-0.02 * math.exp(-0.3), rel=1e-5)
    # inhibitory (w <= 0): roles swapped, causal pairs deepen inhibition at the astro rate
    assert _run(-1.0, 0, 3, 0.02, True) == pytest.approx(-0.02 * math.exp(-0.3), rel=1e-5)
    assert _run(-1.0, 3, 0, 0.02, True) == pytest.approx(0.01 * math.exp(-0.3), rel=1e-5)
    assert _run(1.0, 2, 2, 0.02, False) == 0.0  # same-step pairs do not count


def test_bounds_per_synapse_type() -> None:
    assert _run(0.0, 3, 0, 0.02, False) == 0.0  # excitatory stays >= 0
    assert _run(0.0, 3, 0, 0.02, False, signed=True) < 0.0  # input synapses may go negative
    assert _run(0.0, 3, 0, 0.02, True) == 0.0  # inhibitory stays <= 0
    assert _run(2.999, 0, 1, 0.02, False) == pytest.approx(0.001, abs=1e-6)  # w_max = 3


def test_equals_stdp_additive_without_astrocyte() -> None:
    """With the depression rate fixed at eta, excitatory synapses follow additive STDP."""
    g = torch.Generator().manual_seed(0)
    pre = (torch.rand(25, 3, 5, generator=g) < 0.3).float()
    post = (torch.rand(25, 3, 4, generator=g) < 0.3).float()
    p = AstroSTDPParams(eta=0.01, tau=5.0, w_max=1e9)
    ref = STDPParams(a_plus=0.01, a_minus=0.01, tau_plus=5.0, tau_minus=5.0, w_min=0.0,
                     w_max=1e9)
    w1 = w2 = torch.full((4, 5), 0.5)
    t1, t2 = zero_traces(pre[0], post[0]), zero_traces(pre[0], post[0])
    eta, exc = torch.full((3,), 0.01), torch.zeros(5, dtype=torch.bool)
    for t in range(25):
        w1, t1 = astro_stdp(w1, pre[t], post[t], t1, eta, exc, p)
        w2, t2 = stdp_additive(w2, pre[t], post[t], t2, ref)
    assert torch.allclose(w1, w2, atol=1e-6) and not torch.equal(w1, torch.full((4, 5), 0.5))


def test_per_sample_depression_and_layout() -> None:
    pre, post = torch.tensor([[1.0], [0.0]]), torch.tensor([[0.0], [1.0]])
    tr = Traces(torch.zeros(2, 1), torch.tensor([[1.0], [0.0]]))  # sample 0's post fired
    w, _ = astro_stdp(torch.ones(1, 1), pre, post, tr, torch.tensor([0.5, 0.0]),
                      torch.tensor([False]), P)
    assert w.item() == pytest.approx(1.0 - 0.5 * math.exp(-0.1), rel=1e-6)
    with pytest.raises(CortexlogError, match="expected"):
        astro_stdp(torch.ones(2, 1), pre, post, tr, torch.zeros(2), torch.tensor([False]), P)


def test_astrocyte_integrates_liquid_minus_input() -> None:
    p = AstroParams(w=0.01, bias=0.1, tau=4.0)
    a = torch.tensor([0.1, 0.1])
    liquid = torch.tensor([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]])
    inputs = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    a = astrocyte_step(a, liquid, inputs, p)
    assert a.tolist() == pytest.approx([0.1 + 0.04 / 4, 0.1 - 0.02 / 4])
    for _ in range(500):  # converges to bias + w * (liquid - input)
        a = astrocyte_step(a, liquid, inputs, p)
    assert a.tolist() == pytest.approx([0.14, 0.08], rel=1e-4)


def test_branching_factor_by_hand() -> None:
    # chain 0 -> 1 -> 2 and 0 -> 2; window 2, 8 steps (valid spikes: t in [2, 6))
    mask = torch.zeros(3, 3)
    mask[1, 0] = mask[2, 1] = mask[2, 0] = 1.0
    s = torch.zeros(8, 1, 3)
    s[2, 0, 0] = 1.0  # ancestor none (-> 1); descendants: 1@3, 2@3, 2@4 -> 3
    s[3, 0, 1] = 1.0  # ancestors: 0@2 -> 1; descendants: 2@4 (2@3 is not after) -> 1
    s[3, 0, 2] = s[4, 0, 2] = 1.0  # no postsynaptic neurons -> 0, 0
    assert branching_factor(s, mask, window=2).item() == pytest.approx((3 + 1 + 0) / 3)
    # a spike outside the valid range is ignored; a silent network gives NaN
    s[0, 0, 1] = 1.0
    assert branching_factor(s, mask, window=2).item() == pytest.approx(4 / 3)
    assert math.isnan(branching_factor(torch.zeros(8, 1, 3), mask).item())
    with pytest.raises(CortexlogError):
        branching_factor(s, torch.zeros(2, 2))


def test_spatial_wiring_and_liquid_step() -> None:
    g = torch.Generator().manual_seed(0)
    w = spatial_wiring((6, 6, 6), generator=g)
    assert w.mask.shape == (216, 216) and int(w.inhibitory.sum()) == 43
    assert w.mask.diagonal().sum() == 0
    d = torch.cdist(w.positions, w.positions)
    near, far = w.mask[(d > 0) & (d <= 1.5)].mean(), w.mask[d >= 5].mean()
    assert near > 5 * far  # connection probability falls with distance
    # one neuron driven hard spikes, then is refractory for 2 steps
    state = liquid_initial_state(1, 2)
    w_rec = torch.zeros(2, 2)
    spikes = []
    for _ in range(6):
        z, state = liquid_step(torch.tensor([[1.0, 0.0]]), state, w_rec, LiquidParams())
        spikes.append(z[0, 0].item())
    assert spikes[:4] == [0.0, 1.0, 0.0, 0.0] and sum(spikes) >= 2


def test_presentation_equals_iterated_steps() -> None:
    g = torch.Generator().manual_seed(1)
    pre = (torch.rand(15, 3, 6, generator=g) < 0.3).double()
    post = (torch.rand(15, 3, 4, generator=g) < 0.3).double()
    a = torch.rand(15, 3, generator=g, dtype=torch.float64) * 0.02
    inh = torch.tensor([False, True, False, False, True, False])
    p = AstroSTDPParams(eta=0.01, tau=4.0, w_max=1e9)
    w0 = torch.zeros(4, 6, dtype=torch.float64) + torch.where(inh, -1.0, 1.0)
    for signed in (False, True):
        w, tr = w0, Traces(torch.zeros_like(pre[0]), torch.zeros_like(post[0]))
        for t in range(15):
            w, tr = astro_stdp(w, pre[t], post[t], tr, a[t], inh, p, signed)
        whole = astro_stdp_presentation(w0, pre, post, a, inh, p, signed)
        assert not torch.equal(w, w0) and torch.allclose(whole, w, atol=1e-12)
    clipped = astro_stdp_presentation(w0, pre, post, a, inh, p._replace(w_max=1.0))
    assert (clipped[:, ~inh] <= 1.0).all() and (clipped[:, inh] >= -1.0).all()


def test_float64_weights_clip_at_the_exact_bound() -> None:
    one, zero = torch.ones(1, 1, dtype=torch.float64), torch.zeros(1, 1, dtype=torch.float64)
    p = AstroSTDPParams(eta=1.0, tau=10.0, w_max=0.15)
    a, inh = torch.tensor([0.3], dtype=torch.float64), torch.tensor([False])
    w, tr = astro_stdp(torch.full((1, 1), 0.149, dtype=torch.float64), one, zero,
                       Traces(zero, zero), a, inh, p)
    w, _ = astro_stdp(w, zero, one, tr, a, inh, p)  # a large causal change
    assert w.item() == 0.15  # not float32's 0.15000000596


@pytest.mark.parametrize("hold", [True, False])
def test_refractory_hold_or_integrate(hold: bool) -> None:
    params = LiquidParams(hold=hold)  # gain 32, tau_syn 2, tau_mem 64, refractory 2
    state = liquid_initial_state(1, 1, params, torch.float64)
    z, state = liquid_step(torch.tensor([[3.0]], dtype=torch.float64), state, None, params)
    assert z.item() == 1.0 and state.lif.v.item() == 0.0  # spiked, reset to 0
    z, state = liquid_step(torch.zeros(1, 1, dtype=torch.float64), state, None, params)
    assert z.item() == 0.0  # refractory: no spike either way
    # i = 0.5 * 96 = 48, so the un-reset potential is 0 + (0 - 0 + 48) / 64 = 0.75
    assert state.lif.v.item() == (0.0 if hold else 0.75)
