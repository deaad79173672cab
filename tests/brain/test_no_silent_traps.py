"""Issue 13: what a Norse/snnTorch user tries first either works or fails with a clear error."""

from __future__ import annotations

from typing import Any

import pytest
import torch
from tests.brain.lif_paths import stepwise, use_path
from torch import nn

from cortexlog.brain import (
    ALIF,
    LIF,
    TRIANGLE,
    ALIFParams,
    Izhikevich,
    IzhikevichParams,
    LIFParams,
    Reset,
    Surrogate,
    lif_sequence,
    lif_step,
    native,
)
from cortexlog.brain.nets import SpikingDigitNet, WarmBatchNorm2d
from cortexlog.errors import CortexlogError

PATHS = ["native", "torch", "loop"]


# --- spikes-only modules in nn.Sequential ---------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_lif_goes_into_sequential(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fused = use_path(path, monkeypatch)
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(3, 6), LIF(fused=fused, return_state=False), nn.Linear(6, 2))
    x = torch.rand(12, 4, 3) * 3
    out = net(x)
    assert out.shape == (12, 4, 2)
    z_ref, _ = LIF()(net[0](x))  # the explicit-state form is unchanged
    assert torch.equal(net[2](z_ref), out) and z_ref.sum() > 5
    out.sum().backward()
    assert net[0].weight.grad is not None and net[0].weight.grad.abs().sum() > 0


def test_every_spiking_module_has_a_spikes_only_mode() -> None:
    x = torch.rand(4, 10, 3) * 20  # batch_first
    for cls, p in ((LIF, LIFParams()), (ALIF, ALIFParams()), (Izhikevich, IzhikevichParams())):
        z_state = cls(p, batch_first=True)(x)  # type: ignore[operator]
        z_only = nn.Sequential(cls(p, batch_first=True, return_state=False))(x)  # type: ignore[operator]
        assert isinstance(z_only, torch.Tensor) and torch.equal(z_only, z_state[0])
        assert z_only.shape == x.shape and z_only.sum() > 0


# --- options: the same on every path, or rejected at construction ----------------------


