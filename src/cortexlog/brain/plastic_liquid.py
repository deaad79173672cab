"""A liquid whose synapses keep learning while it is read (NALSM's plastic presentations).

In the NALSM code (Ivanov & Michmizos 2021) the liquid is not frozen when its states are
read: every sample starts from the same tuned weights, and during its presentation
astrocyte-modulated STDP (:mod:`cortexlog.brain.astro`) keeps running on that sample's
own copy of the weights, with the potentiation rate, the astrocyte's state, weight and
bias all decaying by ``decay`` per step. The state of the sample is the spike count of
each liquid neuron.

Each sample needs its own weights, so the work is event-driven: per step, only the
synapses of neurons that spiked are visited (input drive, the causal and the acausal
STDP terms), in a C kernel built on first use (:func:`cortexlog.brain.native.load`),
samples split over threads. Without a compiler, :func:`plastic_counts` runs the same
rule step by step with :func:`~cortexlog.brain.astro.astro_stdp` on dense weights
(slow, and the reference the kernel is tested against).
"""

from __future__ import annotations

import ctypes
import math
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain import native
from cortexlog.brain.astro import AstroParams, AstroSTDPParams, astro_stdp, astrocyte_step
from cortexlog.brain.liquid import DEFAULT_LIQUID, LiquidParams, liquid_initial_state, liquid_step
from cortexlog.brain.neurons import Reset
from cortexlog.brain.plasticity import Traces

