"""The C kernel of :mod:`cortexlog.brain.plastic_liquid` (built on first use).

One call presents a batch of samples to a liquid whose synapses learn during each
presentation: per step it visits only the synapses of the neurons that spiked (input
drive, the causal and the acausal STDP terms, one clip per touched synapse), so the
cost follows the spikes, not the synapse count. Per-sample state is one scratch buffer.
"""

from __future__ import annotations

import ctypes

from cortexlog.brain import native

_SOURCE = r"""
#include <stdlib.h>
#include <string.h>
#define CLIP(y) w[y] = w[y] < lo[y] ? lo[y] : (w[y] > hi[y] ? hi[y] : w[y])
/* p: a_syn, k_mem, gain, th, vr, vleak, refractory steps, subtract-reset flag, hold flag */
static double lif(double drive, double *v, double *i, double *r, const double *p) {
    double ii = p[0] * *i + p[2] * drive, u = *v + p[1] * ((p[5] - *v) + ii);
    double z = u > p[3] ? 1.0 : 0.0, busy = *r > 0.0;
    *i = ii;
    if (busy) { *v = p[8] > 0.0 ? p[4] : u; z = 0.0; }
    else *v = z > 0.0 ? (p[7] > 0.0 ? u - (p[3] - p[4]) : p[4]) : u;
    *r = z > 0.0 ? p[6] : (*r - 1.0 > 0.0 ? *r - 1.0 : 0.0);
    return z;
}

/* pl: eta, trace decay, astro w, astro bias, astro tau, astro a0, rate decay */
static double one_sample(long d, long n, long steps, const unsigned char *spk, long nsyn,
                         const double *lo, const double *hi,
                       const long *syn_post, const long *syn_pre, const long *out_ptr,
                       const long *in_ptr, const long *in_syn,
                       const unsigned char *inh, long stride, const double *p_liq,
                       const double *pl, double *count, double *raster, double *buf) {
    long m = d + n;
    double *w = buf, *tr = w + nsyn, *s = tr + m;
    double *v = s + m, *i = v + n, *r = i + n, *zl = r + n, *rec = zl + n;
    memset(tr, 0, sizeof(double) * (2 * m + 5 * n));
    double eta = pl[0], decay = pl[1], aw = pl[2], ab = pl[3], tau = pl[4], a = pl[5];
    double ratio = 0.0;
    for (long t = 0; t < steps; ++t) {
        double n_in = 0.0, n_liq = 0.0;
        for (long j = 0; j < d; ++j) { s[j] = spk[t * stride + j]; n_in += s[j]; }
        memset(rec, 0, sizeof(double) * n);
        for (long j = 0; j < m; ++j) {
            if (j < d ? s[j] == 0.0 : zl[j - d] == 0.0) continue;
            for (long k = out_ptr[j]; k < out_ptr[j + 1]; ++k)
                rec[syn_post[k]] += w[k];  /* synapses are sorted by pre */
        }
        for (long q = 0; q < n; ++q) {
            s[d + q] = lif(rec[q], v + q, i + q, r + q, p_liq);
            n_liq += s[d + q];
            count[q] += s[d + q];
            if (raster) raster[t * n + q] = s[d + q];
        }
        for (long j = 0; j < m; ++j) tr[j] *= decay;
        ratio += eta > 0.0 ? a / eta : 1.0;
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
            for (long y = out_ptr[j]; y < out_ptr[j + 1]; ++y) {
                w[y] += (inh[j] ? eta : -a) * tr[d + syn_post[y]];
                CLIP(y);
            }
        }
        for (long j = 0; j < m; ++j) tr[j] += s[j];
        memcpy(zl, s + d, sizeof(double) * n);
        a = a + ((aw * (n_liq - n_in) + ab) - a) / tau;
        eta *= pl[6]; a *= pl[6]; aw *= pl[6]; ab *= pl[6];
    }
    return ratio / (steps > 0 ? steps : 1);
}

/* spk: input spikes, sample b's step t at spk[t * stride + b * d]. carry: the weights
   learnt on a sample are the next sample's (written to w_out at the end); otherwise
   every sample starts from w0. dep: mean depression rate / potentiation rate. */
void plastic_liquid(long batch, long d, long n, long steps, const unsigned char *spk, long nsyn,
                    const double *w0, const double *lo, const double *hi,
                    const long *syn_post, const long *syn_pre, const long *out_ptr,
                    const long *in_ptr, const long *in_syn,
                    const unsigned char *inh, long stride, const double *p_liq,
                    const double *pl, double *counts, double *raster, long record,
                    long carry, double *w_out, double *dep) {
    double *buf = malloc(sizeof(double) * (nsyn + 2 * (d + n) + 5 * n));
    if (!buf) return;
    memcpy(buf, w0, sizeof(double) * nsyn);
    for (long b = 0; b < batch; ++b) {
        if (!carry && b > 0) memcpy(buf, w0, sizeof(double) * nsyn);
        dep[b] = one_sample(d, n, steps, spk + b * d, nsyn, lo, hi, syn_post, syn_pre,
                            out_ptr, in_ptr, in_syn, inh, stride, p_liq, pl,
                            counts + b * n, b < record ? raster + b * steps * n : NULL, buf);
    }
    if (carry) memcpy(w_out, buf, sizeof(double) * nsyn);
    free(buf);
}
"""

_P, _L = ctypes.c_void_p, ctypes.c_long
_ARGS = [_L] * 4 + [_P, _L] + [_P] * 9 + [_L] + [_P] * 4 + [_L] * 2 + [_P] * 2


def kernel() -> ctypes.CDLL | None:
    """The compiled plastic-liquid kernel, or None (no compiler, or ``CORTEXLOG_NATIVE=0``).

    Returns:
        the ctypes library exporting ``plastic_liquid``.
    """
    return native.load("plastic-liquid", _SOURCE, {"plastic_liquid": _ARGS})
