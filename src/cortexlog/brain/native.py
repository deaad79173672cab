"""Optional native (C) kernel for the fused LIF time loop on CPU, built lazily.

The whole forward recurrence, and the whole reverse recurrence with the surrogate
derivative inlined, each run in one call over a contiguous ``[T, M]`` buffer, so there is
no per-step dispatch and no extra pass over ``[T, M]`` temporaries. The C source below is
compiled on first use with the system C compiler into a per-user cache
(``$CORTEXLOG_CACHE`` or ``~/.cache/cortexlog``) and loaded with ctypes; nothing is
installed. If there is no compiler, the build fails, or ``CORTEXLOG_NATIVE=0`` is set,
:func:`lib` returns None and :mod:`cortexlog.brain.fused` uses its pure-torch loop.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import Tensor

_SOURCE = r"""
#include <math.h>
#define PI_2 1.57079632679489661923
/* Inner loops are branch-free (selects only) so that gcc vectorizes them. */
#define FWD_LOOP(T, W_EXPR)                                                          \
    for (long i = 0; i < m; ++i) {                                                  \
        T ji = xt[i] * k + a * j[i], ui = ji + d * w[i], zi = (T)(ui > th);         \
        j[i] = ji; ut[i] = ui; zt[i] = zi; w[i] = W_EXPR;                           \
    }
#define BWD_LOOP(T, ABS, S_EXPR, DW_EXPR)                                            \
    for (long i = 0; i < m; ++i) {                                                  \
        T ui = ut[i], x = ui - th, ax = ABS(x), s = S_EXPR, dw = DW_EXPR;           \
        T gu = gzt[i] * s + gw[i] * dw, gjt = gj[i] + gu;                           \
        gxt[i] = gjt * k; gw[i] = d * gu; gj[i] = a * gjt;                          \
    }
#define S_FAST(T) al / ((T)2 * (((T)1 + al * ax) * ((T)1 + al * ax)))
#define S_ATAN(T) (al / (T)2) / ((T)1 + ((T)PI_2 * al * x) * ((T)PI_2 * al * x))
#define S_TRI(T) ((T)1 - al * ax > (T)0 ? al * ((T)1 - al * ax) : (T)0)
#define DW_SUB(T) (T)1 - c * s
#define DW_ZERO(T) (T)(ui <= th) + s * (vr - ui)
#define BWD_DW(T, ABS, S)                                                            \
    if (zero_reset) { BWD_LOOP(T, ABS, S(T), DW_ZERO(T)) }                          \
    else { BWD_LOOP(T, ABS, S(T), DW_SUB(T)) }
