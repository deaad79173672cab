"""Neuron dynamics vs hand-integrated scalar references; batch consistency; no shared state."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain import (
    ALIF,
    LIF,
    ALIFParams,
    Izhikevich,
    IzhikevichParams,
    LIFParams,
    Reset,
    alif_step,
    izhikevich_step,
    lif_step,
)


def ref_lif(xs: list[float], p: LIFParams) -> tuple[list[int], list[float]]:
    """Plain-python forward-Euler LIF (the hand-integrated reference)."""
    v, i, out, vs = p.v_leak, 0.0, [], []
    for x in xs:
        i = (1 - p.dt / p.tau_syn) * i + x
        u = v + p.dt / p.tau_mem * (p.v_leak - v + i)
        z = 1 if u > p.v_th else 0
        if p.reset is Reset.SUBTRACT:
            v = u - z * (p.v_th - p.v_reset)
        else:
            v = p.v_reset if z else u
        out.append(z)
        vs.append(v)
    return out, vs


def test_lif_hand_values() -> None:
    # x = 1 at t=0 only: i = 1, 0.8, 0.64; v = 0.1, 0.9*0.1+0.08, 0.9*0.17+0.064
    p = LIFParams()
    state, vs = None, []
    for x in [1.0, 0.0, 0.0]:
        _, state = lif_step(torch.tensor([x]), state, p)
        vs.append(state.v.item())
    assert vs == pytest.approx([0.1, 0.17, 0.217])


@pytest.mark.parametrize("reset", [Reset.SUBTRACT, Reset.ZERO])
def test_lif_matches_reference(reset: Reset) -> None:
    p = LIFParams(v_leak=0.2, v_reset=-0.1, reset=reset)
    xs = [0.5 + 0.4 * math.sin(t / 3) for t in range(60)]
    ref_z, ref_v = ref_lif(xs, p)
    for fused in (False, True):
        z, state = LIF(p, fused=fused)(torch.tensor(xs, dtype=torch.float64).view(-1, 1))
        assert z.flatten().tolist() == ref_z
        assert state.v.item() == pytest.approx(ref_v[-1], abs=1e-12)
    assert sum(ref_z) > 3


def test_lif_constant_input_rate() -> None:
    # no leak current limit: steady i = x / (1 - a) = 5x; v -> 5x, so x = 0.1 never fires
    z, _ = LIF()(torch.full((300, 1), 0.1))
    assert z.sum() == 0
    z, _ = LIF()(torch.full((300, 1), 0.5))
    assert z.sum() > 50


def test_alif_threshold_adapts() -> None:
    p = ALIFParams(tau_adapt=100.0, beta=0.5)
    xs = torch.full((200, 1), 0.6)
    z_lif, _ = LIF(p.lif, fused=False)(xs)
    z_alif, state = ALIF(p)(xs)
    assert 0 < z_alif.sum() < z_lif.sum()
    # reference for the adaptation variable: a = sum over spikes of (1 - dt/tau)^(T-1-t)
    decay = 1 - 1 / 100.0
    ref_a = sum(decay ** (199 - t) for t in range(200) if z_alif[t, 0] > 0)
    assert state.a.item() == pytest.approx(ref_a, rel=1e-5)


def test_alif_step_first_spike() -> None:
    z, s = alif_step(torch.tensor([20.0]), None, ALIFParams(beta=2.0))
    assert z.item() == 1.0 and s.a.item() == 1.0
    assert s.v.item() == pytest.approx(2.0 - 1.0)  # subtracts v_th + beta * a_old (a_old = 0)
    z, s = alif_step(torch.tensor([0.0]), s, ALIFParams(beta=2.0))
    # i = 16, u = 1 + 0.1 (0 - 1 + 16) = 2.5 < 1 + 2 * 1: the raised threshold blocks a spike
    assert z.item() == 0.0 and s.v.item() == pytest.approx(2.5)


def ref_izhikevich(xs: list[float], p: IzhikevichParams) -> list[int]:
    v, u, out = p.c, p.b * p.c, []
    for x in xs:
        vn = v + p.dt * (0.04 * v * v + 5 * v + 140 - u + x)
        un = u + p.dt * p.a * (p.b * v - u)
        if vn > p.v_th:
            out.append(1)
            v, u = p.c, un + p.d
        else:
            out.append(0)
            v, u = vn, un
    return out


def test_izhikevich_regular_spiking() -> None:
    p = IzhikevichParams()
    xs = [10.0] * 2000  # 1 s at dt = 0.5 ms
    ref = ref_izhikevich(xs, p)
    z, _ = Izhikevich(p)(torch.tensor(xs, dtype=torch.float64).view(-1, 1))
    assert z.flatten().tolist() == ref
    spikes = [t for t, s in enumerate(ref) if s]
    isis = [b - a for a, b in zip(spikes, spikes[1:], strict=False)]
    assert len(spikes) > 5 and isis[-1] > isis[0]  # regular spiking cells adapt


def test_izhikevich_step_with_state_and_gradient() -> None:
    x = torch.full((3,), 10.0, requires_grad=True)
    z, s = izhikevich_step(x, None)
    s.v.sum().backward()
    assert x.grad is not None and torch.allclose(x.grad, torch.full((3,), 0.5), atol=1e-3)


@pytest.mark.parametrize("module", [LIF(), LIF(fused=False), ALIF(), Izhikevich()])
def test_batch_consistency(module: torch.nn.Module) -> None:
    g = torch.Generator().manual_seed(0)
    scale = 20.0 if isinstance(module, Izhikevich) else 1.0
    x = torch.rand(40, 5, 3, generator=g, dtype=torch.float64) * scale
    z, _ = module(x)
    for i in range(5):
        zi, _ = module(x[:, i : i + 1])
        assert torch.equal(z[:, i : i + 1], zi)


def test_batch_first_layout() -> None:
    x = torch.rand(30, 4, 6, dtype=torch.float64) * 2
    z_tm, _ = LIF()(x)
    z_bf, _ = LIF(batch_first=True)(x.transpose(0, 1))
    assert torch.equal(z_bf, z_tm.transpose(0, 1))


def test_no_shared_state_and_fresh_forward() -> None:
    x = torch.rand(20, 2, 4) * 2
    a, b = LIF(), LIF()
    z1, s1 = a(x)
    _ = b(torch.rand(20, 2, 4) * 5)  # another module's activity must not leak in
    z2, _ = a(x)
    assert torch.equal(z1, z2)  # a fresh forward starts from rest
    z3, _ = a(x, s1)  # continuing from a state is explicit
    assert not torch.equal(z1, z3) or z1.sum() == 0
    assert list(a.state_dict()) == [] and list(a.buffers()) == []
