"""The compiled winner-take-all layer against the torch step loop (diehl_cook_sim.simulate)."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain import wta_kernel
from cortexlog.experiments.diehl_cook_sim import DiehlCookConfig, excitatory_spikes, simulate

needs_kernel = pytest.mark.skipif(wta_kernel.kernel() is None, reason="no C compiler")


def _case(seed: int) -> tuple[torch.Tensor, torch.Tensor, DiehlCookConfig]:
    g = torch.Generator().manual_seed(seed)
    batch = 1 + seed % 3
    cfg = DiehlCookConfig(neurons=25, steps=50, dt=350 / 50, refractory_ms=3.0 + 4 * (seed % 4),
                          inhibition=[0.3, 1.2, 5.0][seed % 3],
                          inhibition_floor=[-math.inf, -0.5, -2.7][seed % 3])
    hits = torch.rand(50, batch, 25, generator=g, dtype=torch.float64) < 0.15
    drive = hits * torch.rand(50, batch, 25, generator=g, dtype=torch.float64) * (1 + seed % 4)
    # negative offsets too: the code's thresholds decay 20 mV below base (theta down to -1.5)
    theta = (torch.rand(25, generator=g, dtype=torch.float64) - 0.6) * (seed % 5) / 2
    return drive, theta, cfg


@needs_kernel
@pytest.mark.parametrize("seed", range(24))
def test_kernel_equals_step_loop(seed: int) -> None:
    drive, theta, cfg = _case(seed)
    want = simulate(drive, theta, cfg)
    assert want.sum() > 3  # spikes, inhibition and refractoriness are exercised
    ref = max(1, round(cfg.refractory_ms / cfg.dt))
    got = wta_kernel.wta_layer(drive, theta, math.exp(-cfg.dt / cfg.tau_mem), ref,
                               cfg.inhibition, cfg.inhibition_floor)
    assert got is not None and torch.equal(got, want)
    assert torch.equal(excitatory_spikes(drive, theta, cfg), want)


@needs_kernel
@pytest.mark.parametrize("seed", range(8))
def test_float32_computes_as_the_float32_loop(seed: int) -> None:
    drive, theta, cfg = _case(seed)
    got = excitatory_spikes(drive.float(), theta.float(), cfg)
    assert got.dtype == torch.float32 and got.shape == drive.shape
    assert torch.equal(got, simulate(drive.float(), theta.float(), cfg))


@needs_kernel
def test_other_dtypes_compute_in_float64() -> None:
    drive, theta, cfg = _case(2)
    got = excitatory_spikes(drive.bfloat16(), theta, cfg)
    assert got.dtype == torch.bfloat16
    assert torch.equal(got.double(), simulate(drive.bfloat16().double(), theta, cfg))


@pytest.mark.parametrize("batch", [1, 3])
def test_fallback_without_compiler(monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    drive, theta, cfg = _case(batch)
    want = simulate(drive[:, :batch], theta, cfg)
    monkeypatch.setattr(wta_kernel, "kernel", lambda: None)
    assert wta_kernel.wta_layer(drive, theta, 0.9, 1, 1.0, 0.0) is None
    assert torch.equal(excitatory_spikes(drive[:, :batch], theta, cfg), want)


@needs_kernel
def test_by_hand() -> None:
    cfg = DiehlCookConfig(neurons=2, steps=6, dt=10.0, tau_mem=10.0, refractory_ms=10.0)
    # neuron 0 gets 0.6 per step and never reaches 1; neuron 1 gets 1.5 at steps 2 and 3:
    # it wins at 2, is refractory at 3; neuron 0 drops by 5 when it wins
    drive = torch.zeros(6, 1, 2, dtype=torch.float64)
    drive[:, 0, 0] = 0.6
    drive[2, 0, 1] = drive[3, 0, 1] = 1.5
    out = excitatory_spikes(drive, torch.zeros(2, dtype=torch.float64), cfg)
    assert out[:, 0, 1].tolist() == [0, 0, 1, 0, 0, 0]
    assert out[:, 0, 0].sum() == 0
