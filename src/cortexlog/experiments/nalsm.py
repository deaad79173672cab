"""NALSM (Ivanov & Michmizos, NeurIPS 2021): a liquid tuned by astrocyte-modulated STDP.

A liquid of LIF neurons on a 3-D grid (:func:`~cortexlog.brain.liquid.spatial_wiring`,
80% excitatory) gets the spikes of one input LIF neuron per pixel (driven by a current
proportional to the intensity, :data:`~cortexlog.brain.liquid.INPUT_NEURONS`, so the
input is deterministic) through sparse input synapses of random sign (density 0.15).
Three variants share the wiring, the input synapses and the seed:

- ``nalsm``: all weights start at their maximum (a super-critical liquid); then, for
  ``plastic_size`` short presentations (``plastic_steps`` ms, ``plastic_batch`` images at
  once, weights fixed within a presentation, the changes summed), astrocyte-modulated
  STDP (:func:`~cortexlog.brain.astro.astro_stdp_presentation`) with one astrocyte per
  image, reset per image as in the authors' code, whose depression rate follows the
  liquid's spikes minus the input's;
- ``stdp``: the same with plain STDP (depression rate fixed at ``eta``);
- ``lsm``: no plasticity; weights fixed at ``lsm_scale`` of the maximum (the paper tuned
  this weight by search).

Then the liquid is frozen, every image is presented for ``steps`` ms (batched) and the
spike count of each liquid neuron is its state; a softmax regression (``nn.Linear``,
trained with Adam on standardised counts) reads the class out. Nothing is
backpropagated into the liquid. The branching factor (:func:`~cortexlog.brain.
criticality.branching_factor`) is measured during the plasticity phase and on the frozen
liquid. Units: threshold 1, weights in threshold units (the paper's 3 of 20 is 0.15).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn
from tqdm import tqdm

from cortexlog.brain.astro import (
    AstroParams,
    AstroSTDPParams,
    astro_stdp_presentation,
    astrocyte_step,
)
from cortexlog.brain.criticality import branching_factor
from cortexlog.brain.liquid import (
    INPUT_NEURONS,
    LiquidParams,
    liquid_initial_state,
    liquid_step,
    spatial_wiring,
)
from cortexlog.experiments.common import Split

VARIANTS = ("nalsm", "stdp", "lsm")


@dataclass(frozen=True)
class NALSMConfig:
    """Hyper-parameters (time in ms, one step per ms). Defaults follow the NALSM code
    where they exist (rates as per-pair changes with the code's trace amplitude 0.1)."""

    neurons: int = 1000
    steps: int = 100
    input_current: float = 5.0
    input_density: float = 0.15
    w_max: float = 0.15
    eta: float = 7.5e-4
    trace_tau: float = 10.0
    astro_w: float = 0.1
    astro_tau: float = 100.0
    plastic_size: int = 10000
    plastic_steps: int = 20
    plastic_batch: int = 50
    lsm_scale: float = 0.3
    bf_window: int = 4
    readout_epochs: int = 30
    readout_lr: float = 2e-3
    batch: int = 250
    seed: int = 0


def grid_shape(n: int) -> tuple[int, int, int]:
    """A near-cubic grid with exactly ``n`` points.

    Args:
        n: neurons.

    Returns:
        (a, b, c) with ``a * b * c == n``.

    >>> grid_shape(1000), grid_shape(2000), grid_shape(125)
    ((10, 10, 10), (10, 10, 20), (5, 5, 5))
    """
    a = next(k for k in range(round(n ** (1 / 3)), 0, -1) if n % k == 0)
    b = next(k for k in range(round(math.sqrt(n // a)), 0, -1) if (n // a) % k == 0)
    return a, b, n // (a * b)


@dataclass
class Liquid:
    """Weights of one liquid: input ``w_in [n, d]`` and recurrent ``w [n, n]`` (``[post,
    pre]``), their masks, and which neurons are inhibitory."""

    w_in: Tensor
    w: Tensor
    mask_in: Tensor
    mask: Tensor
    inhibitory: Tensor


def build_liquid(d: int, cfg: NALSMConfig, scale: float) -> Liquid:
    """The shared wiring (from ``cfg.seed``) with every weight at ``scale * w_max``.

    Args:
        d: input size (pixels).
        cfg: configuration.
        scale: fraction of the maximum weight.

    Returns:
        the liquid.
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    wiring = spatial_wiring(grid_shape(cfg.neurons), generator=gen)
    mask_in = (torch.rand(cfg.neurons, d, generator=gen) < cfg.input_density).float()
    sign_in = torch.where(torch.rand(cfg.neurons, d, generator=gen) < 0.5, -1.0, 1.0)
    sign = torch.where(wiring.inhibitory, -1.0, 1.0).view(1, -1)
    w = scale * cfg.w_max
    return Liquid(w * sign_in * mask_in, w * sign * wiring.mask, mask_in, wiring.mask,
                  wiring.inhibitory)


def plasticity_phase(liq: Liquid, x: Tensor, cfg: NALSMConfig,
                     variant: str) -> tuple[Liquid, list[list[float]], list[float]]:
    """Present ``x`` in short bursts with (astrocyte-modulated) STDP on all liquid synapses.

    Each batch of ``plastic_batch`` images is presented for ``plastic_steps`` ms with the
    weights fixed; the astrocytes (one per image, starting at ``eta``) follow the spikes;
    then the summed change of the presentation is applied
    (:func:`~cortexlog.brain.astro.astro_stdp_presentation`) and masked to the wiring.

    Args:
        liq: the liquid (not mutated).
        x: images ``[N, d]`` in [0, 1].
        cfg: configuration.
        variant: ``"nalsm"`` or ``"stdp"``.

    Returns:
        (new liquid, ``[images seen, branching factor]`` of about 100 batches, mean
        depression rate / eta per batch).
    """
    rule = AstroSTDPParams(cfg.eta, cfg.trace_tau, cfg.w_max)
    astro = AstroParams(cfg.astro_w * cfg.eta, cfg.eta, cfg.astro_tau)
    params, n = LiquidParams(), cfg.neurons
    w_in, w = liq.w_in, liq.w
    no_inh = torch.zeros(x.shape[1], dtype=torch.bool)
    bfs: list[list[float]] = []
    rates: list[float] = []
    batches = range(0, len(x), cfg.plastic_batch)
    every = max(1, len(batches) // 100)
    for k, s in enumerate(tqdm(batches, desc=f"nalsm {variant} plasticity", leave=False)):
        xb = x[s : s + cfg.plastic_batch]
        state = liquid_initial_state(len(xb), n, params)
        state_in = liquid_initial_state(len(xb), x.shape[1], INPUT_NEURONS)
        a = torch.full((len(xb),), cfg.eta)
        inputs, spikes, depression = [], [], []
        for _ in range(cfg.plastic_steps):
            depression.append(a)
            s_in, state_in = liquid_step(cfg.input_current * xb, state_in, None, INPUT_NEURONS)
            z, state = liquid_step(s_in @ w_in.T, state, w, params)
            inputs.append(s_in)
            spikes.append(z)
            if variant == "nalsm":
                a = astrocyte_step(a, z, s_in, astro)
        pre, post, dep = torch.stack(inputs), torch.stack(spikes), torch.stack(depression)
        w_in = astro_stdp_presentation(w_in, pre, post, dep, no_inh, rule, signed=True)
        w = astro_stdp_presentation(w, post, post, dep, liq.inhibitory, rule)
        w_in, w = w_in * liq.mask_in, w * liq.mask
        rates.append(float(dep.mean()) / cfg.eta)
        if k % every == 0:
            bf = branching_factor(post, liq.mask, cfg.bf_window)
            bfs.append([float(s + len(xb)), float(bf)])
    return Liquid(w_in, w, liq.mask_in, liq.mask, liq.inhibitory), bfs, rates


@torch.no_grad()
def liquid_states(liq: Liquid, data: Split, cfg: NALSMConfig,
                  desc: str) -> tuple[Tensor, float]:
    """Spike counts of the frozen liquid for every image (batched).

    Args:
        liq: the liquid.
        data: images.
        cfg: configuration.
        desc: progress-bar label.

    Returns:
        (counts ``[N, n]``, branching factor of the first batch).
    """
    params, counts, bf = LiquidParams(), [], math.nan
    for s in tqdm(range(0, len(data.y), cfg.batch), desc=desc, leave=False):
        xb = data.x[s : s + cfg.batch]
        state = liquid_initial_state(len(xb), cfg.neurons, params)
        state_in = liquid_initial_state(len(xb), xb.shape[1], INPUT_NEURONS)
        total, record = torch.zeros(len(xb), cfg.neurons), []
        for _ in range(cfg.steps):
            s_in, state_in = liquid_step(cfg.input_current * xb, state_in, None, INPUT_NEURONS)
            z, state = liquid_step(s_in @ liq.w_in.T, state, liq.w, params)
            total += z
            if s == 0:
                record.append(z[:50])
        if s == 0:
            bf = float(branching_factor(torch.stack(record), liq.mask, cfg.bf_window))
        counts.append(total)
    return torch.cat(counts), bf


def train_readout(train: Tensor, y: Tensor, cfg: NALSMConfig) -> nn.Linear:
    """Softmax regression on standardised states (Adam, cosine-decayed learning rate).

    Args:
        train: states ``[N, n]``.
        y: labels ``[N]``.
        cfg: configuration.

    Returns:
        the readout, with the standardisation folded into its weight ``[10, n]`` and bias.
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    mean, std = train.mean(0), train.std(0).clamp_min(1e-3)
    z = (train - mean) / std
    lin = nn.Linear(train.shape[1], 10)
    opt = torch.optim.Adam(lin.parameters(), lr=cfg.readout_lr)
    steps = cfg.readout_epochs * math.ceil(len(y) / 100)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(cfg.readout_epochs):
        order = torch.randperm(len(y), generator=gen)
        for s in range(0, len(y), 100):
            idx = order[s : s + 100]
            loss = nn.functional.cross_entropy(lin(z[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    with torch.no_grad():
        lin.weight.div_(std)
        lin.bias.sub_(lin.weight @ mean)
    return lin


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
    s_train, _ = liquid_states(liq, train, cfg, f"nalsm {variant} train states")
    s_test, bf = liquid_states(liq, test, cfg, f"nalsm {variant} test states")
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
