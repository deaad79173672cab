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
samples split over threads. Without a compiler, :func:`present` runs the same
rule step by step with :func:`~cortexlog.brain.astro.astro_stdp` on dense weights
(slow, and the reference the kernel is tested against).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain.astro import AstroParams, AstroSTDPParams, astro_stdp, astrocyte_step
from cortexlog.brain.liquid import DEFAULT_LIQUID, LiquidParams, liquid_initial_state, liquid_step
from cortexlog.brain.neurons import Reset
from cortexlog.brain.plastic_kernel import kernel
from cortexlog.brain.plasticity import Traces
from cortexlog.errors import CortexlogError


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
                         float(lif.reset is Reset.SUBTRACT), float(p.hold)],
                        dtype=torch.float64)


def _rule_vector(rule: PresentationRule) -> Tensor:
    s, a = rule.stdp, rule.astro
    decay = math.exp(-s.dt / s.tau)
    astro = (0.0, s.eta, 1.0) if a is None else (a.w, a.bias, a.tau)
    return torch.tensor([s.eta, decay, *astro, s.eta, rule.decay], dtype=torch.float64)


class Presented(NamedTuple):
    """What :func:`present` returns: spike ``counts [batch, n]``, ``rasters [steps, record,
    n]`` (float32), each sample's mean ``depression`` rate over its potentiation rate
    ``[batch]`` (1 for plain STDP) and the synapses' ``weights`` after the last sample
    (with ``carry``; otherwise the starting weights)."""

    counts: Tensor
    rasters: Tensor
    depression: Tensor
    weights: Tensor


def _native(syn: Synapses, spikes: Tensor, rule: PresentationRule, liquid: LiquidParams,
            record: int, carry: bool, threads: int) -> Presented:
    handle = kernel()
    assert handle is not None
    steps, batch, d = spikes.shape
    n = syn.in_ptr.shape[0] - 1
    spk = (spikes != 0).to(torch.uint8).contiguous()
    counts = torch.zeros(batch, n, dtype=torch.float64)
    raster = torch.zeros(max(record, 0), steps, n, dtype=torch.float64)
    dep, w_out = torch.zeros(batch, dtype=torch.float64), syn.w.clone()
    head = [syn.w, syn.lo, syn.hi, syn.post, syn.pre, syn.out_ptr, syn.in_ptr,
            syn.in_syn, syn.inhibitory.to(torch.uint8)]
    tail = [_neuron(liquid), _rule_vector(rule)]

    def run(lo: int, hi: int) -> None:
        rec = min(max(record - lo, 0), hi - lo)
        handle.plastic_liquid(hi - lo, d, n, steps, spk[0, lo].data_ptr(), syn.pre.numel(),
                              *(t.data_ptr() for t in head), batch * d,
                              *(t.data_ptr() for t in tail), counts[lo].data_ptr(),
                              raster[lo].data_ptr() if rec else None, rec, int(carry),
                              w_out.data_ptr(), dep[lo].data_ptr())

    parts = 1 if carry else max(1, min(threads, batch))
    cuts = torch.linspace(0, batch, parts + 1).round().long().tolist()
    with ThreadPoolExecutor(parts) as pool:
        list(pool.map(lambda k: run(cuts[k], cuts[k + 1]), range(parts)))
    return Presented(counts.float(), raster.transpose(0, 1).float(), dep, w_out)


