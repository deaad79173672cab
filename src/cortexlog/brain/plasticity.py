"""Local plasticity rules as pure functions returning new weights/traces (nothing mutated).

Conventions: weights ``w`` are ``[n_post, n_pre]``, the layout of ``nn.Linear.weight``
(``[out, in]``), so a layer's weight goes straight into a rule and the rule's result
straight back (``lin.weight.data = stdp_additive(lin.weight.data, ...)[0]``); spikes are
batched ``[batch, n]``; weight changes are summed over the batch. A weight of the wrong
shape raises a :class:`~cortexlog.errors.CortexlogError` naming the expected one.
Within a step the rule first decays the traces, computes the weight change from the
decayed traces (spikes of earlier steps only), then adds this step's spikes to the traces.
So for a pre spike at ``t0`` and a post spike at ``t0 + d`` (d > 0) the additive rule
gives ``dw = a_plus * exp(-d / tau_plus)``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.errors import CortexlogError


class STDPParams(NamedTuple):
    """Pair-based STDP parameters (time in units of ``dt``)."""

    a_plus: float = 0.01
    a_minus: float = 0.012
    tau_plus: float = 20.0
    tau_minus: float = 20.0
    w_min: float = 0.0
    w_max: float = 1.0
    dt: float = 1.0


DEFAULT_STDP = STDPParams()


class Traces(NamedTuple):
    """Exponential spike traces of the pre- and postsynaptic populations ``[batch, n]``."""

    pre: Tensor
    post: Tensor


def zero_traces(pre: Tensor, post: Tensor) -> Traces:
    """All-zero traces shaped like one step of pre/post spikes.

    Args:
        pre: presynaptic spikes ``[batch, n_pre]``.
        post: postsynaptic spikes ``[batch, n_post]``.

    Returns:
        Traces of zeros.
    """
    return Traces(torch.zeros_like(pre), torch.zeros_like(post))


def check_layout(w: Tensor, pre: Tensor, post: Tensor) -> None:
    """Raise a clear error unless ``w`` is ``[n_post, n_pre]`` for these spikes.

    Args:
        w: weights.
        pre: presynaptic spikes ``[batch, n_pre]``.
        post: postsynaptic spikes ``[batch, n_post]``.
    """
    want = (post.shape[-1], pre.shape[-1])
    if w.dim() != 2 or tuple(w.shape) != want:
        hint = "weights are [n_post, n_pre], nn.Linear's [out, in]"
        if tuple(w.shape) == want[::-1]:
            hint += "; this looks like the [n_pre, n_post] layout: pass w.T"
        raise CortexlogError(
            f"weights of shape {tuple(w.shape)} do not fit {pre.shape[-1]} presynaptic and "
            f"{post.shape[-1]} postsynaptic neurons (expected {want})", hint=hint,
        )


def _pair_terms(
    w: Tensor, pre: Tensor, post: Tensor, traces: Traces, p: STDPParams
) -> tuple[Tensor, Tensor, Traces]:
    check_layout(w, pre, post)
    x = traces.pre * math.exp(-p.dt / p.tau_plus)
    y = traces.post * math.exp(-p.dt / p.tau_minus)
    ltp = post.transpose(0, 1) @ x  # pre trace read at post spikes, [n_post, n_pre]
    ltd = y.transpose(0, 1) @ pre  # post trace read at pre spikes
    return ltp, ltd, Traces(x + pre, y + post)


def stdp_additive(
    w: Tensor, pre: Tensor, post: Tensor, traces: Traces, params: STDPParams = DEFAULT_STDP
) -> tuple[Tensor, Traces]:
    """Additive pair-based STDP: ``dw = a_plus * LTP - a_minus * LTD``, clipped to bounds.

    Args:
        w: weights ``[n_post, n_pre]`` (``nn.Linear.weight``).
        pre: presynaptic spikes this step ``[batch, n_pre]``.
        post: postsynaptic spikes this step ``[batch, n_post]``.
        traces: traces before this step.
        params: STDP parameters.

    Returns:
        (new weights, new traces).

    >>> w = torch.full((1, 1), 0.5); one = torch.ones(1, 1); zero = torch.zeros(1, 1)
    >>> w, tr = stdp_additive(w, one, zero, zero_traces(one, one))   # pre at t=0
    >>> w, tr = stdp_additive(w, zero, one, tr)                      # post at t=1
    >>> round(w.item() - 0.5, 6) == round(0.01 * math.exp(-1 / 20), 6)
    True
    """
    ltp, ltd, new = _pair_terms(w, pre, post, traces, params)
    dw = params.a_plus * ltp - params.a_minus * ltd
    return (w + dw).clamp(params.w_min, params.w_max), new


def stdp_multiplicative(
    w: Tensor, pre: Tensor, post: Tensor, traces: Traces, params: STDPParams = DEFAULT_STDP
) -> tuple[Tensor, Traces]:
    """Weight-dependent STDP: LTP scaled by ``w_max - w``, LTD by ``w - w_min``.

    Args:
        w: weights ``[n_post, n_pre]`` (``nn.Linear.weight``).
        pre: presynaptic spikes this step ``[batch, n_pre]``.
        post: postsynaptic spikes this step ``[batch, n_post]``.
        traces: traces before this step.
        params: STDP parameters.

    Returns:
        (new weights, new traces); weights stay inside ``[w_min, w_max]`` for small rates.
    """
    ltp, ltd, new = _pair_terms(w, pre, post, traces, params)
    dw = params.a_plus * (params.w_max - w) * ltp - params.a_minus * (w - params.w_min) * ltd
    return (w + dw).clamp(params.w_min, params.w_max), new


class SymSTDPParams(NamedTuple):
    """Symmetric STDP (Hao et al. 2020): ``dw = a_plus e^{-|d|/tau_plus} - a_minus
    e^{-|d|/tau_minus}`` for both spike orders."""

    a_plus: float = 0.01
    a_minus: float = 0.005
    tau_plus: float = 20.0
    tau_minus: float = 40.0
    w_min: float = 0.0
    w_max: float = 1.0
    dt: float = 1.0


DEFAULT_SYM_STDP = SymSTDPParams()


class SymTraces(NamedTuple):
    """Fast (tau_plus) and slow (tau_minus) traces of pre and post populations."""

    pre_plus: Tensor
    pre_minus: Tensor
    post_plus: Tensor
    post_minus: Tensor


def zero_sym_traces(pre: Tensor, post: Tensor) -> SymTraces:
    """All-zero symmetric-STDP traces.

    Args:
        pre: presynaptic spikes ``[batch, n_pre]``.
        post: postsynaptic spikes ``[batch, n_post]``.

    Returns:
        SymTraces of zeros.
    """
    zp, zq = torch.zeros_like(pre), torch.zeros_like(post)
    return SymTraces(zp, zp, zq, zq)


def stdp_symmetric(
    w: Tensor,
    pre: Tensor,
    post: Tensor,
    traces: SymTraces,
    params: SymSTDPParams = DEFAULT_SYM_STDP,
) -> tuple[Tensor, SymTraces]:
    """Symmetric STDP step: potentiation for close pairs in either order.

    Args:
        w: weights ``[n_post, n_pre]`` (``nn.Linear.weight``).
        pre: presynaptic spikes this step ``[batch, n_pre]``.
        post: postsynaptic spikes this step ``[batch, n_post]``.
        traces: traces before this step.
        params: rule parameters.

    Returns:
        (new weights clipped to bounds, new traces).
    """
    check_layout(w, pre, post)
    dp, dm = math.exp(-params.dt / params.tau_plus), math.exp(-params.dt / params.tau_minus)
    xp, xm = traces.pre_plus * dp, traces.pre_minus * dm
    yp, ym = traces.post_plus * dp, traces.post_minus * dm
    kernel_pre = params.a_plus * xp - params.a_minus * xm
    kernel_post = params.a_plus * yp - params.a_minus * ym
    dw = post.transpose(0, 1) @ kernel_pre + kernel_post.transpose(0, 1) @ pre
    new = SymTraces(xp + pre, xm + pre, yp + post, ym + post)
    return (w + dw).clamp(params.w_min, params.w_max), new


def synaptic_scaling(w: Tensor, target: float, rate: float = 1.0) -> Tensor:
    """Multiplicative synaptic scaling of each neuron's total input toward ``target``.

    Args:
        w: weights ``[n_post, n_pre]`` (non-negative; ``nn.Linear.weight``).
        target: desired sum of incoming weights per postsynaptic neuron (a row).
        rate: 1.0 rescales exactly; smaller values move part of the way.

    Returns:
        scaled weights.

    >>> synaptic_scaling(torch.tensor([[1.0, 3.0]]), 2.0).flatten().tolist()
    [0.5, 1.5]
    """
    factor = target / w.sum(1, keepdim=True).clamp_min(1e-12)
    return w * (1.0 + rate * (factor - 1.0))


def normalize_weights(w: Tensor, total: float, dim: int = 1) -> Tensor:
    """Rescale weights so they sum to ``total`` along ``dim`` (Diehl & Cook normalisation).

    Args:
        w: weights.
        total: target sum.
        dim: dimension to sum over (1: the inputs of each postsynaptic neuron for
            ``[n_post, n_pre]``).

    Returns:
        normalised weights.

    >>> normalize_weights(torch.tensor([[1.0, 3.0], [2.0, 2.0]]), 1.0).tolist()
    [[0.25, 0.75], [0.5, 0.5]]
    """
    return w * (total / w.sum(dim, keepdim=True).clamp_min(1e-12))


def adaptive_threshold(
    theta: Tensor, post: Tensor, theta_plus: float, tau_theta: float, dt: float = 1.0
) -> Tensor:
    """Homeostatic threshold: decays with ``tau_theta``, rises by ``theta_plus`` per spike.

    Args:
        theta: per-neuron threshold offsets ``[n]``.
        post: spikes this step ``[batch, n]`` (summed over the batch).
        theta_plus: increment per spike.
        tau_theta: decay time constant.
        dt: time step.

    Returns:
        new theta.

    >>> adaptive_threshold(torch.zeros(2), torch.tensor([[1.0, 0.0]]), 0.05, 1e7).tolist()
    [0.05000000074505806, 0.0]
    """
    return theta * math.exp(-dt / tau_theta) + theta_plus * post.sum(0)


def lateral_inhibition(spikes: Tensor, strength: float) -> Tensor:
    """Inhibitory current each neuron receives from the spikes of all *other* neurons.

    Args:
        spikes: spikes ``[batch, n]``.
        strength: inhibitory weight (positive number; the current returned is negative).

    Returns:
        current ``[batch, n]``: ``-strength * (sum_j z_j - z_i)``.

    >>> lateral_inhibition(torch.tensor([[1.0, 0.0, 1.0]]), 2.0).tolist()
    [[-2.0, -4.0, -2.0]]
    """
    return -strength * (spikes.sum(-1, keepdim=True) - spikes)


def winner_take_all(spikes: Tensor, v: Tensor, k: int = 1) -> Tensor:
    """Keep at most ``k`` of this step's spikes per sample: those with the highest ``v``.

    Args:
        spikes: candidate spikes ``[batch, n]``.
        v: membrane potentials (or any score) ``[batch, n]``.
        k: winners allowed per sample.

    Returns:
        spikes with losers silenced.

    >>> winner_take_all(torch.tensor([[1.0, 1.0, 0.0]]), torch.tensor([[0.2, 0.9, 5.0]])).tolist()
    [[0.0, 1.0, 0.0]]
    """
    score = torch.where(spikes > 0, v, torch.full_like(v, -torch.inf))
    top = score.topk(min(k, v.shape[-1]), dim=-1).indices
    keep = torch.zeros_like(spikes).scatter_(-1, top, 1.0)
    return spikes * keep