#define LIF_KERNELS(T, SUF, ABS)                                                     \
static void fwd_step_##SUF(const T *restrict xt, T *restrict ut, T *restrict zt,    \
                           T *restrict w, T *restrict j, long m, T a, T k, T d,     \
                           T th, T vr, T c, int zero_reset) {                       \
    if (zero_reset) { FWD_LOOP(T, ui > th ? vr : ui) } else { FWD_LOOP(T, ui - zi * c) } \
}                                                                                   \
void lif_fwd_##SUF(const T *x, const T *w0, const T *j0, T *u_out, T *z_out,        \
                   T *w, T *j, long steps, long m, double a_, double k_,            \
                   double th_, double vr_, int zero_reset) {                        \
    for (long i = 0; i < m; ++i) { w[i] = w0 ? w0[i] : (T)0; j[i] = j0 ? j0[i] : (T)0; } \
    for (long t = 0; t < steps; ++t)                                                \
        fwd_step_##SUF(x + t * m, u_out + t * m, z_out + t * m, w, j, m, (T)a_,     \
                       (T)k_, (T)(1.0 - k_), (T)th_, (T)vr_, (T)(th_ - vr_),        \
                       zero_reset);                                                 \
}                                                                                   \
static void bwd_step_##SUF(const T *restrict ut, const T *restrict gzt,             \
                           T *restrict gxt, T *restrict gw, T *restrict gj, long m, \
                           T a, T k, T d, T th, T vr, T c, int zero_reset, int kind, \
                           T al) {                                                  \
    if (kind == 0) { BWD_DW(T, ABS, S_FAST) }                                       \
    else if (kind == 1) { BWD_DW(T, ABS, S_ATAN) }                                  \
    else { BWD_DW(T, ABS, S_TRI) }                                                  \
}                                                                                   \
void lif_bwd_##SUF(const T *u, const T *gz, T *gx, T *gw, T *gj, long steps,        \
                   long m, double a_, double k_, double th_, double vr_,            \
                   int zero_reset, int kind, double alpha_) {                       \
    for (long t = steps - 1; t >= 0; --t)                                           \
        bwd_step_##SUF(u + t * m, gz + t * m, gx + t * m, gw, gj, m, (T)a_, (T)k_,  \
                       (T)(1.0 - k_), (T)th_, (T)vr_, (T)(th_ - vr_), zero_reset,   \
                       kind, (T)alpha_);                                            \
}
LIF_KERNELS(float, f32, fabsf)
LIF_KERNELS(double, f64, fabs)
"""

_SURROGATE_KIND = {"fast_sigmoid": 0, "arctan": 1, "triangle": 2}
_DTYPES = {torch.float32: "f32", torch.float64: "f64"}
_P = ctypes.c_void_p
_FWD_ARGS = [_P] * 7 + [ctypes.c_long] * 2 + [ctypes.c_double] * 4 + [ctypes.c_int]
_BWD_ARGS = [_P] * 5 + [ctypes.c_long] * 2 + [ctypes.c_double] * 4 + [ctypes.c_int] * 2
_BWD_ARGS += [ctypes.c_double]
_FLAGS = ["-O3", "-fPIC", "-shared", "-fno-fast-math", "-fno-trapping-math", "-ffp-contract=off"]
_state: dict[str, ctypes.CDLL | None] = {}


def _cache_dir() -> Path:
    root = os.environ.get("CORTEXLOG_CACHE") or Path.home() / ".cache" / "cortexlog"
    return Path(root) / "native"


def _build(target: Path, source: str) -> None:
    """Compile ``source`` into ``target`` (atomically: concurrent builders are safe)."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise OSError("no C compiler (cc/gcc) on PATH")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        src, out = Path(tmp) / "kernel.c", Path(tmp) / "kernel.so"
        src.write_text(source)
        cmd = [cc, *_FLAGS, str(src), "-o", str(out)]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if res.returncode != 0:
            raise OSError(f"{' '.join(cmd)} failed: {res.stderr.strip()[:300]}")
        os.replace(out, target)


def load(name: str, source: str, signatures: dict[str, list[Any]]) -> ctypes.CDLL | None:
    """A compiled C library, built from ``source`` on first use; None if unavailable.

    Args:
        name: the kernel's name (cache file name and messages).
        source: C source.
        signatures: ctypes argument types of each exported function.

    Returns:
        the ctypes library, or None (no compiler, failed build, or ``CORTEXLOG_NATIVE=0``).
    """
    if os.environ.get("CORTEXLOG_NATIVE", "1") == "0":
        return None
    if name not in _state:
        tag = f"{source}{_FLAGS}{sys.platform}{platform.machine()}"
        key = hashlib.sha256(tag.encode()).hexdigest()[:16]
        target = _cache_dir() / f"{name.lower()}_{key}.so"
        try:
            if not target.exists():
                _build(target, source)
            handle = ctypes.CDLL(str(target))
            for fn, argtypes in signatures.items():
                getattr(handle, fn).argtypes = argtypes
            _state[name] = handle
        except (OSError, subprocess.SubprocessError, AttributeError) as e:
            warnings.warn(f"cortexlog: native {name} kernel unavailable ({e}); using the "
                          "pure-torch loop (set CORTEXLOG_NATIVE=0 to silence)", stacklevel=3)
            _state[name] = None
    return _state[name]


