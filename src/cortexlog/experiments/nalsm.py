"""NALSM (Ivanov & Michmizos, NeurIPS 2021): a liquid tuned by astrocyte-modulated STDP.

A liquid of LIF neurons on a 3-D grid (:func:`~cortexlog.brain.liquid.spatial_wiring`,
80% excitatory; synaptic kernel
:data:`~cortexlog.experiments.nalsm_config.CODE_TAU_SYN`) gets the spikes of one input LIF
neuron per pixel (:data:`~cortexlog.brain.liquid.INPUT_NEURONS`, which gets the full
current on each ms with probability equal to the pixel's intensity, as in the authors'
code) through sparse input synapses of random sign (density 0.15).
Three variants share the wiring, the input synapses and the seed:

- ``nalsm``: all weights start at their maximum (a super-critical liquid); then
  ``plastic_size`` images are shown one after another for ``plastic_steps`` ms each with
  astrocyte-modulated STDP (:mod:`cortexlog.brain.astro`) changing every synapse at
  every ms, as in the authors' code: one astrocyte, reset per image, whose depression
  rate follows the liquid's spikes minus the input's;
- ``stdp``: the same with plain STDP (depression rate fixed at ``eta``);
- ``lsm``: no plasticity; weights fixed at ``lsm_scale`` of the maximum (the paper tuned
  this weight by search).

Then every image is presented for ``steps`` ms (batched) and the spike count of each
liquid neuron is its state. As in the authors' code, the plastic variants keep learning
during each presentation (``plastic_states``): every image starts from the tuned
weights, its own copy learns under the same rule with all rates decaying by
``state_decay`` per ms (:mod:`cortexlog.brain.plastic_liquid`), and is then dropped; the
``lsm`` liquid is frozen. A softmax regression (:func:`~cortexlog.experiments.readout.
train_readout`) reads the class out; nothing is backpropagated into the liquid. The
branching factor (:func:`~cortexlog.brain.criticality.branching_factor`) is measured
during the plasticity phase and on the first 50 test images.
Units: threshold 1, weights in threshold units (the paper's 3 of 20 is 0.15).
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor
from tqdm import tqdm

from cortexlog.brain.astro import AstroParams, AstroSTDPParams
from cortexlog.brain.criticality import branching_factor
from cortexlog.brain.liquid import LiquidParams, liquid_initial_state, liquid_step
from cortexlog.brain.plastic_liquid import (
    PresentationRule,
    dense_weights,
    present,
    synapse_lists,
    with_weights,
)
from cortexlog.experiments.common import Split
from cortexlog.experiments.nalsm_config import (
    CODE_TAU_SYN,
    VARIANTS,
    Liquid,
    NALSMConfig,
    build_liquid,
    input_spikes,
    liquid_params,
    presentation_rule,
)
from cortexlog.experiments.readout import train_readout

__all__ = ["CODE_TAU_SYN", "VARIANTS", "Liquid", "NALSMConfig", "build_liquid", "input_spikes",
           "liquid_params", "liquid_states", "plasticity_phase", "presentation_rule",
           "run_all", "run_variant"]


def plasticity_phase(liq: Liquid, x: Tensor, cfg: NALSMConfig,
                     variant: str) -> tuple[Liquid, list[list[float]], list[float]]:
    """Tune the liquid as the authors' code does, with (astrocyte-modulated) STDP.

    The images are shown one after another for ``plastic_steps`` ms each, STDP changing
    every input and liquid synapse at every ms; neurons, traces and the astrocyte
    (depression rate ``eta``) are reset for each image, the weights carry over
    (:func:`~cortexlog.brain.plastic_liquid.present` with ``carry``, rates not decaying).

    Args:
        liq: the liquid (not mutated).
        x: images ``[N, d]`` in [0, 1].
        cfg: configuration.
        variant: ``"nalsm"`` or ``"stdp"``.

    Returns:
        (new liquid, ``[images seen, branching factor]`` of about 100 chunks of images,
        mean depression rate / eta per chunk).
    """
    stdp = AstroSTDPParams(cfg.eta, cfg.trace_tau, cfg.w_max)
    astro = AstroParams(cfg.astro_w * cfg.eta, cfg.eta, cfg.astro_tau)
    rule = PresentationRule(stdp, astro if variant == "nalsm" else None, 1.0)
    syn = synapse_lists(liq.w_in, liq.w, liq.mask_in, liq.mask, liq.inhibitory, cfg.w_max)
    gen = torch.Generator().manual_seed(cfg.seed + 2)
    bfs: list[list[float]] = []
    rates: list[float] = []
    chunk = max(1, -(-len(x) // 100))
    for s in tqdm(range(0, len(x), chunk), desc=f"nalsm {variant} plasticity", leave=False):
        xb = x[s : s + chunk]
        out = present(syn, input_spikes(xb, cfg, cfg.plastic_steps, gen), rule,
                      liquid_params(cfg), record=min(len(xb), 50), carry=True)
        syn = with_weights(syn, out.weights)
        rates.append(float(out.depression.mean()))
        bf = branching_factor(out.rasters, liq.mask, cfg.bf_window)
        bfs.append([float(s + len(xb)), float(bf)])
    w_in, w = dense_weights(syn, x.shape[1])
    return Liquid(w_in, w, liq.mask_in, liq.mask, liq.inhibitory), bfs, rates


@torch.no_grad()
def liquid_states(liq: Liquid, data: Split, cfg: NALSMConfig, desc: str,
                  rule: PresentationRule | None = None) -> tuple[Tensor, float]:
    """Spike counts of the liquid for every image (batched).

    Args:
        liq: the liquid.
        data: images.
        cfg: configuration.
        desc: progress-bar label.
        rule: plasticity during each presentation, every image starting from ``liq``'s
            weights (:func:`~cortexlog.brain.plastic_liquid.present`); None: frozen.

    Returns:
        (counts ``[N, n]``, branching factor of the first 50 images).
    """
    syn = None if rule is None else synapse_lists(liq.w_in, liq.w, liq.mask_in, liq.mask,
                                                  liq.inhibitory, cfg.w_max)
    counts, bf = [], float("nan")
    gen = torch.Generator().manual_seed(cfg.seed + 3)
    for s in tqdm(range(0, len(data.y), cfg.batch), desc=desc, leave=False):
        spikes_in = input_spikes(data.x[s : s + cfg.batch], cfg, cfg.steps, gen)
        record = 50 if s == 0 else 0
        if syn is None or rule is None:
            total, raster = _frozen_counts(liq, spikes_in, liquid_params(cfg), record)
        else:
            total, raster = present(syn, spikes_in, rule, liquid_params(cfg), record)[:2]
        if s == 0:
            bf = float(branching_factor(raster, liq.mask, cfg.bf_window))
        counts.append(total)
    return torch.cat(counts), bf


def _frozen_counts(liq: Liquid, spikes_in: Tensor, params: LiquidParams,
                   record: int) -> tuple[Tensor, Tensor]:
    n = liq.w.shape[0]
    state = liquid_initial_state(spikes_in.shape[1], n, params)
    total, raster = torch.zeros(spikes_in.shape[1], n), []
    for s_in in spikes_in:
        z, state = liquid_step(s_in @ liq.w_in.T, state, liq.w, params)
        total += z
        raster.append(z[:record])
    return total, torch.stack(raster)


def run_variant(variant: str, train: Split, test: Split, cfg: NALSMConfig) -> dict[str, Any]:
    """Build, (optionally) tune, freeze and read out one liquid.

    Args:
        variant: one of :data:`VARIANTS`.
        train: training split (its head also feeds the plasticity phase).
        test: test split.
        cfg: configuration.

    Returns:
        metrics of this variant (accuracies, branching factors, firing rate).
    """
    gen = torch.Generator().manual_seed(cfg.seed + 1)
    d = train.x.shape[1]
    bfs: list[list[float]] = []
    rates: list[float] = []
    if variant == "lsm":
        liq = build_liquid(d, cfg, cfg.lsm_scale)
    else:
        liq = build_liquid(d, cfg, 1.0)
        order = torch.randperm(len(train.y), generator=gen)[: cfg.plastic_size]
        with torch.no_grad():
            liq, bfs, rates = plasticity_phase(liq, train.x[order], cfg, variant)
    rule = presentation_rule(cfg, variant)
    s_train, _ = liquid_states(liq, train, cfg, f"nalsm {variant} train states", rule)
    s_test, bf = liquid_states(liq, test, cfg, f"nalsm {variant} test states", rule)
    lin = train_readout(s_train, train.y, cfg)
    with torch.no_grad():
        acc = float((lin(s_test).argmax(1) == test.y).float().mean())
        train_acc = float((lin(s_train).argmax(1) == train.y).float().mean())
    exc = ~liq.inhibitory
    return {
        "test_accuracy": acc, "train_accuracy": train_acc, "branching_factor": bf,
        "branching_factor_curve": bfs, "depression_over_eta": rates,
        "rate_hz": float(s_test.mean()) * 1000.0 / cfg.steps,
        "mean_exc_weight": float(liq.w[:, exc].sum() / liq.mask[:, exc].sum()),
        "mean_inh_weight": float(liq.w[:, ~exc].sum() / liq.mask[:, ~exc].sum().clamp_min(1)),
    }


def run_all(train: Split, test: Split, cfg: NALSMConfig,
            variants: tuple[str, ...] = VARIANTS) -> dict[str, Any]:
    """Run the variants; ``test_accuracy`` is the first one's (NALSM by default).

    Args:
        train: training split.
        test: test split.
        cfg: configuration.
        variants: names from :data:`VARIANTS`.

    Returns:
        metrics: ``variants`` (per-variant dicts), ``test_accuracy``.
    """
    torch.manual_seed(cfg.seed)  # the readout's initialisation
    m: dict[str, Any] = {"variants": {}}
    for v in variants:
        m["variants"][v] = r = run_variant(v, train, test, cfg)
        print(f"{v:6s} test accuracy {r['test_accuracy']:.4f}  branching factor "
              f"{r['branching_factor']:.3f}  rate {r['rate_hz']:.1f} Hz")
    m["test_accuracy"] = m["variants"][variants[0]]["test_accuracy"]
    return m
