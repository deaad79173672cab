"""A whole LIF time loop as one autograd Function (fast forward and reverse recurrences).

The forward pass runs the recurrence of :func:`cortexlog.brain.neurons.lif_step` in
shifted coordinates (``w = v - v_leak``, ``j = dt/tau_mem * i``) with four fused tensor
ops per step, and saves only the pre-reset potentials ``u``. The backward pass runs the
reverse recurrence (two ops per step) using the same surrogate derivative as the
step-by-step autograd version, so both give the same gradients.

The fused kernels take scalar constants. Parameters given as tensors that need a gradient
(learnable time constants or thresholds) or that differ per neuron run the
:func:`~cortexlog.brain.neurons.lif_step` loop under autograd instead, so they always get
their gradient; scalar tensors without one are read as floats.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import Tensor
from torch.autograd.function import once_differentiable

from cortexlog.brain import native
from cortexlog.brain.neurons import DEFAULT_LIF, LIFParams, LIFState, Reset, lif_step
from cortexlog.brain.surrogate import Surrogate


@contextmanager
def _loop_threads(n: int) -> Iterator[None]:
    """Run the per-step loop with ``n`` intra-op threads (restored afterwards).

    Each step is a handful of small ops; a thread barrier per op costs more than it saves
    and, on a busy machine, a descheduled worker stalls every op (measured: 20x slower).
    """
    old = torch.get_num_threads()
    if n <= 0 or n == old:
        yield
        return
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


class _LIFSequence(torch.autograd.Function):
    @staticmethod
    def forward(
        ctx,
        x: Tensor,
        w0: Tensor | None,
        j0: Tensor | None,
        a: float,
        k: float,
        th: float,
        vr: float,
        zero_reset: bool,
        surr: Surrogate,
    ) -> tuple[Tensor, Tensor, Tensor]:
        ctx.set_materialize_grads(False)
        ctx.consts = (a, k, th, vr, zero_reset, surr, w0 is not None, j0 is not None)
        ctx.native = native.supports(x)
        if ctx.native:
            big_u, big_z, w_end, j_end = native.forward(x, w0, j0, (a, k, th, vr), zero_reset)
            ctx.save_for_backward(big_u)
            return big_z, w_end, j_end
        steps = x.shape[0]
        xs = x * k
        big_u = torch.empty_like(x)
        big_z = torch.empty_like(x)
        c = th - vr
        j: Tensor | None = j0
        w: Tensor | None = w0
        with _loop_threads(1):
            for t in range(steps):
                # j0 / w0 None mean rest (zero) state: skip the ops that would add zeros
                j = xs[t] if j is None or a == 0.0 else torch.add(xs[t], j, alpha=a)
                if w is None:
                    u = big_u[t].copy_(j)
                else:
                    u = torch.add(j, w, alpha=1.0 - k, out=big_u[t])
                z = torch.gt(u, th, out=big_z[t])
                if zero_reset:
                    w = torch.addcmul(u, z, u - vr, value=-1.0)
                else:
                    w = torch.sub(u, z, alpha=c)
        ctx.save_for_backward(big_u)
        assert j is not None and w is not None  # steps >= 1 (lif_sequence checks it)
        return big_z, w, j if j._base is None else j.clone()

    @staticmethod
    @once_differentiable
    def backward(
        ctx, gz: Tensor | None, gw_final: Tensor | None, gj_final: Tensor | None
    ) -> tuple[Tensor | None, ...]:
        (big_u,) = ctx.saved_tensors
        a, k, th, vr, zero_reset, surr, has_w0, has_j0 = ctx.consts
        if ctx.native:
            gx_n, gw0_n, gj0_n = native.backward(
                big_u, gz, gw_final, gj_final, (a, k, th, vr), zero_reset,
                (surr.name, surr.alpha),
            )
            return (gx_n, gw0_n if has_w0 else None, gj0_n if has_j0 else None,
                    None, None, None, None, None, None)
        steps = big_u.shape[0]
        s = surr.derivative_(big_u - th)
        gs = gz * s if gz is not None else torch.zeros_like(s)
        if zero_reset:
            r = (big_u <= th).to(big_u.dtype).addcmul_(s, vr - big_u)
            if gw_final is not None:
                gs[-1] += r[-1] * gw_final
            r.mul_(1.0 - k)
        else:
            if gw_final is not None:
                gs[-1].addcmul_(1.0 - (th - vr) * s[-1], gw_final)
            r = s.mul_(-(th - vr) * (1.0 - k)).add_(1.0 - k)
        gx = torch.empty_like(big_u)
        gu = gs[-1]
        gj = gx[-1].copy_(gu) if gj_final is None else torch.add(gu, gj_final, out=gx[-1])
        with _loop_threads(1):
            for t in range(steps - 2, -1, -1):
                if a == 0.0:  # no synaptic memory: dL/dj_t = dL/du_t
                    gj = gu = torch.addcmul(gs[t], r[t], gu, out=gx[t])
                else:
                    gu = torch.addcmul(gs[t], r[t], gu)
                    gj = torch.add(gu, gj, alpha=a, out=gx[t])
        gw0 = gu * (1.0 - k) if has_w0 else None  # before gx.mul_: gu may be a view of gx
        gj0 = gj * a if has_j0 else None
        gx.mul_(k)
        return gx, gw0, gj0, None, None, None, None, None, None


def _scalars(params: LIFParams) -> dict[str, float] | None:
    """The numeric parameters as floats, or None if one needs autograd or is per-neuron."""
    out: dict[str, float] = {}
    for name in ("tau_syn", "tau_mem", "v_th", "v_leak", "v_reset", "dt"):
        v = getattr(params, name)
        if isinstance(v, Tensor):
            if v.numel() != 1 or (v.requires_grad and torch.is_grad_enabled()):
                return None
            v = v.item()
        out[name] = float(v)
    return out


def lif_loop(
    x: Tensor, params: LIFParams = DEFAULT_LIF, state: LIFState | None = None
) -> tuple[Tensor, LIFState]:
    """Loop :func:`~cortexlog.brain.neurons.lif_step` over time under plain autograd.

    Args:
        x: input currents ``[T, batch, ...]``.
        params: neuron parameters (tensor fields get gradients).
        state: initial state or None for rest.

    Returns:
        (spikes ``[T, batch, ...]``, final LIFState).
    """
    if x.shape[0] == 0:
        raise ValueError("lif_loop needs at least one time step")
    out = []
    for t in range(x.shape[0]):
        z, state = lif_step(x[t], state, params)
        out.append(z)
    assert state is not None
    return torch.stack(out), state


def lif_sequence(
    x: Tensor, params: LIFParams = DEFAULT_LIF, state: LIFState | None = None
) -> tuple[Tensor, LIFState]:
    """Run a LIF population over a whole time-major input sequence with the fused kernel.

    Equivalent to looping :func:`lif_step` over ``x[0], x[1], ...`` (same spikes, same
    surrogate gradients, also w.r.t. the initial state) but several times faster.
    Parameters that need a gradient or differ per neuron fall back to :func:`lif_loop`.

    Args:
        x: input currents ``[T, batch, ...]``.
        params: neuron parameters.
        state: initial state (each tensor ``[batch, ...]``) or None for rest.

    Returns:
        (spikes ``[T, batch, ...]``, final LIFState).

    >>> z, s = lif_sequence(torch.full((3, 1), 6.0))
    >>> z.flatten().tolist()
    [0.0, 1.0, 1.0]
    """
    if x.shape[0] == 0:
        raise ValueError("lif_sequence needs at least one time step")
    c = _scalars(params)
    if c is None:
        return lif_loop(x, params, state)
    k = c["dt"] / c["tau_mem"]
    a = 1.0 - c["dt"] / c["tau_syn"]
    w0: Tensor | None = None
    j0: Tensor | None = None
    if state is not None:
        w0 = state.v - c["v_leak"]
        j0 = state.i * k
    z, w, j = _LIFSequence.apply(
        x,
        w0,
        j0,
        a,
        k,
        c["v_th"] - c["v_leak"],
        c["v_reset"] - c["v_leak"],
        params.reset is Reset.ZERO,
        params.surrogate,
    )
    return z, LIFState(w + c["v_leak"], j / k)
