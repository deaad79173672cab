"""The resolved steps of a `LayeredProgram`: schedule entries bound to index tensors.

A `Schedule` (numpy, device-free) says what each walk over the value buffer computes; a
`LayeredProgram` resolves it once per device into `Walks`: named steps holding the index
views and reductions they need, so a forward or backward pass is a plain loop over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import torch
from torch import Tensor

from cortexlog.circuits.kernels import Reducer, bag_sum, edge_grads, gather_padded
from cortexlog.circuits.layering import Bucket
from cortexlog.circuits.schedule import Segment

#: The walks over the value buffer: forward (any batch, and batch 1), division-free
#: reverse, quotient reverse. Also the pool keys of their gradient buffers.
Walk = Literal["fwd", "fwd1", "bwd", "quick"]

class SumStep(NamedTuple):
    """Forward: rows `[start, stop)` are sums of bags of child rows (one `embedding_bag`).

    Attributes:
        start: first row written.
        stop: one past the last row written.
        children: CSR child rows.
        offsets: CSR bag offsets, one bag per row.
    """

    start: int
    stop: int
    children: Tensor
    offsets: Tensor


class ProductStep(NamedTuple):
    """Forward at batch 1: rows `[start, stop)` are products of bags (a segment product).

    Attributes:
        start: first row written.
        stop: one past the last row written.
        children: CSR child rows.
        offsets: CSR bag offsets, ending with the total.
    """

    start: int
    stop: int
    children: Tensor
    offsets: Tensor


class PaddedStep(NamedTuple):
    """Forward: rows `[start, stop)` reduce a padded gather of `arity` children each.

    Attributes:
        start: first row written.
        stop: one past the last row written.
        children: the `[arity * n]` child rows, slot-major (padding: the constant rows).
        reducer: the bucket's reduction.
        arity: children per row.
    """

    start: int
    stop: int
    children: Tensor
    reducer: Reducer
    arity: int


ForwardStep = SumStep | ProductStep | PaddedStep


class QuotientRun(NamedTuple):
    """Rows `[start, stop)` of a quotient pull, with their sums' rows in the pulled block.

    The row becomes `a + b / value`, or `a * value + b` when `scaled` (a product row).

    Attributes:
        start: first row of the value/gradient buffers.
        stop: one past the last.
        a_start: first row of the sums `a` (over plain parents) in the pulled block.
        a_stop: one past the last.
        b_start: first row of the sums `b` (over product parents) in the pulled block.
        b_stop: one past the last.
        scaled: a product row (keeps `go * value` for its children).
    """

    start: int
    stop: int
    a_start: int
    a_stop: int
    b_start: int
    b_stop: int
    scaled: bool


class EdgeFill(NamedTuple):
    """The edge rows a padded bucket fills for its children in the backward pass.

    Attributes:
        bucket: the bucket.
        edge_row: its first edge row in the gradient buffer (`arity * n` rows).
        child_rows: its padded child rows (as in the forward `PAD` step).
        reducer: the bucket's reduction (its edge gradients).
    """

    bucket: Bucket
    edge_row: int
    child_rows: Tensor
    reducer: Reducer


class ReverseStep(NamedTuple):
    """The backward step of one depth: complete rows `[lo, hi)`, then fill edge rows.

    Attributes:
        lo: first gradient row completed.
        hi: one past the last.
        sources: CSR gradient-buffer rows pulled into each row.
        offsets: CSR bag offsets of the pull.
        runs: empty (a plain pull), or the quotient runs covering `[lo, hi)`.
        edges: the depth's padded buckets' edge rows.
    """

    lo: int
    hi: int
    sources: Tensor
    offsets: Tensor
    runs: tuple[QuotientRun, ...]
    edges: tuple[EdgeFill, ...]


@dataclass(frozen=True)
class Walks:
    """Every walk of a program, resolved for one device.

    Attributes:
        bucket_rows: the padded child rows of each bucket of the plan.
        segments: `(index, offsets)` of each segment, keyed by walk and segment.
        forward: the forward steps.
        forward1: the forward steps at batch 1.
        reverse: the division-free backward steps, highest depth first.
        quotient: the quotient backward steps (empty without a quotient schedule).
    """

    bucket_rows: dict[Bucket, Tensor]
    segments: dict[tuple[Walk, Segment], tuple[Tensor, Tensor]]
    forward: list[ForwardStep]
    forward1: list[ForwardStep]
    reverse: list[ReverseStep]
    quotient: list[ReverseStep]


def run_reverse(step: ReverseStep, buf: Tensor, grad: Tensor, scratch: Tensor) -> None:
    """Complete the gradients of one depth's rows, then fill what its nodes pass down.

    Args:
        step: the depth's step.
        buf: the `[n_rows, batch]` value buffer.
        grad: the gradient buffer (node rows, output rows, edge rows).
        scratch: room for the largest padded gather of the walk.
    """
    lo, hi, sources, offsets, runs, edges = step
    if not runs:
        if hi > lo:
            grad[lo:hi].copy_(bag_sum(grad, sources, offsets))
    else:  # quotient pull: a (plain parents) then b (scaled product parents)
        ab = bag_sum(grad, sources, offsets)
        for start, stop, a0, a1, b0, b1, scaled in runs:
            if scaled:  # a product row keeps go * value for its children
                torch.addcmul(ab[b0:b1], ab[a0:a1], buf[start:stop], out=grad[start:stop])
            else:
                torch.addcdiv(ab[a0:a1], ab[b0:b1], buf[start:stop], out=grad[start:stop])
    for b, edge_row, rows, reducer in edges:
        n = b.stop - b.start
        g = gather_padded(buf, b.arity, n, rows, scratch)
        out = grad[edge_row : edge_row + b.arity * n].view_as(g)
        edge_grads(reducer, g, grad[b.start : b.stop], buf[b.start : b.stop], out)
