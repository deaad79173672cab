"""Diehl & Cook (2015) dynamics: configuration, the excitatory layer and the STDP rule.

Membrane units are normalised (rest 0, base threshold 1 = the paper's 13 mV gap). One
presentation is simulated with the input weights fixed; :func:`dc_stdp` then returns the
summed weight change of the presentation as new weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor

from cortexlog.brain.plasticity import check_layout
from cortexlog.brain.wta_kernel import wta_input_layer, wta_layer


@dataclass(frozen=True)
class DiehlCookConfig:
    """Hyper-parameters (time constants in ms; ``dt`` ms per step).

    Membrane units are normalised (rest 0, base threshold 1 = the paper's 13 mV gap);
    ``gain`` is the jump per unit weight per input spike (0.05: the paper's conductance
    synapse adds about 0.65 mV per unit weight). ``theta`` decays with ``tau_theta`` over
    the presentation plus ``rest_ms`` and rises by ``theta_plus`` per spike, applied at the
    end of each presentation. The paper's 0.05 mV is 0.0038 here; a larger ``theta_plus``
    with a shorter ``tau_theta`` (1e6 ms) balances faster and tested better. ``tau_post2``
    > 0 selects the published code's triplet rule (default, 40 ms), 0 the paper's x_tar
    rule (see :func:`dc_stdp` and docs/experiments.md).
    """

    neurons: int = 100
    steps: int = 100
    dt: float = 3.5
    max_rate_hz: float = 63.75
    tau_mem: float = 100.0
    tau_pre: float = 20.0
    tau_post: float = 20.0
    gain: float = 0.05
    inhibition: float = 5.0
    inhibition_floor: float = -math.inf
    refractory_ms: float = 5.0
    theta_plus: float = 0.05
    tau_theta: float = 1e6
    rest_ms: float = 150.0
    eta_post: float = 0.01
    eta_pre: float = 0.0001
    x_tar: float = 0.4
    mu: float = 0.2
    tau_post2: float = 40.0
    w_max: float = 1.0
    w_mean: float = 0.1
    min_spikes: int = 5
    max_boosts: int = 3
    batch: int = 1
    seed: int = 0

    def layer_constants(self) -> tuple[float, int]:
        """The excitatory layer's membrane decay per step and refractory steps (at least 1).

        Every path that steps the layer (:func:`simulate`, :func:`simulate_events`, the
        compiled kernel) takes them from here.
        """
        return math.exp(-self.dt / self.tau_mem), max(1, round(self.refractory_ms / self.dt))


def _last_spike_trace(spikes: Tensor, decay: float, include_now: bool) -> Tensor:
    """Trace that jumps to 1 at a spike and decays by ``decay`` per step, for all steps.

    Args:
        spikes: 0/1 spikes ``[T, ...]``.
        decay: factor per step.
        include_now: read after this step's spikes (True) or before them (False).

    Returns:
        traces ``[T, ...]`` (0 before the first spike).

    >>> _last_spike_trace(torch.tensor([[0.0], [1.0], [0.0]]), 0.5, True).flatten().tolist()
    [0.0, 1.0, 0.5]
    >>> _last_spike_trace(torch.tensor([[0.0], [1.0], [0.0]]), 0.5, False).flatten().tolist()
    [0.0, 0.0, 0.5]
    """
    t = torch.arange(spikes.shape[0], dtype=spikes.dtype).reshape(-1, *[1] * (spikes.dim() - 1))
    last = torch.where(spikes > 0, t, -torch.inf).cummax(0).values
    if not include_now:  # the value before step t's spikes is the one after step t - 1
        last = torch.cat([torch.full_like(last[:1], -torch.inf), last[:-1]])
    return torch.pow(decay, t - last)


def dc_stdp(
    w: Tensor, pre: Tensor, post: Tensor, cfg: DiehlCookConfig
) -> Tensor:
    """The Diehl & Cook STDP update accumulated over one presentation (new weights).

    Post spike at t: ``+eta_post (x_pre(t) - x_tar) (w_max - w)^mu`` (the paper's text) or,
    if ``cfg.tau_post2 > 0``, ``+eta_post x_pre(t) x_post2(t)`` (the published code's
    triplet rule; ``x_post2`` is a slow post trace read before the spike); pre spike at t:
    ``-eta_pre x_post(t)``. Traces jump to 1 at a spike and decay with ``tau_pre`` /
    ``tau_post``; the post trace is read before that step's post spikes. The weight
    dependence uses the weights at the start of the presentation (changes are applied
    together at its end, which is what makes batching possible).

    Args:
        w: weights ``[N, D]`` (``nn.Linear``'s ``[out, in]``).
        pre: input spikes ``[T, B, D]``.
        post: output spikes ``[T, B, N]``.
        cfg: configuration.

    Returns:
        updated weights clipped to ``[0, w_max]``.
    """
    tp, bp, jp = post.nonzero(as_tuple=True)  # post spikes: step, image, neuron
    steps = torch.arange(pre.shape[0], dtype=pre.dtype).reshape(-1, 1, 1)
    last_pre = torch.where(pre > 0, steps, -torch.inf).cummax(0).values[tp, bp]  # [K, D]
    x_pre = torch.pow(math.exp(-cfg.dt / cfg.tau_pre), steps[tp, 0] - last_pre)
    x_post = _last_spike_trace(post, math.exp(-cfg.dt / cfg.tau_post), include_now=False)
    check_layout(w, pre[0], post[0])
    flat = pre.shape[0] * pre.shape[1]
    # [N, D] as the transpose of the [D, N] product (the same sums, bit for bit)
    ltd = (pre.reshape(flat, -1).T @ x_post.reshape(flat, -1)).T
    if cfg.tau_post2 > 0:  # triplet: x_pre times the slow post trace before this spike
        x2 = _last_spike_trace(post, math.exp(-cfg.dt / cfg.tau_post2), include_now=False)
        ltp = torch.zeros_like(w).index_add_(0, jp, x_pre * x2[tp, bp, jp, None])
        return (w + cfg.eta_post * ltp - cfg.eta_pre * ltd).clamp(0.0, cfg.w_max)
    ltp = torch.zeros_like(w).index_add_(0, jp, x_pre - cfg.x_tar)
    dep = (cfg.w_max - w).clamp_min(0.0).pow(cfg.mu)
    return (w + cfg.eta_post * ltp * dep - cfg.eta_pre * ltd).clamp(0.0, cfg.w_max)


def simulate(drive: Tensor, theta: Tensor, cfg: DiehlCookConfig) -> Tensor:
    """Excitatory layer dynamics for one presentation: at most one winner per step and image.

    The winner (highest ``v - 1 - theta`` above 0) resets to 0 and ignores its input for the
    refractory period; every other neuron of that image drops by ``cfg.inhibition``, but
    not below ``cfg.inhibition_floor`` (default: no floor).

    Args:
        drive: input per step ``[T, B, N]`` (already scaled by the gain).
        theta: threshold offsets ``[N]`` (fixed during a presentation).
        cfg: configuration.

    Returns:
        output spikes ``[T, B, N]``.
    """
    steps, b, n = drive.shape
    dm, ref = cfg.layer_constants()
    thr = 1.0 + theta
    v = torch.zeros(b, n, dtype=drive.dtype)
    free_at = torch.zeros(b, n, dtype=drive.dtype)  # first step at which it integrates again
    out = torch.zeros(steps, b, n, dtype=drive.dtype)
    for t in range(steps):
        v = torch.where(free_at <= t, v * dm + drive[t], v)
        top, idx = (v - thr).max(1, keepdim=True)
        z = torch.zeros_like(v).scatter_(1, idx, (top > 0).to(v.dtype))
        inhibited = (v - cfg.inhibition * (top > 0).to(v.dtype)).clamp_min(cfg.inhibition_floor)
        v = torch.where(z > 0, 0.0, inhibited)
        free_at = torch.where(z > 0, float(t + 1 + ref), free_at)
        out[t] = z
    return out


def simulate_events(drive: Tensor, theta: Tensor, cfg: DiehlCookConfig) -> Tensor:
    """Same dynamics as :func:`simulate` for one image, jumping from spike to spike.

    Between spikes the membrane is linear, so with ``F[s] = sum_{u<=s} dm^(s-u) drive[u]``
    a neuron that integrates from step ``a`` with value ``v`` has
    ``v(s) = dm^(s-a+1) (v - F[a-1]) + F[s]``; the next spike is the first step where some
    neuron crosses its threshold. Costs one small tensor pass per spike instead of per step.

    Args:
        drive: input per step ``[T, 1, N]``.
        theta: threshold offsets ``[N]``.
        cfg: configuration.

    Returns:
        output spikes ``[T, 1, N]``.
    """
    steps, _, n = drive.shape
    dm, ref = cfg.layer_constants()
    d = drive[:, 0]
    decay = dm ** torch.arange(steps + 1, dtype=d.dtype)
    filt = torch.zeros(steps + 1, n, dtype=d.dtype)  # filt[s + 1] = F[s]; filt[0] = 0
    lower = torch.tril(decay[:steps, None] / decay[None, :steps].clamp_min(1e-30))
    filt[1:] = lower @ d  # F = L @ drive with L[s, u] = dm^(s-u) for u <= s
    thr = 1.0 + theta
    v = torch.zeros(n, dtype=d.dtype)
    free_at = torch.zeros(n, dtype=torch.long)
    cols = torch.arange(n)
    out = torch.zeros(steps, 1, n, dtype=d.dtype)
    t0 = 0
    while t0 < steps:
        start = free_at.clamp(t0, steps)
        s = torch.arange(t0, steps).unsqueeze(1)
        k = s - start + 1  # steps integrated since ``start`` (<= 0: still refractory)
        free = decay[k.clamp_min(0)] * (v - filt[start, cols]) + filt[t0 + 1 :]
        traj = torch.where(k > 0, free, v)
        top, idx = (traj - thr).max(1)
        hit = (top > 0).nonzero()
        if hit.numel() == 0:
            break
        i = int(hit[0, 0])
        j = int(idx[i])
        v = (traj[i] - cfg.inhibition).clamp_min(cfg.inhibition_floor)
        v[j] = 0.0
        free_at[j] = t0 + i + 1 + ref
        out[t0 + i, 0, j] = 1.0
        t0 += i + 1
    return out


def excitatory_spikes(drive: Tensor, theta: Tensor, cfg: DiehlCookConfig) -> Tensor:
    """The excitatory layer's spikes by the fastest available path (same dynamics).

    The compiled winner-take-all kernel (:mod:`cortexlog.brain.wta_kernel`, float64) when
    a C compiler is present; otherwise :func:`simulate_events` for one image and
    :func:`simulate` for a batch.

    Args:
        drive: input per step ``[T, B, N]`` (already scaled by the gain).
        theta: threshold offsets ``[N]``.
        cfg: configuration.

    Returns:
        output spikes ``[T, B, N]``.
    """
    out = wta_layer(drive, theta, *cfg.layer_constants(), cfg.inhibition,
                    cfg.inhibition_floor)
    if out is not None:
        return out
    return (simulate_events if drive.shape[1] == 1 else simulate)(drive, theta, cfg)


def input_spikes_to_layer(spikes: Tensor, w: Tensor, gain: float, theta: Tensor,
                          cfg: DiehlCookConfig) -> Tensor:
    """The excitatory spikes that input spikes evoke through ``w`` (weights fixed).

    Same result as :func:`excitatory_spikes` of ``gain * spikes @ w.T`` (up to the order
    in which the drive is summed): for weights on the CPU and a C compiler, the kernel
    sums each step's drive from the inputs that spiked without storing it (about 2x
    faster at 6,400 neurons); otherwise (no compiler, or weights on a GPU, where the
    product is cheap and the weights stay put) the product and :func:`excitatory_spikes`.

    Args:
        spikes: input spikes ``[T, B, D]``.
        w: weights ``[N, D]``.
        gain: drive per unit weight and input spike.
        theta: threshold offsets ``[N]``.
        cfg: configuration.

    Returns:
        output spikes ``[T, B, N]``.
    """
    out = None
    if w.device.type == "cpu":
        out = wta_input_layer(spikes, w, gain, theta, *cfg.layer_constants(), cfg.inhibition,
                              cfg.inhibition_floor)
    if out is not None:
        return out
    steps, batch, d_in = spikes.shape
    drive = gain * (spikes.reshape(-1, d_in) @ w.T)
    return excitatory_spikes(drive.reshape(steps, batch, w.shape[0]), theta, cfg)
