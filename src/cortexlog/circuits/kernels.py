"""Kernels on the `[rows, batch]` value buffer: gathers, reductions and their VJPs.

Gather-reductions (fused CSR gather-sum, gather + segment product, padded gather), the
dense per-bucket reductions over the padded child dimension and their VJPs, and the
check that makes quotient (division) gradients exact.

Fast paths are keyed on the reduction kind a structure declares (`Reduction`: its
`add_kind` and `mul_kind`), never on its name or a function's identity; an `OTHER`
reduction goes through its own autograd. Most kernels write into caller-provided
buffers, so a pass allocates little.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.semantics.structure import Reduce, Reduction


class Reducer(NamedTuple):
    """A structure's reduction with its declared kind.

    Attributes:
        kind: what `fn` computes (picks the kernel).
        fn: the reduction over dim 0 (run as is for `Reduction.OTHER`).
    """

    kind: Reduction
    fn: Reduce


def reduce_into(r: Reducer, g: Tensor, out: Tensor) -> None:
    """Write `r.fn(g)` (a reduction over dim 0 of `[k, n, batch]`) into `out` (`[n, batch]`).

    Args:
        r: the structure's reduction and its kind.
        g: gathered children, `[k, n, batch]`.
        out: destination rows.
    """
    if r.kind is Reduction.SUM:
        torch.sum(g, dim=0, out=out)
    elif r.kind is Reduction.PROD:
        torch.mul(g[0], g[1], out=out) if g.shape[0] == 2 else torch.prod(g, dim=0, out=out)
    elif r.kind is Reduction.MAX:
        torch.amax(g, dim=0, out=out)
    elif r.kind is Reduction.MIN:
        torch.amin(g, dim=0, out=out)
    else:
        out.copy_(r.fn(g))


def _prod_grads(g: Tensor, go: Tensor, out: Tensor) -> None:
    """`out[j] = go * prod(g[i] for i != j)` without division (destroys `g`)."""
    k = g.shape[0]
    if k == 1:
        out[0].copy_(go)
        return
    if k == 2:
        torch.mul(go, g[1], out=out[0])
        torch.mul(go, g[0], out=out[1])
        return
    gs, os_ = g.unbind(0), out.unbind(0)  # one op for all slot views
    torch.mul(go, gs[k - 1], out=os_[k - 2])  # suffix products times go, right to left
    os_[k - 1].copy_(go)
    for j in range(k - 3, -1, -1):
        torch.mul(os_[j + 1], gs[j + 1], out=os_[j])
    for j in range(1, k - 1):  # g becomes its own prefix products, in place
        gs[j].mul_(gs[j - 1])
    out[1:].mul_(g[:-1])


def _logsumexp_grads(g: Tensor, go: Tensor, value: Tensor, out: Tensor) -> None:
    """`out[j] = go * exp(g[j] - value)`; zero where `value = -inf` (nothing possible)."""
    torch.sub(g, value, out=out)
    out.exp_()
    out.masked_fill_(torch.isnan(out), 0.0)
    out.mul_(go)


def edge_grads(r: Reducer, g: Tensor, go: Tensor, value: Tensor, out: Tensor) -> None:
    """Fill `out` with the gradient flowing from each node to each of its child slots.

    Args:
        r: the structure's reduction and its kind (not `SUM`: sum edges are never
            materialised).
        g: gathered children `[k, n, batch]` (may be overwritten).
        go: `[n, batch]` gradient of the nodes.
        value: `[n, batch]` forward value of the nodes (`fn(g)`).
        out: `[k, n, batch]` destination (edge rows of the gradient buffer).
    """
    if r.kind is Reduction.PROD:
        _prod_grads(g, go, out)
    elif r.kind is Reduction.LOGSUMEXP:
        _logsumexp_grads(g, go, value, out)
    elif r.kind is Reduction.MAX or r.kind is Reduction.MIN:  # all to one extremal child
        arg = (g.argmax if r.kind is Reduction.MAX else g.argmin)(dim=0, keepdim=True)
        out.zero_().scatter_(0, arg, go.unsqueeze(0))
    else:
        with torch.enable_grad():
            leaf = g.detach().requires_grad_(True)
            (grad,) = torch.autograd.grad(r.fn(leaf), leaf, go)
        out.copy_(grad)


def bag_sum(src: Tensor, index: Tensor, offsets: Tensor) -> Tensor:
    """`sum(src[index[offsets[i]:offsets[i+1]]])` for every bag `i`, as a new tensor."""
    return torch.embedding_bag(src, index, offsets, False, 0, False, None, False, None)[0]


def segment_prod(src: Tensor, index: Tensor, offsets: Tensor, out: Tensor) -> None:
    """`out[i] = prod(src[index[offsets[i]:offsets[i+1]]])` (gather + segment product).

    Args:
        src: `[rows, batch]` values.
        index: the rows of all segments, concatenated.
        offsets: segment starts in `index`, then `index.numel()` (one more than `out` rows).
        out: `[n, batch]` destination.
    """
    if src.shape[1] == 1:  # 1-D gather and reduce: the batch-1 case this is meant for
        g = torch.index_select(src.view(-1), 0, index)
        prod = torch.segment_reduce(g, "prod", offsets=offsets, unsafe=True, initial=1.0)
        out.view(-1).copy_(prod)
    else:
        g = torch.index_select(src, 0, index)
        prod = torch.segment_reduce(g, "prod", offsets=offsets, axis=0, unsafe=True, initial=1.0)
        out.copy_(prod)


def gather_padded(buf: Tensor, arity: int, n: int, index: Tensor, scratch: Tensor) -> Tensor:
    """The `[arity, n, batch]` child rows `index` of a padded bucket, gathered into `scratch`."""
    batch = buf.shape[1]
    out = scratch[: arity * n]
    if batch == 1:  # the 1-D gather is ~3x faster than the row gather of 1-wide rows
        torch.index_select(buf.view(-1), 0, index, out=out.view(-1))
    else:
        torch.index_select(buf, 0, index, out=out)
    return out.view(arity, n, batch)


def divisible(values: Tensor) -> bool:
    """Whether every value is a finite normal float (nonzero): quotient gradients are exact.

    Args:
        values: node values.

    Returns:
        True when dividing by any value (or a product of them) loses no precision.
    """
    if not values.is_floating_point():
        return False
    if values.numel() == 0:
        return True
    info = torch.finfo(values.dtype)
    lo, hi = torch.aminmax(values)
    low, high = torch.stack([lo, hi]).tolist()
    if low < 0:  # signed values: bound the magnitudes instead
        low, high = torch.stack(list(torch.aminmax(values.abs()))).tolist()
    return info.tiny <= low and high <= info.max
