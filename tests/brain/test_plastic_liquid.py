"""The plastic liquid (NALSM's presentations with plasticity on): the C kernel against the
step-by-step rule built from :func:`~cortexlog.brain.astro.astro_stdp`, and against the
frozen liquid when nothing learns."""

from __future__ import annotations

import pytest
import torch

from cortexlog.brain import plastic_liquid as pl
from cortexlog.brain.astro import AstroParams, AstroSTDPParams
from cortexlog.brain.liquid import (
    DEFAULT_LIQUID,
    LiquidParams,
    liquid_initial_state,
    liquid_step,
    spatial_wiring,
)
from cortexlog.brain.neurons import LIFParams, Reset
from cortexlog.errors import CortexlogError

W_MAX = 0.15
LIQUIDS = {"zero reset": DEFAULT_LIQUID,
           "subtract reset": LiquidParams(LIFParams(tau_syn=2.0, tau_mem=20.0, v_th=1.0,
                                                    reset=Reset.SUBTRACT), 1, 10.0),
           "integrating refractory": DEFAULT_LIQUID._replace(hold=False, refractory=3)}


def small_liquid(seed: int = 0, n_side: int = 3, d: int = 10) -> tuple[torch.Tensor, ...]:
    g = torch.Generator().manual_seed(seed)
    wiring = spatial_wiring((n_side,) * 3, c=(0.6, 0.5, 0.7, 0.3), generator=g)
    n = n_side**3
    mask_in = (torch.rand(n, d, generator=g) < 0.5).float()
    sign_in = torch.where(torch.rand(n, d, generator=g) < 0.5, -1.0, 1.0)
    w_in = W_MAX * torch.rand(n, d, generator=g) * sign_in * mask_in
    sign = torch.where(wiring.inhibitory, -1.0, 1.0).view(1, -1)
    w = W_MAX * torch.rand(n, n, generator=g) * sign * wiring.mask
    spikes = (torch.rand(50, 4, d, generator=g) < 0.4).float()
    return w_in, w, mask_in, wiring.mask, wiring.inhibitory, spikes


def rule(astro: bool, eta: float = 0.01, decay: float = 0.99) -> pl.PresentationRule:
    return pl.PresentationRule(AstroSTDPParams(eta=eta, tau=10.0, w_max=W_MAX),
                               AstroParams(0.02, eta, 50.0) if astro else None, decay)


needs_native = pytest.mark.skipif(pl.kernel() is None, reason="no C compiler")


@needs_native
@pytest.mark.parametrize("astro", [True, False])
@pytest.mark.parametrize("decay", [0.99, 1.0])
@pytest.mark.parametrize("liquid", list(LIQUIDS))
@pytest.mark.parametrize("carry", [False, True])
@pytest.mark.parametrize("seed", [0, 1])
def test_kernel_equals_stepwise_rule(astro: bool, decay: float, liquid: str, carry: bool,
                                     seed: int) -> None:
    w_in, w, mask_in, mask, inh, spikes = small_liquid(seed)
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    r = rule(astro, decay=decay)
    ref = pl._stepwise(syn, spikes, r, LIQUIDS[liquid], 3, carry)
    for threads in (1, 2, 3):
        out = pl._native(syn, spikes, r, LIQUIDS[liquid], 3, carry, threads)
        assert torch.equal(out.counts, ref.counts) and torch.equal(out.rasters, ref.rasters)
        assert torch.allclose(out.depression, ref.depression, rtol=1e-12)
        assert torch.allclose(out.weights, ref.weights, rtol=0, atol=1e-12)
    assert ref.counts.sum() > 0
    if not astro:
        assert torch.allclose(ref.depression, torch.ones(4, dtype=torch.float64))
    assert torch.equal(ref.weights, syn.w) != carry  # carried weights have learnt