def lib() -> ctypes.CDLL | None:
    """The compiled LIF kernel library, building it on first use; None if unavailable.

    Returns:
        the ctypes library, or None (no compiler, failed build, or ``CORTEXLOG_NATIVE=0``).
    """
    signatures: dict[str, list[Any]] = {}
    for suf in _DTYPES.values():
        signatures[f"lif_fwd_{suf}"] = _FWD_ARGS
        signatures[f"lif_bwd_{suf}"] = _BWD_ARGS
    return load("LIF", _SOURCE, signatures)


def supports(x: Tensor) -> bool:
    """Whether the native kernel can run on ``x`` (CPU float32/float64, library built).

    Args:
        x: the input currents.

    Returns:
        True if :func:`forward` / :func:`backward` may be used.
    """
    return x.device.type == "cpu" and x.dtype in _DTYPES and lib() is not None


def _ptr(t: Tensor | None) -> int | None:
    return None if t is None else t.data_ptr()


def forward(
    x: Tensor, w0: Tensor | None, j0: Tensor | None, consts: tuple[float, float, float, float],
    zero_reset: bool,
) -> tuple[Tensor, Tensor, Tensor, Tensor]:
    """Run the shifted-coordinate LIF recurrence over all steps in one native call.

    Args:
        x: input currents ``[T, ...]`` (CPU, float32/float64).
        w0: initial shifted membrane ``[...]`` or None (zero).
        j0: initial scaled synaptic current ``[...]`` or None (zero).
        consts: ``(a, k, th, vr)`` as in :class:`cortexlog.brain.fused._LIFSequence`.
        zero_reset: reset to ``vr`` instead of subtracting ``th - vr``.

    Returns:
        (pre-reset potentials u, spikes z, final w, final j), all new tensors.
    """
    x = x.contiguous()
    u, z = torch.empty_like(x), torch.empty_like(x)
    w, j = torch.empty_like(x[0]), torch.empty_like(x[0])
    w0 = None if w0 is None else w0.detach().to(x.dtype).contiguous()
    j0 = None if j0 is None else j0.detach().to(x.dtype).contiguous()
    fn = getattr(lib(), f"lif_fwd_{_DTYPES[x.dtype]}")
    fn(x.data_ptr(), _ptr(w0), _ptr(j0), u.data_ptr(), z.data_ptr(), w.data_ptr(),
       j.data_ptr(), x.shape[0], x[0].numel(), *consts, int(zero_reset))
    return u, z, w, j


def backward(
    u: Tensor, gz: Tensor | None, gw: Tensor | None, gj: Tensor | None,
    consts: tuple[float, float, float, float], zero_reset: bool, surrogate: tuple[str, float],
) -> tuple[Tensor, Tensor, Tensor]:
    """Run the reverse recurrence (surrogate derivative inlined) in one native call.

    Args:
        u: saved pre-reset potentials ``[T, ...]``.
        gz: gradient w.r.t. the spikes ``[T, ...]`` or None (zero).
        gw: gradient w.r.t. the final shifted membrane or None (zero).
        gj: gradient w.r.t. the final scaled synaptic current or None (zero).
        consts: ``(a, k, th, vr)``.
        zero_reset: reset to ``vr`` instead of subtracting ``th - vr``.
        surrogate: ``(name, alpha)`` of the surrogate derivative.

    Returns:
        (gradient w.r.t. x, gradient w.r.t. w0, gradient w.r.t. j0).
    """
    gx = torch.empty_like(u)
    gw = torch.zeros_like(u[0]) if gw is None else gw.to(u.dtype).contiguous().clone()
    gj = torch.zeros_like(u[0]) if gj is None else gj.to(u.dtype).contiguous().clone()
    gz = torch.zeros_like(u) if gz is None else gz.to(u.dtype).contiguous()
    fn = getattr(lib(), f"lif_bwd_{_DTYPES[u.dtype]}")
    fn(u.data_ptr(), gz.data_ptr(), gx.data_ptr(), gw.data_ptr(), gj.data_ptr(), u.shape[0],
       u[0].numel(), *consts, int(zero_reset), _SURROGATE_KIND[surrogate[0]],
       surrogate[1])
    return gx, gw, gj
