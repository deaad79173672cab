"""A liquid (Maass et al. 2002 style reservoir) of LIF neurons on a 3-D grid.

Neurons sit on the points of a grid; a random 20% are inhibitory. A synapse from ``j`` to
``i`` exists with probability ``C[type(j), type(i)] * exp(-(d(i, j) / lam)^2)`` (``d`` the
grid distance), as in the NALSM liquids (Ivanov & Michmizos 2021: ``C_EE = 0.2,
C_EI = 0.1, C_IE = 0.3, C_II = 0.05, lam = 3``). The dynamics are :func:`~cortexlog.brain.
neurons.lif_step` plus an absolute refractory period. Weights are ``[n_post, n_pre]``
(``nn.Linear``'s ``[out, in]``); inhibitory columns are negative.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain.neurons import LIFParams, LIFState, Reset, lif_initial_state, lif_step


class LiquidWiring(NamedTuple):
    """Connectivity of a liquid: ``mask [n, n]`` (0/1, ``[post, pre]``), ``inhibitory [n]``
    (bool) and grid ``positions [n, 3]``."""

    mask: Tensor
    inhibitory: Tensor
    positions: Tensor


def spatial_wiring(
    shape: tuple[int, int, int] = (10, 10, 10),
    inhibitory_fraction: float = 0.2,
    c: tuple[float, float, float, float] = (0.2, 0.1, 0.3, 0.05),
    lam: float = 3.0,
    generator: torch.Generator | None = None,
) -> LiquidWiring:
    """Random distance-dependent wiring on a grid (no self-connections).

    Args:
        shape: grid size; ``n`` is its product.
        inhibitory_fraction: share of inhibitory neurons (chosen at random).
        c: base probabilities for E->E, E->I, I->E, I->I (presynaptic type first).
        lam: length scale of the Gaussian fall-off, in grid steps.
        generator: torch.Generator.

    Returns:
        the wiring.

    >>> w = spatial_wiring((2, 1, 1), 0.0, (1.0, 1.0, 1.0, 1.0), lam=1e9)
    >>> w.mask.tolist(), w.inhibitory.tolist()
    ([[0.0, 1.0], [1.0, 0.0]], [False, False])
    """
    grid = torch.meshgrid(*(torch.arange(s, dtype=torch.float32) for s in shape), indexing="ij")
    pos = torch.stack([g.reshape(-1) for g in grid], 1)
    n = pos.shape[0]
    inh = torch.zeros(n, dtype=torch.bool)
    inh[torch.randperm(n, generator=generator)[: round(inhibitory_fraction * n)]] = True
    base = torch.tensor(c).reshape(2, 2)  # [pre type, post type]
    p = base[inh.long().view(1, -1), inh.long().view(-1, 1)]  # [post, pre]
    p = p * torch.exp(-(torch.cdist(pos, pos) / lam) ** 2)
    p.fill_diagonal_(0.0)
    mask = (torch.rand(n, n, generator=generator) < p).float()
    return LiquidWiring(mask, inh, pos)


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


class LiquidParams(NamedTuple):
    """Liquid dynamics: LIF parameters, refractory steps, and the current jump per unit
    weight (``gain = tau_mem / tau_syn`` makes a spike through weight ``w`` raise the
    membrane by about ``w``, threshold 1). During the refractory steps the membrane is
    held at ``v_reset`` (``hold``), or keeps integrating with only spiking blocked
    (``hold=False``, as in the NALSM code)."""

    lif: LIFParams = LIFParams(tau_syn=2.0, tau_mem=64.0, v_th=1.0, reset=Reset.ZERO)
    refractory: int = 2
    gain: float = 32.0
    hold: bool = True


DEFAULT_LIQUID = LiquidParams()
INPUT_NEURONS = LiquidParams(LIFParams(tau_syn=1.0, tau_mem=64.0, v_th=1.0, reset=Reset.ZERO),
                             refractory=2, gain=64.0)
"""Input neurons as in the NALSM code: no synaptic filter, a drive of ``c`` raises the
membrane by ``c`` per step (threshold 1), 2 refractory steps: a pixel of intensity ``x``
under a current ``5 x`` (the code's 100 x with threshold 20) fires every 3 steps from
``x = 0.2`` on."""


class LiquidState(NamedTuple):
    """LIF state, last step's spikes ``z`` and remaining refractory steps (``[batch, n]``)."""

    lif: LIFState
    z: Tensor
    refractory: Tensor


def liquid_initial_state(batch: int, n: int, params: LiquidParams = DEFAULT_LIQUID,
                         dtype: torch.dtype = torch.float32) -> LiquidState:
    """Resting state of ``batch`` copies of an ``n``-neuron liquid.

    Args:
        batch: samples simulated at once.
        n: neurons.
        params: dynamics.
        dtype: floating dtype.

    Returns:
        LiquidState at rest, no spikes.
    """
    zero = torch.zeros(batch, n, dtype=dtype)
    return LiquidState(lif_initial_state(zero, params.lif), zero, zero)


def liquid_step(
    drive: Tensor, state: LiquidState, w: Tensor | None, params: LiquidParams = DEFAULT_LIQUID
) -> tuple[Tensor, LiquidState]:
    """Advance the liquid one step: external drive plus last step's recurrent spikes.

    Args:
        drive: external input in weight units ``[batch, n]`` (e.g. ``s_in @ w_in.T``).
        state: previous state.
        w: recurrent weights ``[n, n]`` (``[post, pre]``), or None for a population
            without recurrence (e.g. input neurons driven by a current).
        params: dynamics.

    Returns:
        (spikes ``[batch, n]``, new state).
    """
    rec = drive if w is None else drive + state.z @ w.T
    z, lif = lif_step(params.gain * rec, state.lif, params.lif)
    busy = state.refractory > 0
    z = torch.where(busy, torch.zeros_like(z), z)
    if params.hold:
        v = torch.where(busy, torch.zeros_like(lif.v) + params.lif.v_reset, lif.v)
    else:  # a busy neuron did not spike: keep its un-reset potential (lif_step's u)
        p, v0 = params.lif, state.lif.v
        v = torch.where(busy, v0 + (p.dt / p.tau_mem) * (p.v_leak - v0 + lif.i), lif.v)
    refractory = torch.where(z > 0, torch.full_like(z, float(params.refractory)),
                             (state.refractory - 1).clamp_min(0))
    return z, LiquidState(LIFState(v, lif.i), z, refractory)
