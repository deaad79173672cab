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
/* drive [T, B, N], thr [N], out [T, B, N] zeroed by the caller; v, free_at scratch [N] */
void wta_layer(long steps, long batch, long n, const double *drive, const double *thr,
               double dm, long ref, double inhibition, double floor, double *out,
               double *v, long *free_at) {
    for (long b = 0; b < batch; ++b) {
        for (long q = 0; q < n; ++q) { v[q] = 0.0; free_at[q] = 0; }
        for (long t = 0; t < steps; ++t) {
            const double *d = drive + (t * batch + b) * n;
            long best = 0;
            double top = 0.0;
            for (long q = 0; q < n; ++q) {
                if (free_at[q] <= t) v[q] = v[q] * dm + d[q];
                double gap = v[q] - thr[q];
                if (q == 0 || gap > top) { top = gap; best = q; }
            }
            double drop = top > 0.0 ? inhibition : 0.0;
            for (long q = 0; q < n; ++q) {
                double u = v[q] - drop;
                v[q] = u < floor ? floor : u;
            }
            if (top > 0.0) {
                v[best] = 0.0;
                free_at[best] = t + 1 + ref;
                out[(t * batch + b) * n + best] = 1.0;
            }
        }
    }
}
"""

_P, _L, _D = ctypes.c_void_p, ctypes.c_long, ctypes.c_double
_ARGS = [_L, _L, _L, _P, _P, _D, _L, _D, _D, _P, _P, _P]


def kernel() -> ctypes.CDLL | None:
    """The compiled winner-take-all kernel, or None (no compiler, or ``CORTEXLOG_NATIVE=0``).

    Returns:
        the ctypes library exporting ``wta_layer``.
    """
    return native.load("wta-layer", _SOURCE, {"wta_layer": _ARGS})


def wta_layer(drive: Tensor, theta: Tensor, dm: float, ref: int, inhibition: float,
              floor: float) -> Tensor | None:
    """Output spikes of the winner-take-all layer, or None without the compiled kernel.

    Computes in float64 on the CPU; the result comes back in ``drive``'s dtype and device.

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
    d = drive.detach().to("cpu", torch.float64).contiguous()
    thr = (1.0 + theta.detach().to("cpu", torch.float64)).contiguous()
    out = torch.zeros(steps, batch, n, dtype=torch.float64)
    v = torch.empty(n, dtype=torch.float64)
    free_at = torch.empty(n, dtype=torch.long)
    lib.wta_layer(steps, batch, n, d.data_ptr(), thr.data_ptr(), dm, ref, inhibition,
                  floor, out.data_ptr(), v.data_ptr(), free_at.data_ptr())
    return out.to(drive.device, drive.dtype)