@pytest.mark.parametrize("name", ["subtract", "zero"])
def test_reset_given_by_name_is_the_same_on_every_path(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = LIFParams(v_leak=0.2, v_reset=-0.1, reset=name)  # type: ignore[arg-type]
    assert p.reset is Reset(name)
    x = torch.rand(60, 2, 7, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    z_ref, s_ref = stepwise(x * 3, p)
    for path in PATHS:
        fused = use_path(path, monkeypatch)
        z, s = LIF(p, fused=fused)(x * 3)
        assert torch.equal(z, z_ref), path
        assert torch.allclose(s.v, s_ref.v, atol=1e-12), path


def test_surrogate_given_by_name() -> None:
    assert LIFParams(surrogate="triangle").surrogate == TRIANGLE  # type: ignore[arg-type]
    assert IzhikevichParams(surrogate="triangle").surrogate == TRIANGLE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cls", "kwargs", "hint"),
    [
        (LIFParams, {"reset": "hard"}, "subtract, zero"),
        (LIFParams, {"reset": 0}, "subtract, zero"),
        (LIFParams, {"surrogate": "sigmoid"}, "arctan, fast_sigmoid, triangle"),
        (LIFParams, {"surrogate": 3.0}, "FAST_SIGMOID"),
        (LIFParams, {"tau_mem": 0.0}, "positive"),
        (LIFParams, {"tau_syn": -5.0}, "positive"),
        (LIFParams, {"dt": 0}, "positive"),
        (LIFParams, {"tau_mem": torch.tensor([10.0, -1.0])}, "positive"),
        (LIFParams, {"v_th": "1"}, "float"),
        (LIFParams, {"v_th": torch.tensor(1)}, "floating-point"),
        (ALIFParams, {"tau_adapt": 0.0}, "positive"),
        (ALIFParams, {"lif": {"tau_mem": 5.0}}, ""),
        (IzhikevichParams, {"dt": -0.5}, "positive"),
        (Surrogate, {"name": "arctan", "alpha": 0.0}, "sharpness"),
        (Surrogate, {"name": "arctan", "alpha": float("nan")}, "sharpness"),
    ],
)
def test_unsupported_options_are_rejected_at_construction(
    cls: Any, kwargs: dict[str, Any], hint: str
) -> None:
    with pytest.raises(CortexlogError) as err:
        cls(**kwargs)
    assert hint in str(err.value)


# --- learnable tensor parameters get gradients on every path ---------------------------


def _learnable() -> tuple[LIFParams, dict[str, nn.Parameter]]:
    d = torch.float64
    ps = {
        "tau_syn": nn.Parameter(torch.tensor(4.0, dtype=d)),
        "tau_mem": nn.Parameter(torch.tensor([6.0, 8.0, 10.0, 12.0, 9.0], dtype=d)),
        "v_th": nn.Parameter(torch.tensor(0.8, dtype=d)),
        "v_leak": nn.Parameter(torch.tensor(0.1, dtype=d)),
    }
    return LIFParams(**ps, v_reset=-0.05), ps  # type: ignore[arg-type]


@pytest.mark.parametrize("path", PATHS)
def test_learnable_parameters_get_gradients_on_every_path(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fused = use_path(path, monkeypatch)
    p, ps = _learnable()
    lif = LIF(p, fused=fused)
    assert dict(lif.named_parameters()) == ps  # registered: an optimizer sees them
    g = torch.Generator().manual_seed(4)
    x = torch.rand(40, 3, 5, generator=g, dtype=torch.float64) * 2
    wz = torch.randn(40, 3, 5, generator=g, dtype=torch.float64)
    z, s = lif(x)
    grads = torch.autograd.grad((z * wz).sum() + s.v.sum(), list(ps.values()))
    z_ref, s_ref = stepwise(x, p)  # oracle: plain autograd through lif_step
    ref = torch.autograd.grad((z_ref * wz).sum() + s_ref.v.sum(), list(ps.values()))
    assert torch.equal(z, z_ref) and 20 < z.sum() < z.numel() - 20
    for a, b in zip(grads, ref, strict=True):
        assert a.abs().sum() > 0 and torch.allclose(a, b, atol=1e-12)


@pytest.mark.parametrize("path", PATHS)
def test_parameter_gradients_pass_gradcheck(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # With a narrow triangle surrogate and every potential farther than its support from
    # the threshold, the surrogate terms vanish and autograd must equal finite differences
    # of the true (piecewise smooth) dynamics, spikes and resets included.
    fused = use_path(path, monkeypatch)
    d = torch.float64
    x = torch.rand(15, 1, 3, generator=torch.Generator().manual_seed(92), dtype=d) * 2.5
    surr = Surrogate("triangle", 50.0)  # support |u - v_th| < 0.02
    for reset in Reset:
        def final(tau_syn: torch.Tensor, tau_mem: torch.Tensor, v_th: torch.Tensor,
                  reset: Reset = reset) -> tuple[torch.Tensor, torch.Tensor]:
            p = LIFParams(tau_syn=tau_syn, tau_mem=tau_mem, v_th=v_th, v_reset=0.1,
                          reset=reset, surrogate=surr)
            z, s = LIF(p, fused=fused)(x)
            return s.v, (z * torch.arange(15.0, dtype=d).view(-1, 1, 1)).sum()

        args = (torch.tensor(3.0, dtype=d), torch.tensor([5.0, 7.0, 9.0], dtype=d),
                torch.tensor(0.9, dtype=d))
        # margins: recompute the pre-reset potentials u and check |u - v_th| > 0.03
        p = LIFParams(tau_syn=3.0, tau_mem=args[1], v_th=0.9, v_reset=0.1, reset=reset)
        state = None
        margins = []
        for t in range(15):
            v_prev = torch.zeros_like(x[0]) if state is None else state.v
            z, state = lif_step(x[t], state, p)
            u = v_prev + (1.0 / args[1]) * (-v_prev + state.i)
            margins.append((u - 0.9).abs().min().item())
        assert min(margins) > 0.03 and 0 < final(*args)[1].item()
        inputs = tuple(a.clone().requires_grad_() for a in args)
        assert torch.autograd.gradcheck(final, inputs, eps=1e-6, atol=1e-7)


def test_tensor_parameters_without_grad_keep_the_fused_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_path("native", monkeypatch)
    calls: list[int] = []
    fwd = native.forward
    monkeypatch.setattr(native, "forward", lambda *a: calls.append(1) or fwd(*a))
    x = torch.rand(10, 2, 3) * 3
    p = LIFParams(tau_mem=torch.tensor(8.0), v_th=torch.tensor(0.7))
    z, _ = lif_sequence(x, p)
    assert calls == [1]
    assert torch.equal(z, lif_sequence(x, LIFParams(tau_mem=8.0, v_th=0.7))[0])
    learn = LIFParams(tau_mem=nn.Parameter(torch.tensor(8.0)))
    with torch.no_grad():  # no gradient needed: still the kernel
        lif_sequence(x, learn)
    assert calls == [1, 1, 1]


# --- evaluation after a short run: BatchNorm running statistics --------------------------


def test_warm_batchnorm_statistics_are_exact_from_the_first_batch() -> None:
    g = torch.Generator().manual_seed(0)
    batches = [torch.randn(8, 2, 3, 3, generator=g) * 0.1 + 0.5 for _ in range(15)]
    bn = WarmBatchNorm2d(2)
    for n, b in enumerate(batches, start=1):
        bn(b)
        if n <= 10:  # cumulative average while 1/n >= momentum
            seen = torch.stack(batches[:n])
            mean = seen.mean((1, 3, 4)).mean(0)
            var = seen.transpose(1, 2).flatten(2).var(2).mean(0)  # unbiased per batch
            assert torch.allclose(bn.running_mean, mean, atol=1e-6)
            assert torch.allclose(bn.running_var, var, atol=1e-6)
    assert bn.momentum == 0.1  # then the usual exponential average
    plain = nn.BatchNorm2d(2)
    plain.load_state_dict(bn.state_dict())  # same buffers: checkpoints interchange
    plain.eval()
    bn.eval()
    assert torch.equal(plain(batches[0]), bn(batches[0]))


def test_spiking_digit_net_uses_warm_batchnorm() -> None:
    net = SpikingDigitNet(steps=2, image_size=8, channels=(4, 8), hidden=16)
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    assert len(bns) == 2 and all(isinstance(m, WarmBatchNorm2d) for m in bns)
