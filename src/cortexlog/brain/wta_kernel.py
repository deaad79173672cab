"""The C kernel of a winner-take-all LIF layer (built on first use).

One call steps a batch of images through a layer of leaky integrate-and-fire neurons with
at most one winner per step and image: the winner resets to 0 and is refractory, every
other neuron of that image drops by ``inhibition`` (not below ``floor``). This is the
excitatory layer of Diehl & Cook (2015) and of Hao et al. (2020); the pure-torch
reference is :func:`cortexlog.experiments.diehl_cook_sim.simulate`. Cost: ``T * B * N``
multiply-adds, no per-step Python.
"""

from __future__ import annotations

import ctypes

import torch
from torch import Tensor

from cortexlog.brain import native

_SOURCE = r"""
/* One step of image b: integrate d (free neurons only), at most one winner, inhibition. */
#define WTA(NAME, REAL)                                                                   \
static void NAME##_step(long t, long n, const REAL *d, const REAL *thr, REAL dmr, long ref, \
                        REAL inh, REAL fl, REAL *o, REAL *v, long *free_at) {            \
    long best = 0;                                                                        \
    REAL top = 0;                                                                         \
    for (long q = 0; q < n; ++q) {                                                        \
        if (free_at[q] <= t) v[q] = v[q] * dmr + d[q];                                    \
        REAL gap = v[q] - thr[q];                                                         \
        if (q == 0 || gap > top) { top = gap; best = q; }                                 \
    }                                                                                     \
    REAL drop = top > 0 ? inh : 0;                                                        \
    for (long q = 0; q < n; ++q) {                                                        \
        REAL u = v[q] - drop;                                                             \
        v[q] = u < fl ? fl : u;                                                           \
    }                                                                                     \
    if (top > 0) { v[best] = 0; free_at[best] = t + 1 + ref; o[best] = 1; }               \
}                                                                                         \
/* drive [T, B, N], thr [N], out [T, B, N] zeroed by the caller; v, free_at scratch [N] */ \
void NAME(long steps, long batch, long n, const REAL *drive, const REAL *thr, double dm, \
          long ref, double inhibition, double floor, REAL *out, REAL *v, long *free_at) { \
    for (long b = 0; b < batch; ++b) {                                                    \
        for (long q = 0; q < n; ++q) { v[q] = 0; free_at[q] = 0; }                       \
        for (long t = 0; t < steps; ++t)                                                  \
            NAME##_step(t, n, drive + (t * batch + b) * n, thr, (REAL)dm, ref,            \
                        (REAL)inhibition, (REAL)floor, out + (t * batch + b) * n, v,      \
                        free_at);                                                         \
    }                                                                                     \
}                                                                                         \
/* The same layer driven by input spikes [T, B, D] through weights wt [D, N] (w.T): each \
   step's drive gain * sum_j s_j wt[j] is summed here over the inputs that spiked, in    \
   order j, into the scratch acc [N]. */                                                 \
void NAME##_in(long steps, long batch, long n, long d_in, const REAL *spikes,             \
               const REAL *restrict wt, double gain, const REAL *thr, double dm, long ref, \
               double inhibition, double floor, REAL *out, REAL *v, long *free_at,        \
               REAL *restrict acc) {                                                      \
    const REAL g = (REAL)gain;                                                            \
    for (long b = 0; b < batch; ++b) {                                                    \
        for (long q = 0; q < n; ++q) { v[q] = 0; free_at[q] = 0; }                       \
        for (long t = 0; t < steps; ++t) {                                                \
            const REAL *s = spikes + (t * batch + b) * d_in;                              \
            for (long q = 0; q < n; ++q) acc[q] = 0;                                      \
            for (long j = 0; j < d_in; ++j) {                                             \
                const REAL sj = s[j];                                                     \
                const REAL *restrict row = wt + j * n;                                    \
                if (sj != 0)                                                              \
                    for (long q = 0; q < n; ++q) acc[q] += sj * row[q];                   \
            }                                                                             \
            for (long q = 0; q < n; ++q) acc[q] = g * acc[q];                             \
            NAME##_step(t, n, acc, thr, (REAL)dm, ref, (REAL)inhibition, (REAL)floor,     \
                        out + (t * batch + b) * n, v, free_at);                           \
        }                                                                                 \
    }                                                                                     \
}
WTA(wta_layer_f32, float)
WTA(wta_layer_f64, double)
"""

_P, _L, _D = ctypes.c_void_p, ctypes.c_long, ctypes.c_double
_ARGS = [_L, _L, _L, _P, _P, _D, _L, _D, _D, _P, _P, _P]
_IN_ARGS = [_L, _L, _L, _L, _P, _P, _D, _P, _D, _L, _D, _D, _P, _P, _P, _P]
_SUFFIX = {torch.float32: "f32", torch.float64: "f64"}


