"""Both fast paths of lif_sequence (native C kernel, pure-torch loop) vs the lif_step loop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from tests.brain.lif_paths import stepwise, use_path

from cortexlog.brain import (
    ARCTAN,
    FAST_SIGMOID,
    TRIANGLE,
    LIFParams,
    LIFState,
    Reset,
    Surrogate,
    lif_sequence,
    native,
)

PATHS = ["native", "torch"]


RESETS: list[Reset | str] = [Reset.SUBTRACT, Reset.ZERO, "subtract", "zero"]
SURROGATES: list[Surrogate | str] = [
    FAST_SIGMOID, ARCTAN, TRIANGLE, "arctan", Surrogate("triangle", 0.4),
    Surrogate("fast_sigmoid", 2.0),
]
OPTIONS = ["shifted", "no_syn_memory", "dt", "tensor"]


def _make(option: str, reset: Reset | str, surr: Surrogate | str) -> LIFParams:
    """One neuron option of the public API with the given reset mode and surrogate."""
    kw: dict[str, Any] = {"reset": reset, "surrogate": surr}
    if option == "shifted":  # leak and reset potentials away from zero
        return LIFParams(v_leak=0.2, v_reset=-0.1, **kw)
    if option == "no_syn_memory":  # tau_syn == dt: a = 0
        return LIFParams(tau_syn=1.0, tau_mem=2.0, v_th=0.5, **kw)
    if option == "dt":
        return LIFParams(tau_syn=3.0, tau_mem=7.0, dt=0.5, v_th=0.6, v_reset=0.1, **kw)
    d = torch.float64  # scalar tensors without grad (read as floats by the fused kernels)
    return LIFParams(tau_syn=torch.tensor(4.0, dtype=d), tau_mem=torch.tensor(8.0, dtype=d),
                     v_th=torch.tensor(0.9, dtype=d), v_leak=torch.tensor(0.1, dtype=d), **kw)


@pytest.mark.parametrize("with_state", [True, False])
@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("surr", SURROGATES, ids=str)
@pytest.mark.parametrize("reset", RESETS, ids=str)
def test_native_torch_and_loop_agree_for_every_option(
    reset: Reset | str, surr: Surrogate | str, option: str, with_state: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = _make(option, reset, surr)
    g = torch.Generator().manual_seed(7)
    kw = {"generator": g, "dtype": torch.float64}
    x = (torch.randn(30, 3, 5, **kw) * 1.5 + 0.3).requires_grad_()
    v0 = torch.randn(3, 5, **kw).requires_grad_()
    i0 = torch.randn(3, 5, **kw).requires_grad_()
    wz, wv, wi = torch.randn(30, 3, 5, **kw), torch.randn(3, 5, **kw), torch.randn(3, 5, **kw)
    state = LIFState(v0, i0) if with_state else None
    inputs = (x, v0, i0) if with_state else (x,)
    results = {}
    for path in ("loop", *PATHS):
        if path != "loop":
            use_path(path, monkeypatch)
        fn = stepwise if path == "loop" else lif_sequence
        z, s = fn(x, p, state)
        loss = (z * wz).sum() + (s.v * wv).sum() + (s.i * wi).sum()
        results[path] = (z, s, torch.autograd.grad(loss, inputs))
    z_ref, s_ref, g_ref = results["loop"]
    assert 10 < z_ref.sum() < z_ref.numel() - 10
    assert all(g.abs().sum() > 0 for g in g_ref[:2])  # i0 has no effect when tau_syn == dt
    for path in PATHS:
        z, s, g_fast = results[path]
        assert torch.equal(z, z_ref), path
        assert torch.allclose(s.v, s_ref.v, atol=1e-12) and torch.allclose(s.i, s_ref.i)
        for a, b in zip(g_fast, g_ref, strict=True):
            assert torch.allclose(a, b, atol=1e-10), path
    nat, tor = results["native"], results["torch"]  # and directly with each other
    assert torch.equal(nat[0], tor[0]) and torch.allclose(nat[1].v, tor[1].v, atol=1e-12)


@pytest.mark.parametrize("path", PATHS)
def test_float32_and_spikes_only_gradient(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_path(path, monkeypatch)
    g = torch.Generator().manual_seed(3)
    x = (torch.rand(40, 4, 6, generator=g) * 3).requires_grad_()
    z_ref, _ = stepwise(x, LIFParams(), None)
    (g_ref,) = torch.autograd.grad(z_ref.sum(), x)
    z, s = lif_sequence(x)
    (g_fast,) = torch.autograd.grad(z.sum(), x)  # final state unused: its grads are None
    assert z.dtype == torch.float32 and torch.equal(z, z_ref)
    assert torch.allclose(g_fast, g_ref, atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("path", PATHS)
def test_batch_consistency(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_path(path, monkeypatch)
    x = torch.rand(25, 4, 3, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    x = (x * 3).requires_grad_()
    z, _ = lif_sequence(x)
    (gx,) = torch.autograd.grad((z * torch.arange(3.0)).sum(), x)
    for b in range(4):
        xb = x[:, b : b + 1].detach().requires_grad_()
        zb, _ = lif_sequence(xb)
        (gb,) = torch.autograd.grad((zb * torch.arange(3.0)).sum(), xb)
        assert torch.equal(zb, z[:, b : b + 1]) and torch.allclose(gb, gx[:, b : b + 1])


def test_native_kernel_is_used_on_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    use_path("native", monkeypatch)
    calls: list[str] = []
    fwd, bwd = native.forward, native.backward
    monkeypatch.setattr(native, "forward", lambda *a: calls.append("f") or fwd(*a))
    monkeypatch.setattr(native, "backward", lambda *a: calls.append("b") or bwd(*a))
    x = torch.rand(5, 2, 3, requires_grad=True)
    lif_sequence(x)[0].sum().backward()
    assert calls == ["f", "b"]
    monkeypatch.setenv("CORTEXLOG_NATIVE", "0")
    lif_sequence(x)[0].sum().backward()
    assert calls == ["f", "b"]  # the switch really selects the pure-torch loop


def test_failed_build_falls_back_to_torch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEXLOG_NATIVE", "1")
    monkeypatch.setenv("CORTEXLOG_CACHE", str(tmp_path))
    monkeypatch.setenv("CC", str(tmp_path / "no-such-compiler"))
    monkeypatch.setattr(native, "_state", {})
    x = torch.rand(20, 2, 3, dtype=torch.float64) * 3
    with pytest.warns(UserWarning, match="native LIF kernel unavailable"):
        assert native.lib() is None
    assert not native.supports(x)
    z, s = lif_sequence(x)
    z_ref, s_ref = stepwise(x, LIFParams(), None)
    assert torch.equal(z, z_ref) and torch.allclose(s.v, s_ref.v)


@pytest.mark.parametrize("path", PATHS)
def test_double_backward_is_a_clear_error(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    use_path(path, monkeypatch)
    x = (torch.rand(15, 2, 3, dtype=torch.float64) * 3).requires_grad_()
    wz = torch.randn(15, 2, 3, dtype=torch.float64, requires_grad=True)
    z, _ = lif_sequence(x)
    (gx,) = torch.autograd.grad((z * wz).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="once_differentiable"):
        gx.sum().backward()
