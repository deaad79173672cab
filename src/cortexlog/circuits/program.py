"""`LayeredProgram`: one layered plan + schedule of a circuit, with its forward and backward.

All node values live in one buffer of shape `[n_rows, batch]` (batch last, so every
gathered child is a contiguous row). The forward pass follows a `Schedule`: plain-sum
layers are one fused gather-sum (`embedding_bag` over CSR child lists), other buckets one
`index_select` into a reused scratch plus one dense reduction, written in place. The
backward pass walks the depths downwards: per depth one fused gather-sum *pulls* each
node's gradient from its parents' gradient or edge rows (the transposed edge lists,
precomputed), then each non-sum bucket fills its edge rows (e.g. products of the other
children, division-free). No scatter, no per-layer autograd graph. When every value is a
finite normal number (one `aminmax` per backward), products take the quotient reverse
schedule instead (`schedule.py`: no edge rows; per depth one gather-sum of twice the bags,
then one fused `addcdiv`/`addcmul` by the node values).
"""

from __future__ import annotations

import numpy as np
import torch
from torch import Tensor, nn

from cortexlog.circuits.ir import Circuit
from cortexlog.circuits.kernels import (
    Reducer,
    bag_sum,
    divisible,
    gather_padded,
    reduce_into,
    segment_prod,
)
from cortexlog.circuits.layering import ADD, FIRST_LITERAL_ROW, Bucket, LayeredPlan, layer_circuit
from cortexlog.circuits.pool import BufferPool
from cortexlog.circuits.schedule import Reverse, Schedule, Segment, build_schedule
from cortexlog.circuits.steps import (
    EdgeFill,
    ForwardStep,
    PaddedStep,
    ProductStep,
    QuotientRun,
    ReverseStep,
    SumStep,
    Walk,
    Walks,
    run_reverse,
)
from cortexlog.semantics.structure import AlgebraicStructure, Reduction

# Cost model used to pick a program per call (nanoseconds, measured on CPU, 1 thread):
CALL_NS = 3000.0  # one torch op launched from Python
CELL_NS = 2.0  # one gathered child value (padded forward cells, edges both ways)