def kernel() -> ctypes.CDLL | None:
    """The compiled winner-take-all kernel, or None (no compiler, or ``CORTEXLOG_NATIVE=0``).

    Returns:
        the ctypes library exporting ``wta_layer_f32``, ``wta_layer_f64`` and their
        ``_in`` forms (driven by input spikes through weights).
    """
    signatures = {f"wta_layer_{k}": _ARGS for k in _SUFFIX.values()}
    signatures.update({f"wta_layer_{k}_in": _IN_ARGS for k in _SUFFIX.values()})
    return native.load("wta-layer", _SOURCE, signatures)


def wta_layer(drive: Tensor, theta: Tensor, dm: float, ref: int, inhibition: float,
              floor: float) -> Tensor | None:
    """Output spikes of the winner-take-all layer, or None without the compiled kernel.

    Computes on the CPU in ``drive``'s dtype (float32 or float64; others in float64, as
    the torch loop's arithmetic is then not matched anyway); the result comes back in
    ``drive``'s dtype and device.

    Args:
        drive: input per step ``[T, B, N]`` (already scaled by the gain).
        theta: threshold offsets ``[N]`` (the threshold is ``1 + theta``).
        dm: membrane decay per step.
        ref: refractory steps after a spike (the winner ignores its input until then).
        inhibition: drop of every other neuron of the image when one wins.
        floor: lowest potential inhibition reaches (``-inf``: none).

    Returns:
        0/1 spikes ``[T, B, N]``, or None.
    """
    lib = kernel()
    if lib is None:
        return None
    steps, batch, n = drive.shape
    dtype = drive.dtype if drive.dtype in _SUFFIX else torch.float64
    d = drive.detach().to("cpu", dtype).contiguous()
    thr, out, v, free_at = _buffers(theta, steps, batch, n, dtype)
    getattr(lib, f"wta_layer_{_SUFFIX[dtype]}")(
        steps, batch, n, d.data_ptr(), thr.data_ptr(), dm, ref, inhibition, floor,
        out.data_ptr(), v.data_ptr(), free_at.data_ptr())
    return out.to(drive.device, drive.dtype)


def wta_input_layer(spikes: Tensor, w: Tensor, gain: float, theta: Tensor, dm: float,
                    ref: int, inhibition: float, floor: float) -> Tensor | None:
    """:func:`wta_layer` of the drive ``gain * spikes @ w.T``, summed inside the kernel.

    The drive is never stored: each step adds the weight rows of the inputs that spiked
    (a few percent of them), so the cost follows the input spikes. Computes in ``w``'s
    dtype (float32 or float64, others in float64); ``w.T`` is used in place when it is
    contiguous (else copied once per call).

    Args:
        spikes: input spikes ``[T, B, D]`` (any values; 0 entries are skipped).
        w: weights ``[N, D]`` (``nn.Linear``'s ``[out, in]``).
        gain: drive per unit weight and input spike.
        theta: threshold offsets ``[N]``.
        dm: membrane decay per step.
        ref: refractory steps after a spike.
        inhibition: drop of every other neuron of the image when one wins.
        floor: lowest potential inhibition reaches.

    Returns:
        0/1 spikes ``[T, B, N]`` in ``w``'s dtype and device, or None without the kernel.
    """
    lib = kernel()
    if lib is None:
        return None
    steps, batch, d_in = spikes.shape
    n = w.shape[0]
    if w.shape[1] != d_in:
        raise ValueError(f"weights {tuple(w.shape)} do not take {d_in} inputs ([out, in])")
    dtype = w.dtype if w.dtype in _SUFFIX else torch.float64
    wt = w.detach().to("cpu", dtype).T.contiguous()
    s = spikes.detach().to("cpu", dtype).contiguous()
    thr, out, v, free_at = _buffers(theta, steps, batch, n, dtype)
    acc = torch.empty(n, dtype=dtype)
    getattr(lib, f"wta_layer_{_SUFFIX[dtype]}_in")(
        steps, batch, n, d_in, s.data_ptr(), wt.data_ptr(), gain, thr.data_ptr(), dm, ref,
        inhibition, floor, out.data_ptr(), v.data_ptr(), free_at.data_ptr(), acc.data_ptr())
    return out.to(w.device, w.dtype)


def _buffers(theta: Tensor, steps: int, batch: int, n: int, dtype: torch.dtype
             ) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Both kernels' thresholds (``1 + theta``, rounded as the torch loop rounds it), zeroed
    output ``[T, B, N]`` and scratch potentials and refractory ends ``[N]``, on the CPU."""
    thr = (1.0 + theta.detach().to("cpu", dtype)).contiguous()
    out = torch.zeros(steps, batch, n, dtype=dtype)
    return thr, out, torch.empty(n, dtype=dtype), torch.empty(n, dtype=torch.long)