@pytest.mark.parametrize("path", ["native", "torch"])
def test_no_learning_is_the_frozen_liquid(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if path == "torch":
        monkeypatch.setenv("CORTEXLOG_NATIVE", "0")
    elif pl.kernel() is None:
        pytest.skip("no C compiler")
    w_in, w, mask_in, mask, inh, spikes = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    counts, raster, _, _ = pl.present(syn, spikes, rule(False, eta=0.0), record=4)
    state = liquid_initial_state(4, 27, DEFAULT_LIQUID, torch.float64)
    frozen = []
    for s_in in spikes.double():
        z, state = liquid_step(s_in @ w_in.double().T, state, w.double(), DEFAULT_LIQUID)
        frozen.append(z)
    assert torch.equal(raster, torch.stack(frozen).float())
    assert torch.equal(counts, torch.stack(frozen).sum(0).float())


def test_learning_changes_the_states() -> None:
    w_in, w, mask_in, mask, inh, spikes = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    frozen = pl.present(syn, spikes, rule(False, eta=0.0)).counts
    learned = pl.present(syn, spikes, rule(True, eta=0.02)).counts
    assert not torch.equal(frozen, learned)


def test_carry_is_presenting_one_by_one() -> None:
    w_in, w, mask_in, mask, inh, spikes = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    whole = pl.present(syn, spikes, rule(True), carry=True)
    step = syn
    for b in range(spikes.shape[1]):
        out = pl.present(step, spikes[:, b : b + 1], rule(True), carry=True)
        assert torch.equal(out.counts[0], whole.counts[b])
        step = pl.with_weights(step, out.weights)
    assert torch.equal(step.w, whole.weights)
    dense_in, dense = pl.dense_weights(step, w_in.shape[1])
    assert torch.equal(dense_in != 0, (mask_in != 0) & (dense_in != 0))
    assert bool((dense[:, inh] <= 0).all()) and bool((dense[:, ~inh] >= 0).all())
    assert float(dense.abs().max()) <= W_MAX + 1e-7


def test_synapse_lists_layout() -> None:
    w_in, w, mask_in, mask, inh, _ = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    n, d = w_in.shape
    assert syn.pre.numel() == int(mask_in.sum() + mask.sum())
    assert bool((syn.pre[1:] >= syn.pre[:-1]).all())  # sorted by pre
    for j in range(d + n):
        block = syn.pre[syn.out_ptr[j] : syn.out_ptr[j + 1]]
        assert bool((block == j).all())
    for q in range(n):
        block = syn.post[syn.in_syn[syn.in_ptr[q] : syn.in_ptr[q + 1]]]
        assert bool((block == q).all())
    dense = torch.zeros(n, d + n, dtype=torch.float64)
    dense[syn.post, syn.pre] = syn.w
    assert torch.equal(dense, torch.cat([w_in, w], 1).double())
    pre_inh = syn.inhibitory[syn.pre]
    assert bool((syn.hi[pre_inh] == 0).all()) and bool((syn.lo[pre_inh] == -W_MAX).all())
    inputs = syn.pre < d
    assert bool((syn.lo[inputs] == -W_MAX).all()) and bool((syn.hi[inputs] == W_MAX).all())
    exc = ~pre_inh & ~inputs
    assert bool((syn.lo[exc] == 0).all()) and bool((syn.hi[exc] == W_MAX).all())


def test_empty_batch() -> None:
    w_in, w, mask_in, mask, inh, spikes = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    out = pl.present(syn, spikes[:, :0], rule(True))
    assert out.counts.shape == (0, 27) and out.rasters.shape == (50, 0, 27)


@pytest.mark.parametrize("shape", [(50, 4, 9), (50, 10), (4, 50, 11)])
def test_misfit_spikes_are_a_clear_error(shape: tuple[int, ...]) -> None:
    w_in, w, mask_in, mask, inh, _ = small_liquid()
    syn = pl.synapse_lists(w_in, w, mask_in, mask, inh, W_MAX)
    with pytest.raises(CortexlogError, match=r"do not fit a liquid with 10 inputs"):
        pl.present(syn, torch.zeros(shape), rule(True))