_SOURCE = r"""
#include <stdlib.h>
#include <string.h>
#define CLIP(y) w[y] = w[y] < lo[y] ? lo[y] : (w[y] > hi[y] ? hi[y] : w[y])
/* p: a_syn, k_mem, gain, th, vr, vleak, refractory steps, subtract-reset flag */
static double lif(double drive, double *v, double *i, double *r, const double *p) {
    double ii = p[0] * *i + p[2] * drive, u = *v + p[1] * ((p[5] - *v) + ii);
    double z = u > p[3] ? 1.0 : 0.0, busy = *r > 0.0;
    *i = ii;
    if (busy) { *v = p[4]; z = 0.0; }
    else *v = z > 0.0 ? (p[7] > 0.0 ? u - (p[3] - p[4]) : p[4]) : u;
    *r = z > 0.0 ? p[6] : (*r - 1.0 > 0.0 ? *r - 1.0 : 0.0);
    return z;
}

/* pl: eta, trace decay, astro w, astro bias, astro tau, astro a0, rate decay */
static void one_sample(long d, long n, long steps, const unsigned char *spk, long nsyn,
                       const double *w0, const double *lo, const double *hi,
                       const long *syn_post, const long *syn_pre, const long *out_ptr,
                       const long *out_syn, const long *in_ptr, const long *in_syn,
                       const unsigned char *inh, long stride, const double *p_liq,
                       const double *pl, double *count, double *raster, double *buf) {
    long m = d + n;
    double *w = buf, *tr = w + nsyn, *s = tr + m;
    double *v = s + m, *i = v + n, *r = i + n, *zl = r + n, *rec = zl + n;
    memcpy(w, w0, sizeof(double) * nsyn);
    memset(tr, 0, sizeof(double) * (2 * m + 5 * n));
    double eta = pl[0], decay = pl[1], aw = pl[2], ab = pl[3], tau = pl[4], a = pl[5];
    for (long t = 0; t < steps; ++t) {
        double n_in = 0.0, n_liq = 0.0;
        for (long j = 0; j < d; ++j) { s[j] = spk[t * stride + j]; n_in += s[j]; }
        memset(rec, 0, sizeof(double) * n);
        for (long j = 0; j < m; ++j) {
            if (j < d ? s[j] == 0.0 : zl[j - d] == 0.0) continue;
            for (long k = out_ptr[j]; k < out_ptr[j + 1]; ++k)
                rec[syn_post[out_syn[k]]] += w[out_syn[k]];
        }
        for (long q = 0; q < n; ++q) {
            s[d + q] = lif(rec[q], v + q, i + q, r + q, p_liq);
            n_liq += s[d + q];
            count[q] += s[d + q];
            if (raster) raster[t * n + q] = s[d + q];
        }
        for (long j = 0; j < m; ++j) tr[j] *= decay;
        /* causal (post q spiked, pre trace), then acausal (pre j spiked, post trace);
           a synapse whose pre and post both spiked is clipped once, after both terms */
        for (long q = 0; q < n; ++q) {
            if (s[d + q] == 0.0) continue;
            for (long k = in_ptr[q]; k < in_ptr[q + 1]; ++k) {
                long y = in_syn[k], pre = syn_pre[y];
                w[y] += (inh[pre] ? -a : eta) * tr[pre];
                if (s[pre] == 0.0) CLIP(y);
            }
        }
        for (long j = 0; j < m; ++j) {
            if (s[j] == 0.0) continue;
            for (long k = out_ptr[j]; k < out_ptr[j + 1]; ++k) {
                long y = out_syn[k];
                w[y] += (inh[j] ? eta : -a) * tr[d + syn_post[y]];
                CLIP(y);
            }
        }
        for (long j = 0; j < m; ++j) tr[j] += s[j];
        memcpy(zl, s + d, sizeof(double) * n);
        a = a + ((aw * (n_liq - n_in) + ab) - a) / tau;
        eta *= pl[6]; a *= pl[6]; aw *= pl[6]; ab *= pl[6];
    }
}

void plastic_liquid(long batch, long d, long n, long steps, const unsigned char *spk, long nsyn,
                    const double *w0, const double *lo, const double *hi,
                    const long *syn_post, const long *syn_pre, const long *out_ptr,
                    const long *out_syn, const long *in_ptr, const long *in_syn,
                    const unsigned char *inh, long stride, const double *p_liq,
                    const double *pl, double *counts, double *raster, long record) {
    /* spk: input spikes, sample b's step t at spk[t * stride + b * d] */
    double *buf = malloc(sizeof(double) * (nsyn + 2 * (d + n) + 5 * n));
    if (!buf) return;
    for (long b = 0; b < batch; ++b)
        one_sample(d, n, steps, spk + b * d, nsyn, w0, lo, hi, syn_post, syn_pre, out_ptr,
                   out_syn, in_ptr, in_syn, inh, stride, p_liq, pl, counts + b * n,
                   b < record ? raster + b * steps * n : NULL, buf);
    free(buf);
}
"""

_P, _L = ctypes.c_void_p, ctypes.c_long
_ARGS = [_L] * 4 + [_P, _L] + [_P] * 10 + [_L] + [_P] * 4 + [_L]


class PresentationRule(NamedTuple):
    """STDP during a presentation: ``stdp`` rates and bounds, the astrocyte (None: plain
    STDP, depression rate = potentiation rate) and the per-step decay of all rates."""

    stdp: AstroSTDPParams
    astro: AstroParams | None
    decay: float = 0.99


class Synapses(NamedTuple):
    """The plastic synapses as lists (inputs are presynaptic ids ``0..d-1``, liquid neuron
    ``q`` is ``d + q``), sorted by presynaptic id, with CSR offsets by pre and by post."""

    pre: Tensor
    post: Tensor
    w: Tensor
    lo: Tensor
    hi: Tensor
    out_ptr: Tensor
    in_ptr: Tensor
    in_syn: Tensor
    inhibitory: Tensor