class LayeredProgram(nn.Module):
    """A circuit's layered plan and schedule under one structure; index tensors as buffers.

    Args:
        circuit: the circuit.
        structure: the algebraic structure.
        slack: bucket-merge slack of `layer_circuit` (extra padded cells allowed).
        ratio: bucket-merge ratio of `layer_circuit` (padded cells per edge allowed).
    """

    index: Tensor  # index buffers, registered in __init__ (they follow `.to(device)`)
    literal_src: Tensor
    leaf_src: Tensor
    output_rows: Tensor
    fwd_index: Tensor
    fwd_offsets: Tensor
    pull_index: Tensor
    pull_offsets: Tensor
    quick_index: Tensor
    quick_offsets: Tensor
    grad_src: Tensor

    def __init__(
        self, circuit: Circuit, structure: AlgebraicStructure, slack: int, ratio: float
    ) -> None:
        super().__init__()
        self.structure = structure
        self.plan: LayeredPlan = layer_circuit(circuit, slack=slack, ratio=ratio)
        kinds = (structure.add_kind, structure.mul_kind)
        summed = (kinds[0] is Reduction.SUM, kinds[1] is Reduction.SUM)
        divided = (kinds[0] is Reduction.PROD, kinds[1] is Reduction.PROD)
        self.schedule: Schedule = build_schedule(self.plan, summed)
        self.quick: Schedule | None = None  # the quotient reverse schedule, if any
        if any(divided):
            self.quick = build_schedule(self.plan, summed, divided)
        buffers = (
            ("index", self.plan.index),
            ("literal_src", self.plan.literal_src),
            ("leaf_src", np.concatenate([[0, 1], 2 + self.plan.literal_src])),
            ("output_rows", self.plan.output_rows),
            ("fwd_index", (self.quick or self.schedule).fwd_index),
            ("fwd_offsets", (self.quick or self.schedule).fwd_offsets),
            ("pull_index", self.schedule.pull_index),
            ("pull_offsets", self.schedule.pull_offsets),
            ("quick_index", (self.quick or self.schedule).pull_index),
            ("quick_offsets", (self.quick or self.schedule).pull_offsets),
            ("grad_src", _grad_src(self.plan)),
        )
        # int32 indices halve the index traffic (most of the bytes at batch 1) when they fit
        big = max([a.size for _, a in buffers] + [int(a.max()) for _, a in buffers if a.size])
        dtype = torch.int32 if big < 2**31 - 1 else torch.int64
        for name, array in buffers:
            self.register_buffer(name, torch.from_numpy(array).to(dtype), persistent=False)
        self.pool = BufferPool()
        self._no_literal = bool((_grad_src(self.plan) == 0).any())  # some input has none
        self._scratch: dict[Walk, int] = {  # rows of padded gathers (0: needs no scratch)
            walk: max([b.arity * (b.stop - b.start) for b in buckets], default=0)
            for walk, buckets in _padded(self.schedule, self.quick).items()
        }
        self._units: dict[tuple[torch.dtype, torch.device], Tensor] = {}
        # The walks resolved for the index buffers' device and storage (see `walks`).
        self._walks: tuple[tuple[torch.device, int], Walks] | None = None
        sched = self.quick or self.schedule
        padded = [b for b in sched.forward if isinstance(b, Bucket)]
        edged = [b for r in sched.backward for b, _ in r.edges]
        self.n_calls = 3 * len(sched.forward) + 4 * len(sched.backward) + len(padded)
        self.n_calls += sum(3 + 3 * b.arity for b in edged)
        self.n_cells = sum(b.arity * (b.stop - b.start) for b in padded + edged)

    def cost(self, batch: int) -> float:
        """Estimated nanoseconds of a forward + backward pass at this batch size."""
        return CALL_NS * self.n_calls + CELL_NS * batch * (self.n_cells + self.plan.n_edges)

    def walks(self) -> Walks:
        """Every walk's steps, resolved against the index buffers (cached; follows `.to`)."""
        key = (self.index.device, self.index.data_ptr())
        if self._walks is None or self._walks[0] != key:
            self._walks = (key, self._resolve())
        return self._walks[1]

    def _resolve(self) -> Walks:
        """Bind every step of the schedules to views of the index buffers."""
        rows = {b: self.index[b.offset : b.offset + b.arity * (b.stop - b.start)]
                for b in self.plan.buckets}
        sched, fsched = self.schedule, self.quick or self.schedule
        segments: dict[tuple[Walk, Segment], tuple[Tensor, Tensor]] = {}
        pulls: tuple[tuple[Walk, Schedule | None, Tensor, Tensor], ...] = (
            ("fwd", fsched, self.fwd_index, self.fwd_offsets),
            ("bwd", sched, self.pull_index, self.pull_offsets),
            ("quick", self.quick, self.quick_index, self.quick_offsets),
        )
        for walk, sch, index, offsets in pulls:
            if sch is None:
                continue
            found = (fsched.forward + fsched.forward1 if walk == "fwd"
                     else tuple(r.pull for r in sch.backward))
            for seg in found:
                if isinstance(seg, Segment):
                    bags = offsets[seg.olo : seg.olo + seg.n_bags]
                    segments[(walk, seg)] = (index[seg.lo : seg.hi], bags)
        quick = self.quick.backward if self.quick is not None else ()
        return Walks(
            bucket_rows=rows, segments=segments,
            forward=[self._forward_step(s, rows, segments) for s in fsched.forward],
            forward1=[self._forward_step(s, rows, segments) for s in fsched.forward1],
            reverse=[self._reverse_step(r, "bwd", rows, segments) for r in sched.backward],
            quotient=[self._reverse_step(r, "quick", rows, segments) for r in quick],
        )

    def _forward_step(
        self, step: Segment | Bucket, rows: dict[Bucket, Tensor],
        segments: dict[tuple[Walk, Segment], tuple[Tensor, Tensor]],
    ) -> ForwardStep:
        """The forward step of a schedule entry: a sum segment, a product segment (its
        offsets end with the total) or a padded bucket."""
        if isinstance(step, Segment):
            index, offsets = segments[("fwd", step)]
            if self.reducer(step.op).kind is Reduction.SUM:
                return SumStep(step.start, step.stop, index, offsets)
            offsets = torch.cat([offsets, offsets.new_tensor([step.hi - step.lo])])
            return ProductStep(step.start, step.stop, index, offsets)
        r = self.reducer(step.op)
        return PaddedStep(step.start, step.stop, rows[step], r, step.arity)

    def _reverse_step(
        self, r: Reverse, walk: Walk, rows: dict[Bucket, Tensor],
        segments: dict[tuple[Walk, Segment], tuple[Tensor, Tensor]],
    ) -> ReverseStep:
        """The backward step of one depth, its quotient runs placed in the pulled block."""
        lo, hi = r.pull.start, r.pull.stop
        n = hi - lo
        runs = tuple(QuotientRun(a, b, a - lo, b - lo, n + a - lo, n + b - lo, scaled)
                     for a, b, scaled in r.runs)
        edges = tuple(EdgeFill(b, row, rows[b], self.reducer(b.op)) for b, row in r.edges)
        index, offsets = segments[(walk, r.pull)]
        return ReverseStep(lo, hi, index, offsets, runs, edges)

    def reducer(self, op: int) -> Reducer:
        """The structure's reduction for a bucket operation, with its declared kind."""
        s = self.structure
        return Reducer(s.add_kind, s.add) if op == ADD else Reducer(s.mul_kind, s.mul)

    def values(self, pos: Tensor, neg: Tensor, pooled: bool = False) -> Tensor:
        """Fill and return the `[n_rows, batch]` value buffer.

        Args:
            pos: `[batch, n_vars]` positive literal values.
            neg: `[batch, n_vars]` negative literal values.
            pooled: take the buffer from the pool (the caller gives it back as "values").

        Returns:
            The value buffer.
        """
        plan, s = self.plan, self.structure
        one = pos.shape[0] == 1 and pos.device.type in ("cpu", "cuda")  # has segment_reduce
        walks = self.walks()
        steps = walks.forward1 if one else walks.forward
        if pooled:
            buf = self.pool.take("values", plan.n_rows, pos.T)
        else:
            buf = pos.new_empty(plan.n_rows, pos.shape[0])
        units = self._units.get((buf.dtype, buf.device))
        if units is None:  # the constant rows: the structure's zero and one
            units = torch.tensor([[s.zero], [s.one]], dtype=buf.dtype, device=buf.device)
            self._units[(buf.dtype, buf.device)] = units
        leaves = torch.cat([units.expand(2, buf.shape[1]), pos.T, neg.T])
        torch.index_select(leaves, 0, self.leaf_src, out=buf[: self.leaf_src.shape[0]])
        rows = self._scratch["fwd1" if one else "fwd"]
        scratch = self.pool.take("scratch", rows, buf) if rows else buf
        for step in steps:
            out = buf[step.start : step.stop]
            if isinstance(step, SumStep):
                out.copy_(bag_sum(buf, step.children, step.offsets))
            elif isinstance(step, ProductStep):
                segment_prod(buf, step.children, step.offsets, out)
            else:
                g = gather_padded(buf, step.arity, step.stop - step.start, step.children, scratch)
                reduce_into(step.reducer, g, out)
        if rows:
            self.pool.give("scratch", scratch)
        return buf

    def outputs(self, buf: Tensor) -> Tensor:
        """The `[batch, n_outputs]` output columns of a value buffer."""
        return torch.index_select(buf, 0, self.output_rows).T.contiguous()

    def backward(self, buf: Tensor, grad_out: Tensor) -> Tensor:
        """Return the gradient w.r.t. `cat([pos, neg], dim=1)` given the output gradient."""
        plan, walks = self.plan, self.walks()
        walk: Walk = "bwd"
        sched, steps = self.schedule, walks.reverse
        if self.quick is not None and divisible(buf[FIRST_LITERAL_ROW:]):
            sched, walk, steps = self.quick, "quick", walks.quotient
        grad = self.pool.take(walk, sched.n_grad_rows, buf)
        if self._no_literal:
            grad[0].zero_()  # the row `grad_src` points at for inputs without a literal
        grad[plan.n_rows : plan.n_rows + grad_out.shape[1]].copy_(grad_out.T)
        rows = self._scratch[walk]
        scratch = self.pool.take("scratch", rows, buf) if rows else buf
        for step in steps:
            run_reverse(step, buf, grad, scratch)
        gx = torch.index_select(grad, 0, self.grad_src).T.contiguous()
        self.pool.give(walk, grad)
        if rows:
            self.pool.give("scratch", scratch)
        return gx


def _padded(schedule: Schedule, quick: Schedule | None) -> dict[Walk, list[Bucket]]:
    """The padded buckets each walk gathers (forward: reduced; reverse: edge rows filled)."""
    fsched = quick or schedule
    out: dict[Walk, list[Bucket]] = {
        "fwd": [b for b in fsched.forward if isinstance(b, Bucket)],
        "fwd1": [b for b in fsched.forward1 if isinstance(b, Bucket)],
    }
    reverse: tuple[tuple[Walk, Schedule | None], ...] = (("bwd", schedule), ("quick", quick))
    for walk, sched in reverse:
        out[walk] = [b for r in sched.backward for b, _ in r.edges] if sched else []
    return out


def _grad_src(plan: LayeredPlan) -> np.ndarray:
    """For each column of `cat([pos, neg], dim=1)`, the gradient row holding its gradient.

    Columns without a literal node point at row 0 (zeroed by each backward pass).
    """
    src = np.zeros(2 * plan.n_vars, dtype=np.int64)
    src[plan.literal_src] = FIRST_LITERAL_ROW + np.arange(plan.literal_src.size)
    return src
