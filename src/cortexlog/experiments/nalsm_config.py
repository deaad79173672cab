"""NALSM's configuration and the pieces every variant shares: the liquid's wiring and
dynamics, its input neurons, and the plasticity that runs while states are read
(:mod:`cortexlog.experiments.nalsm` runs the experiment)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor

from cortexlog.brain.astro import AstroParams, AstroSTDPParams
from cortexlog.brain.liquid import (
    INPUT_NEURONS,
    LiquidParams,
    grid_shape,
    liquid_initial_state,
    liquid_step,
    spatial_wiring,
)
from cortexlog.brain.neurons import LIFParams, Reset
from cortexlog.brain.plastic_liquid import PresentationRule

VARIANTS = ("nalsm", "stdp", "lsm")
CODE_TAU_SYN = 1.0 / (1.0 - math.exp(-1.0))
"""The authors' synaptic kernel: a spike through ``w`` adds ``w, w/e, w/e^2, ...`` to the
membrane (tau_u = 1 ms), i.e. a current decaying by ``1/e`` per ms that totals
``CODE_TAU_SYN * w`` (1.58 w)."""


@dataclass(frozen=True)
class NALSMConfig:
    """Hyper-parameters (time in ms, one step per ms). Defaults follow the NALSM code
    where they exist (rates as per-pair changes with the code's trace amplitude 0.1),
    except ``integrate_refractory`` (the code's neurons integrate while refractory; it
    cost 0.8 points on a 10,000-image probe, docs/experiments.md)."""

    neurons: int = 1000
    steps: int = 250
    input_current: float = 5.0
    input_density: float = 0.15
    w_max: float = 0.15
    eta: float = 7.5e-4
    trace_tau: float = 10.0
    astro_w: float = 0.1
    astro_tau: float = 100.0
    plastic_size: int = 50000
    plastic_steps: int = 20
    lsm_scale: float = 0.3
    tau_syn: float = CODE_TAU_SYN
    synapse_charge: float = CODE_TAU_SYN
    integrate_refractory: bool = False
    plastic_states: bool = True
    stochastic_input: bool = True
    state_decay: float = 0.99
    bf_window: int = 4
    readout_epochs: int = 30
    readout_lr: float = 2e-3
    batch: int = 250
    seed: int = 0


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


def liquid_params(cfg: NALSMConfig) -> LiquidParams:
    """The liquid neurons: LIF with ``tau_mem`` 64 ms, threshold 1, 2 ms refractory, reset
    to 0, and a synaptic current decaying with ``tau_syn`` whose total charge per unit
    weight is ``synapse_charge`` (threshold units); with ``integrate_refractory`` the
    membrane integrates during the refractory steps (the authors' code) instead of
    being held at 0.

    Args:
        cfg: configuration.

    Returns:
        the liquid's dynamics.
    """
    tau_mem = 64.0
    lif = LIFParams(tau_syn=cfg.tau_syn, tau_mem=tau_mem, v_th=1.0, reset=Reset.ZERO)
    charge_per_gain = cfg.tau_syn / tau_mem  # sum of (1 - 1/tau_syn)^k / tau_mem
    return LiquidParams(lif, refractory=2, gain=cfg.synapse_charge / charge_per_gain,
                        hold=not cfg.integrate_refractory)


def presentation_rule(cfg: NALSMConfig, variant: str) -> PresentationRule | None:
    """The plasticity that runs while a variant's states are read (None: a frozen liquid).

    Args:
        cfg: configuration (``plastic_states`` off freezes every variant).
        variant: one of :data:`VARIANTS`.

    Returns:
        astrocyte-modulated STDP for ``nalsm``, plain STDP for ``stdp``, None for ``lsm``.
    """
    if variant == "lsm" or not cfg.plastic_states:
        return None
    astro = AstroParams(cfg.astro_w * cfg.eta, cfg.eta, cfg.astro_tau)
    return PresentationRule(AstroSTDPParams(cfg.eta, cfg.trace_tau, cfg.w_max),
                            astro if variant == "nalsm" else None, cfg.state_decay)


def input_spikes(x: Tensor, cfg: NALSMConfig, steps: int, gen: torch.Generator) -> Tensor:
    """Spikes of the input neurons (one per pixel) over a presentation.

    Args:
        x: images ``[batch, d]`` in [0, 1].
        cfg: configuration: ``input_current`` per ms at intensity 1, or with
            ``stochastic_input`` the full current (``input_current``) on each ms with
            probability equal to the intensity, as in the authors' code.
        steps: presentation length (ms).
        gen: random generator (stochastic input only).

    Returns:
        0/1 spikes ``[steps, batch, d]``.
    """
    state = liquid_initial_state(len(x), x.shape[1], INPUT_NEURONS)
    out = []
    for _ in range(steps):
        events = (torch.rand(x.shape, generator=gen) < x).float() if cfg.stochastic_input else x
        s_in, state = liquid_step(cfg.input_current * events, state, None, INPUT_NEURONS)
        out.append(s_in)
    return torch.stack(out)