def synapse_lists(w_in: Tensor, w: Tensor, mask_in: Tensor, mask: Tensor,
                  inhibitory: Tensor, w_max: float) -> Synapses:
    """Flatten the masked input ``[n, d]`` and recurrent ``[n, n]`` weights into lists.

    Args:
        w_in: input weights ``[n, d]`` (``[post, pre]``), either sign.
        w: recurrent weights ``[n, n]``; inhibitory columns negative.
        mask_in: 0/1 ``[n, d]``.
        mask: 0/1 ``[n, n]``.
        inhibitory: bool ``[n]``.
        w_max: bound of every synapse type.

    Returns:
        the synapse lists (float64 weights, int64 indices).
    """
    n, d = w_in.shape
    post_in, pre_in = mask_in.T.nonzero(as_tuple=True)[::-1]
    post_rec, pre_rec = mask.T.nonzero(as_tuple=True)[::-1]
    pre = torch.cat([pre_in, pre_rec + d])
    post = torch.cat([post_in, post_rec])
    weights = torch.cat([w_in[post_in, pre_in], w[post_rec, pre_rec]]).double()
    inh = torch.cat([torch.zeros(d, dtype=torch.bool), inhibitory.bool()])
    signed = pre < d
    bound = torch.full(pre.shape, float(w_max), dtype=torch.float64)
    lo = torch.where(inh[pre] | signed, -bound, 0.0)
    hi = torch.where(inh[pre], 0.0, bound)
    out_ptr = torch.zeros(d + n + 1, dtype=torch.long)
    out_ptr[1:] = torch.bincount(pre, minlength=d + n).cumsum(0)
    in_syn = torch.argsort(post, stable=True)
    in_ptr = torch.zeros(n + 1, dtype=torch.long)
    in_ptr[1:] = torch.bincount(post, minlength=n).cumsum(0)
    return Synapses(pre, post, weights, lo, hi, out_ptr, in_ptr, in_syn, inh)


def _neuron(p: LiquidParams) -> Tensor:
    lif = p.lif
    return torch.tensor([1.0 - lif.dt / lif.tau_syn, lif.dt / lif.tau_mem, p.gain, lif.v_th,
                         lif.v_reset, lif.v_leak, float(p.refractory),
                         float(lif.reset is Reset.SUBTRACT)], dtype=torch.float64)


def _rule_vector(rule: PresentationRule) -> Tensor:
    s, a = rule.stdp, rule.astro
    decay = math.exp(-s.dt / s.tau)
    astro = (0.0, s.eta, 1.0) if a is None else (a.w, a.bias, a.tau)
    return torch.tensor([s.eta, decay, *astro, s.eta, rule.decay], dtype=torch.float64)


def _native_counts(syn: Synapses, spikes: Tensor, rule: PresentationRule,
                   liquid: LiquidParams, record: int, threads: int) -> tuple[Tensor, Tensor]:
    handle = native.load("plastic-liquid", _SOURCE, {"plastic_liquid": _ARGS})
    assert handle is not None
    steps, batch, d = spikes.shape
    n = syn.in_ptr.shape[0] - 1
    spk = (spikes != 0).to(torch.uint8).contiguous()
    counts = torch.zeros(batch, n, dtype=torch.float64)
    raster = torch.zeros(max(record, 0), steps, n, dtype=torch.float64)
    by_pre = torch.arange(syn.pre.numel())  # the lists are sorted by pre
    head = [syn.w, syn.lo, syn.hi, syn.post, syn.pre, syn.out_ptr, by_pre, syn.in_ptr,
            syn.in_syn, syn.inhibitory.to(torch.uint8)]
    tail = [_neuron(liquid), _rule_vector(rule)]

    def run(lo: int, hi: int) -> None:
        rec = min(max(record - lo, 0), hi - lo)
        handle.plastic_liquid(hi - lo, d, n, steps, spk[0, lo].data_ptr(), syn.pre.numel(),
                              *(t.data_ptr() for t in head), batch * d,
                              *(t.data_ptr() for t in tail), counts[lo].data_ptr(),
                              raster[lo].data_ptr() if rec else None, rec)

    cuts = torch.linspace(0, batch, max(1, min(threads, batch)) + 1).round().long().tolist()
    with ThreadPoolExecutor(len(cuts) - 1) as pool:
        list(pool.map(lambda k: run(cuts[k], cuts[k + 1]), range(len(cuts) - 1)))
    return counts.float(), raster.transpose(0, 1).float()