def _stepwise(syn: Synapses, spikes: Tensor, rule: PresentationRule, liquid: LiquidParams,
              record: int, carry: bool) -> Presented:
    steps, batch, d = spikes.shape
    n = syn.in_ptr.shape[0] - 1
    w0, mask = _dense(syn, syn.w), _dense(syn, torch.ones_like(syn.w))
    no_inh, inh = torch.zeros(d, dtype=torch.bool), syn.inhibitory[d:]
    counts, rasters = torch.zeros(batch, n, dtype=torch.float64), []
    dep = torch.zeros(batch, dtype=torch.float64)
    w_in, w = w0[:, :d], w0[:, d:]
    for b in range(batch):
        if not carry:
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
            dep[b] += float(a) / stdp.eta if stdp.eta > 0 else 1.0
            w_in, tr_in = astro_stdp(w_in, s_in, z, tr_in, a, no_inh, stdp, signed=True)
            w, tr = astro_stdp(w, z, z, tr, a, inh, stdp)
            w_in, w = w_in * mask[:, :d], w * mask[:, d:]
            a = astrocyte_step(a, z, s_in, astro) * rule.decay
            stdp = stdp._replace(eta=stdp.eta * rule.decay)
            astro = AstroParams(astro.w * rule.decay, astro.bias * rule.decay, astro.tau)
        dep[b] /= max(steps, 1)
        if b < record:
            rasters.append(torch.stack(raster))
    raster_t = torch.stack(rasters, 1) if rasters else torch.zeros(steps, 0, n)
    w_out = torch.cat([w_in, w], 1)[syn.post, syn.pre] if carry else syn.w.clone()
    return Presented(counts.float(), raster_t.float(), dep, w_out)


def present(syn: Synapses, spikes: Tensor, rule: PresentationRule,
            liquid: LiquidParams = DEFAULT_LIQUID, record: int = 0, carry: bool = False,
            threads: int | None = None) -> Presented:
    """Present samples to a liquid that learns during each presentation.

    Every sample starts from resting neurons, zero traces and a resting astrocyte
    (depression rate ``eta``), and from the weights in ``syn`` (or, with ``carry``, from
    the weights the previous sample left: the NALSM code's tuning phase).

    Args:
        syn: the synapses (:func:`synapse_lists`).
        spikes: input spikes ``[steps, batch, d]`` (0/1).
        rule: the plasticity during a presentation.
        liquid: liquid neuron dynamics.
        record: keep the spike rasters of the first ``record`` samples.
        carry: carry the learnt weights from sample to sample (sequential, one thread).
        threads: worker threads without ``carry`` (default: ``torch.get_num_threads()``).

    Returns:
        :class:`Presented`.
    """
    n = syn.in_ptr.shape[0] - 1
    d = syn.out_ptr.shape[0] - 1 - n
    if spikes.dim() != 3 or spikes.shape[2] != d:
        raise CortexlogError(
            f"input spikes of shape {tuple(spikes.shape)} do not fit a liquid with {d} "
            "inputs", hint=f"pass spikes as [steps, batch, {d}] (time first)")
    steps, batch, _ = spikes.shape
    if batch == 0:
        return Presented(torch.zeros(0, n), torch.zeros(steps, 0, n),
                         torch.zeros(0, dtype=torch.float64), syn.w.clone())
    if kernel() is not None:
        return _native(syn, spikes, rule, liquid, record, carry,
                       threads or torch.get_num_threads())
    return _stepwise(syn, spikes, rule, liquid, record, carry)


def with_weights(syn: Synapses, weights: Tensor) -> Synapses:
    """The same synapses with new weights (e.g. :attr:`Presented.weights`).

    Args:
        syn: synapses.
        weights: ``[len(syn.pre)]``.

    Returns:
        a new :class:`Synapses`.
    """
    return syn._replace(w=weights.double())


def dense_weights(syn: Synapses, d: int) -> tuple[Tensor, Tensor]:
    """Input ``[n, d]`` and recurrent ``[n, n]`` weight matrices of the synapses (float32).

    Args:
        syn: synapses.
        d: input size.

    Returns:
        (w_in, w), zero where there is no synapse.
    """
    dense = _dense(syn, syn.w)
    return dense[:, :d].float(), dense[:, d:].float()


def _dense(syn: Synapses, values: Tensor) -> Tensor:
    """``values`` of the synapses scattered into one ``[n, d + n]`` float64 matrix."""
    n = syn.in_ptr.shape[0] - 1
    dense = torch.zeros(n, syn.out_ptr.shape[0] - 1, dtype=torch.float64)
    dense[syn.post, syn.pre] = values.double()
    return dense
