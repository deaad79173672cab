"""Astrocyte-modulated STDP (Ivanov & Michmizos 2021, NALSM) as pure functions.

An astrocyte is a leaky integrator of the liquid's activity minus the activity of its
input; its state is the *depression rate* of the liquid's STDP. When the liquid fires
more than its input drives it, depression grows and weakens excitation (and strengthens
inhibition), which pulls the network towards a branching factor of about one.

Rule, per synapse ``w[post, pre]`` (``nn.Linear``'s ``[out, in]``) and step, with ``x``
the presynaptic and ``y`` the postsynaptic traces (decayed; spikes of earlier steps only,
as in :mod:`cortexlog.brain.plasticity`) and ``a`` the astrocyte's depression rate::

    excitatory (or input) pre:  dw = eta * post * x  -  a   * pre * y
    inhibitory pre (w <= 0):    dw = -a * post * x   +  eta * pre * y

so causal pairs make inhibitory weights more negative at the rate the astrocyte sets.
Plain STDP (no astrocyte) is the same rule with ``a = eta``. Each sample of the batch may
have its own depression rate; weight changes are summed over the batch.
:func:`astro_stdp` is one step; :func:`astro_stdp_presentation` sums a whole presentation
with the weights fixed during it (equal to iterating :func:`astro_stdp` from zero traces
when no bound is hit) in a few large matrix products.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain.plasticity import Traces, check_layout


class AstroParams(NamedTuple):
    """Astrocyte parameters (time in units of ``dt``).

    ``a' = a + (w * (sum(liquid spikes) - sum(input spikes)) + bias - a) / tau``.
    With ``bias = eta`` the resting depression rate equals the potentiation rate.
    """

    w: float = 0.015
    bias: float = 0.15
    tau: float = 100.0


class AstroSTDPParams(NamedTuple):
    """Potentiation rate, trace time constant and the weight bounds of each synapse type."""

    eta: float = 0.15
    tau: float = 10.0
    w_max: float = 3.0
    dt: float = 1.0


def astrocyte_step(a: Tensor, liquid: Tensor, inputs: Tensor, params: AstroParams) -> Tensor:
    """Advance the astrocyte (one per sample) by one step.

    Args:
        a: depression rates ``[batch]``.
        liquid: liquid spikes this step ``[batch, n]``.
        inputs: input spikes this step ``[batch, d]``.
        params: astrocyte parameters.

    Returns:
        new depression rates ``[batch]``.

    >>> a = astrocyte_step(torch.tensor([0.15]), torch.ones(1, 3), torch.ones(1, 1),
    ...                    AstroParams(w=0.01, bias=0.15, tau=10.0))
    >>> round(a.item(), 6)  # 0.15 + (0.01 * (3 - 1) + 0.15 - 0.15) / 10
    0.152
    """
    drive = params.w * (liquid.sum(-1) - inputs.sum(-1)) + params.bias
    return a + (drive - a) / params.tau


def astro_stdp(
    w: Tensor,
    pre: Tensor,
    post: Tensor,
    traces: Traces,
    depression: Tensor,
    inhibitory: Tensor,
    params: AstroSTDPParams,
    signed: bool = False,
) -> tuple[Tensor, Traces]:
    """One step of astrocyte-modulated STDP (the rule in the module docstring).

    Weights stay inside their type's bounds: ``[0, w_max]`` for excitatory presynaptic
    neurons (``[-w_max, w_max]`` with ``signed``, for input synapses of either sign),
    ``[-w_max, 0]`` for inhibitory ones. A connectivity mask is the caller's to apply
    (the rule changes every entry of ``w`` that sees a pair).

    Args:
        w: weights ``[n_post, n_pre]`` (``nn.Linear.weight``).
        pre: presynaptic spikes this step ``[batch, n_pre]``.
        post: postsynaptic spikes this step ``[batch, n_post]``.
        traces: traces before this step (:func:`~cortexlog.brain.plasticity.zero_traces`).
        depression: depression rate of each sample ``[batch]`` (the astrocyte's state;
            ``eta`` everywhere for plain STDP).
        inhibitory: bool ``[n_pre]``, True for inhibitory presynaptic neurons.
        params: rule parameters.
        signed: excitatory-rule synapses may be negative (input synapses).

    Returns:
        (new weights, new traces).

    >>> one, zero = torch.ones(1, 1), torch.zeros(1, 1)
    >>> p, inh, a = AstroSTDPParams(eta=0.1, tau=10.0), torch.tensor([False]), torch.tensor([0.3])
    >>> w, tr = astro_stdp(torch.ones(1, 1), one, zero, Traces(zero, zero), a, inh, p)
    >>> w, tr = astro_stdp(w, zero, one, tr, a, inh, p)   # pre at t=0, post at t=1
    >>> round(w.item() - 1.0, 6) == round(0.1 * math.exp(-1 / 10), 6)
    True
    """
    check_layout(w, pre, post)
    decay = math.exp(-params.dt / params.tau)
    x, y = traces.pre * decay, traces.post * decay
    a = depression.reshape(-1, 1).to(w.dtype)  # [batch, 1]
    inh = inhibitory.reshape(1, -1)
    eta = torch.full_like(a, params.eta)
    ltp_rate = torch.where(inh, -a, eta)  # [batch, n_pre]
    ltd_rate = torch.where(inh, eta, -a)
    dw = post.transpose(0, 1) @ (x * ltp_rate) + y.transpose(0, 1) @ (pre * ltd_rate)
    lo, hi = _bounds(w, inhibitory, params.w_max, signed)
    return torch.minimum(torch.maximum(w + dw, lo), hi), Traces(x + pre, y + post)


def _bounds(w: Tensor, inhibitory: Tensor, w_max: float, signed: bool) -> tuple[Tensor, Tensor]:
    top = torch.full(inhibitory.shape, float(w_max), dtype=w.dtype)  # exact in float64
    return torch.where(inhibitory | signed, -top, 0.0), torch.where(inhibitory, 0.0, top)


def decayed_traces(spikes: Tensor, decay: float) -> Tensor:
    """Traces read at every step of a presentation that starts from zero traces.

    Args:
        spikes: ``[T, ...]``.
        decay: per-step factor (``exp(-dt / tau)``).

    Returns:
        ``x[t] = sum_{s < t} decay^(t - s) spikes[s]`` (earlier spikes only), shaped like
        ``spikes``.

    >>> decayed_traces(torch.tensor([1.0, 0.0, 1.0]), 0.5).tolist()
    [0.0, 0.5, 0.25]
    """
    steps = spikes.shape[0]
    t = torch.arange(steps, dtype=spikes.dtype)
    lag = t.view(-1, 1) - t.view(1, -1)
    lower = torch.where(lag > 0, torch.pow(decay, lag.clamp_min(0)), 0.0)
    return (lower @ spikes.reshape(steps, -1)).reshape(spikes.shape)


def astro_stdp_presentation(
    w: Tensor,
    pre: Tensor,
    post: Tensor,
    depression: Tensor,
    inhibitory: Tensor,
    params: AstroSTDPParams,
    signed: bool = False,
) -> Tensor:
    """Astrocyte-modulated STDP summed over a presentation, weights fixed during it.

    Args:
        w: weights ``[n_post, n_pre]`` (``nn.Linear.weight``).
        pre: presynaptic spikes ``[T, batch, n_pre]``.
        post: postsynaptic spikes ``[T, batch, n_post]``.
        depression: the astrocyte's depression rate at every step ``[T, batch]``.
        inhibitory: bool ``[n_pre]``.
        params: rule parameters.
        signed: excitatory-rule synapses may be negative (input synapses).

    Returns:
        new weights, clipped to each synapse type's bounds once at the end.
    """
    check_layout(w, pre[0], post[0])
    decay = math.exp(-params.dt / params.tau)
    x, y = decayed_traces(pre, decay), decayed_traces(post, decay)
    a = depression.unsqueeze(-1).to(w.dtype)  # [T, batch, 1]
    inh = inhibitory.view(1, 1, -1)
    eta = torch.full_like(a, params.eta)
    flat = pre.shape[0] * pre.shape[1]
    ltp = (x * torch.where(inh, -a, eta)).reshape(flat, -1)
    ltd = (pre * torch.where(inh, eta, -a)).reshape(flat, -1)
    dw = post.reshape(flat, -1).T @ ltp + y.reshape(flat, -1).T @ ltd
    lo, hi = _bounds(w, inhibitory, params.w_max, signed)
    return torch.minimum(torch.maximum(w + dw, lo), hi)
