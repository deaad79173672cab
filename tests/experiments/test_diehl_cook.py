"""Unit checks of the Diehl & Cook simulation: event-driven == step-by-step, hand cases."""

from __future__ import annotations

import math

import pytest
import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.experiments.diehl_cook import (
    DiehlCookConfig,
    dc_stdp,
    excitatory_spikes,
    simulate,
    simulate_events,
)


@pytest.mark.parametrize("seed", range(20))
def test_event_driven_matches_step_by_step(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    cfg = DiehlCookConfig(neurons=30, steps=60, dt=350 / 60, refractory_ms=12.0, inhibition=0.5)
    hits = torch.rand(60, 1, 30, generator=g, dtype=torch.float64) < 0.1
    drive = hits * torch.rand(60, 1, 30, generator=g, dtype=torch.float64) * (2 + seed % 3)
    theta = torch.rand(30, generator=g, dtype=torch.float64) * 0.5
    steps = simulate(drive, theta, cfg)
    assert steps.sum() > 3  # the case exercises spikes, inhibition and refractoriness
    assert torch.equal(simulate_events(drive, theta, cfg), steps)


def test_one_neuron_by_hand() -> None:
    cfg = DiehlCookConfig(neurons=2, steps=6, dt=10.0, tau_mem=10.0, refractory_ms=10.0)
    # neuron 0 gets 0.6 per step: v = 0.6, 0.6/e + 0.6 = 0.82, 0.90, 0.93 ... never > 1
    # neuron 1 gets 1.5 at steps 2, 3: spikes at 2, is refractory at 3 (ignores its input)
    drive = torch.zeros(6, 1, 2, dtype=torch.float64)
    drive[:, 0, 0] = 0.6
    drive[2, 0, 1] = drive[3, 0, 1] = 1.5
    out = simulate_events(drive, torch.zeros(2, dtype=torch.float64), cfg)
    assert out[:, 0, 1].tolist() == [0, 0, 1, 0, 0, 0]
    assert out[:, 0, 0].sum() == 0
    assert torch.equal(out, simulate(drive, torch.zeros(2, dtype=torch.float64), cfg))
    # the path the experiments take (the compiled kernel when there is a compiler)
    assert torch.equal(out, excitatory_spikes(drive, torch.zeros(2, dtype=torch.float64), cfg))


def test_stdp_single_pair_by_hand() -> None:
    cfg = DiehlCookConfig(neurons=1, dt=1.0, tau_pre=20.0, tau_post=20.0, x_tar=0.4, mu=0.0,
                          eta_post=0.01, eta_pre=0.001, tau_post2=0.0)
    pre = torch.zeros(5, 1, 1)
    post = torch.zeros(5, 1, 1)
    pre[1], post[3], pre[4] = 1.0, 1.0, 1.0
    w = dc_stdp(torch.full((1, 1), 0.5), pre, post, cfg)
    # post at 3 reads x_pre = e^(-2/20); pre at 4 reads x_post = e^(-1/20)
    want = 0.5 + 0.01 * (math.exp(-0.1) - 0.4) - 0.001 * math.exp(-0.05)
    assert w.item() == pytest.approx(want, rel=1e-6)


def test_triplet_stdp_by_hand() -> None:
    cfg = DiehlCookConfig(neurons=1, dt=1.0, tau_pre=20.0, tau_post2=40.0, eta_pre=0.001)
    pre = torch.zeros(6, 1, 1)
    post = torch.zeros(6, 1, 1)
    pre[1], post[2], post[4] = 1.0, 1.0, 1.0
    w = dc_stdp(torch.full((1, 1), 0.5), pre, post, cfg)
    # first post spike (t=2): slow post trace still 0, no change; second (t=4) reads
    # x_pre = e^(-3/20) and x_post2 = e^(-2/40); no pre spike follows a post spike
    assert w.item() == pytest.approx(0.5 + 0.01 * math.exp(-0.15) * math.exp(-0.05), rel=1e-6)


def test_linear_weight_goes_into_dc_stdp() -> None:
    """`nn.Linear`'s `[out, in]` weight is dc_stdp's `[n_post, n_pre]`; a transpose raises."""
    lin = nn.Linear(4, 3, bias=False)
    with torch.no_grad():
        lin.weight.copy_(torch.rand(3, 4) * 0.5 + 0.1)  # inside [0, w_max]
    w = lin.weight.detach()
    cfg = DiehlCookConfig(neurons=3, dt=1.0, tau_post2=0.0, mu=0.0, x_tar=0.0, eta_pre=0.0)
    pre = torch.zeros(3, 1, 4)
    post = torch.zeros(3, 1, 3)
    pre[0, 0, 1], post[1, 0, 2] = 1.0, 1.0  # input 1 at t=0, output 2 at t=1
    dw = dc_stdp(w, pre, post, cfg) - w
    assert dw.shape == (3, 4) and dw[2, 1].item() == pytest.approx(
        0.01 * math.exp(-1 / 20), rel=1e-5
    )
    dw[2, 1] = 0.0
    assert dw.abs().max() == 0
    with pytest.raises(CortexlogError, match=r"\[n_post, n_pre\]"):
        dc_stdp(w.T, pre, post, cfg)