def _torch_counts(syn: Synapses, spikes: Tensor, rule: PresentationRule, liquid: LiquidParams,
                  record: int) -> tuple[Tensor, Tensor]:
    steps, batch, d = spikes.shape
    n = syn.in_ptr.shape[0] - 1
    w0 = torch.zeros(n, d + n, dtype=torch.float64)
    w0[syn.post, syn.pre] = syn.w
    mask = torch.zeros(n, d + n, dtype=torch.float64)
    mask[syn.post, syn.pre] = 1.0
    no_inh, inh = torch.zeros(d, dtype=torch.bool), syn.inhibitory[d:]
    counts, rasters = torch.zeros(batch, n, dtype=torch.float64), []
    for b in range(batch):
        w_in, w = w0[:, :d], w0[:, d:]
        state = liquid_initial_state(1, n, liquid, torch.float64)
        zero = torch.zeros(1, n, dtype=torch.float64)
        tr_in, tr = Traces(torch.zeros(1, d, dtype=torch.float64), zero), Traces(zero, zero)
        a = torch.full((1,), rule.stdp.eta, dtype=torch.float64)
        stdp, astro, raster = rule.stdp, rule.astro or AstroParams(0.0, rule.stdp.eta, 1.0), []
        for t in range(steps):
            s_in = (spikes[t, b : b + 1] != 0).double()
            z, state = liquid_step(s_in @ w_in.T, state, w, liquid)
            counts[b] += z[0]
            raster.append(z[0])
            w_in, tr_in = astro_stdp(w_in, s_in, z, tr_in, a, no_inh, stdp, signed=True)
            w, tr = astro_stdp(w, z, z, tr, a, inh, stdp)
            w_in, w = w_in * mask[:, :d], w * mask[:, d:]
            a = astrocyte_step(a, z, s_in, astro) * rule.decay
            stdp = stdp._replace(eta=stdp.eta * rule.decay)
            astro = AstroParams(astro.w * rule.decay, astro.bias * rule.decay, astro.tau)
        if b < record:
            rasters.append(torch.stack(raster))
    raster_t = torch.stack(rasters, 1) if rasters else torch.zeros(steps, 0, n)
    return counts.float(), raster_t.float()


def plastic_counts(syn: Synapses, spikes: Tensor, rule: PresentationRule,
                   liquid: LiquidParams = DEFAULT_LIQUID, record: int = 0,
                   threads: int | None = None) -> tuple[Tensor, Tensor]:
    """Spike counts of a liquid that learns during each sample's presentation.

    Every sample starts from the weights in ``syn`` and resting neurons, traces and
    astrocyte (depression rate ``eta``); the weights it learns are dropped at its end.

    Args:
        syn: the synapses (:func:`synapse_lists`).
        spikes: input spikes ``[steps, batch, d]`` (0/1).
        rule: the plasticity during the presentation.
        liquid: liquid neuron dynamics.
        record: keep the spike rasters of the first ``record`` samples.
        threads: worker threads (default: ``torch.get_num_threads()``).

    Returns:
        (counts ``[batch, n]``, rasters ``[steps, record, n]``), float32.
    """
    n = syn.in_ptr.shape[0] - 1
    if spikes.shape[1] == 0:
        return torch.zeros(0, n), torch.zeros(spikes.shape[0], 0, n)
    if native.load("plastic-liquid", _SOURCE, {"plastic_liquid": _ARGS}) is not None:
        return _native_counts(syn, spikes, rule, liquid, record,
                              threads or torch.get_num_threads())
    return _torch_counts(syn, spikes, rule, liquid, record)
