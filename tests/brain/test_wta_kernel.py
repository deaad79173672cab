"""The compiled winner-take-all layer against the torch step loop (diehl_cook_sim.simulate)."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain import wta_kernel
from cortexlog.experiments.diehl_cook_sim import (
    DiehlCookConfig,
    excitatory_spikes,
    input_spikes_to_layer,
    simulate,
)

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
    got = wta_kernel.wta_layer(drive, theta, *cfg.layer_constants(), cfg.inhibition,
                               cfg.inhibition_floor)
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


def _input_case(seed: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, DiehlCookConfig]:
    g = torch.Generator().manual_seed(100 + seed)
    cfg = DiehlCookConfig(neurons=30, steps=40, dt=350 / 40, refractory_ms=5.0,
                          inhibition=[0.3, 1.2, 5.0][seed % 3],
                          inhibition_floor=[-math.inf, -0.5, -2.7][seed % 3])
    spikes = (torch.rand(40, 1 + seed % 3, 50, generator=g, dtype=torch.float64) < 0.1).double()
    w = torch.rand(30, 50, generator=g, dtype=torch.float64)
    theta = (torch.rand(30, generator=g, dtype=torch.float64) - 0.5) * (seed % 4) / 2
    return spikes, w, theta, cfg


@needs_kernel
@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("column_major", [False, True])
def test_input_driven_kernel_equals_drive_then_loop(seed: int, column_major: bool) -> None:
    spikes, w, theta, cfg = _input_case(seed)
    gain = 0.4
    want = simulate(gain * (spikes @ w.T), theta, cfg)
    assert want.sum() > 3
    if column_major:  # the layout sym-stdp keeps: w.T contiguous, read in place
        w = w.T.contiguous().T
    got = wta_kernel.wta_input_layer(spikes, w, gain, theta, *cfg.layer_constants(),
                                     cfg.inhibition, cfg.inhibition_floor)
    assert got is not None and torch.equal(got, want)
    assert torch.equal(input_spikes_to_layer(spikes, w, gain, theta, cfg), want)


@needs_kernel
@pytest.mark.parametrize("seed", range(6))
def test_input_driven_kernel_float32(seed: int) -> None:
    spikes, w, theta, cfg = _input_case(seed)
    got = input_spikes_to_layer(spikes.float(), w.float(), 0.4, theta.float(), cfg)
    assert got.dtype == torch.float32
    assert torch.equal(got, simulate(0.4 * (spikes.float() @ w.float().T), theta.float(), cfg))


@needs_kernel
def test_input_driven_kernel_rejects_the_transposed_layout() -> None:
    spikes, w, theta, cfg = _input_case(0)
    with pytest.raises(ValueError, match=r"\[out, in\]"):
        wta_kernel.wta_input_layer(spikes, w.T.contiguous(), 0.4, theta, 0.9, 1, 1.0, 0.0)


def test_input_driven_fallback_without_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    spikes, w, theta, cfg = _input_case(4)
    want = simulate(0.4 * (spikes @ w.T), theta, cfg)
    monkeypatch.setattr(wta_kernel, "kernel", lambda: None)
    assert wta_kernel.wta_input_layer(spikes, w, 0.4, theta, 0.9, 1, 1.0, 0.0) is None
    assert torch.equal(input_spikes_to_layer(spikes, w, 0.4, theta, cfg), want)
