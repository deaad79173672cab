"""Forward and reverse execution schedule of a `LayeredPlan` for one algebraic structure.

Forward: buckets whose reduction is declared a plain sum (`Reduction.SUM`: OR of
`probability`, AND of `logprob`) are merged per (depth, op) into one *segment* evaluated
by a fused gather-sum over unpadded CSR child lists (`embedding_bag`, no scratch); the
other buckets keep the padded gather + dense reduction of `layering`.

Reverse: the gradient buffer holds, after the `n_rows` node-gradient rows, one row per
output (the incoming output gradient) and one *edge row* per padded child slot of every
non-sum bucket (`d parent / d child` times the parent's gradient, filled when the parent's
bucket is walked). The gradient of a node is the sum, over its parent edges, of either the
parent's gradient row (sum parents: the local derivative is 1) or the edge row. Walking
depths downwards, one fused gather-sum per depth (a *pull* over the transposed, CSR edge
lists) completes the gradients of all that depth's nodes; no scatter, no atomics.

Quotient variant (`divided`, for products when no value is zero, subnormal or infinite):
product edges get no edge rows. A product's gradient row holds `go * v` instead of `go`
(`v` its value), and a child `c` divides what it pulls from product parents by its own
value (`d v / d c = v / c`). One gather-sum per depth computes, for each row, the sum
`a` over plain parents and the sum `b` over product parents; the row becomes
`a + b / c` (or `a * v + b` for a product row), so the backward reads each edge once,
like the forward, with no prefix/suffix products.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cortexlog.circuits.layering import FIRST_LITERAL_ROW, Bucket, LayeredPlan


@dataclass(frozen=True)
class Segment:
    """Rows `[start, stop)` computed as sums of bags of rows of a CSR index.

    Attributes:
        start: first row written.
        stop: one past the last row written.
        lo: first entry of the segment's rows in the CSR index array.
        hi: one past its last entry.
        olo: first entry of the segment's bag offsets (relative to `lo`) in the CSR
            offsets array.
        n_bags: bags (`stop - start`, or twice that for a quotient pull).
        op: forward segments: the bucket operation (`ADD`, `MUL`) whose rows they compute.
    """

    start: int
    stop: int
    lo: int
    hi: int
    olo: int
    n_bags: int
    op: int = -1


@dataclass(frozen=True)
class Reverse:
    """The reverse step of one depth.

    Attributes:
        pull: gather-sum of gradient rows completing the depth's rows; with `runs`, of
            twice as many bags: first the sums `a` over plain parents, then the sums `b`
            over (scaled) product parents.
        runs: empty, or `(start, stop, scaled)` runs covering the depth's rows: a row
            becomes `a + b / value`, or `a * value + b` when `scaled` (a divided product).
        edges: `(bucket, edge_row)` of the depth's buckets whose edge rows start at
            `edge_row` of the gradient buffer.
    """

    pull: Segment
    runs: tuple[tuple[int, int, bool], ...]
    edges: tuple[tuple[Bucket, int], ...]


@dataclass(frozen=True)
class Schedule:
    """Forward steps and reverse steps of one circuit under one structure.

    Attributes:
        forward: `Segment` (fused sum) or `Bucket` (padded gather + reduce), in order.
        forward1: the forward steps for batch 1: divided (plain product) buckets of a
            depth are one `Segment` too (gather + segment product, no padding: at batch 1
            launches cost more than cells).
        fwd_index: CSR child rows of the forward segments.
        fwd_offsets: CSR bag offsets of the forward segments.
        backward: one `Reverse` step per depth, highest first.
        pull_index: CSR gradient-buffer rows summed into each node's gradient (pulls
            and quotients).
        pull_offsets: CSR bag offsets of the pulls.
        n_grad_rows: rows of the gradient buffer.
        max_gather: the most child rows one padded bucket gathers.
    """

    forward: tuple[Segment | Bucket, ...]
    forward1: tuple[Segment | Bucket, ...]
    fwd_index: np.ndarray
    fwd_offsets: np.ndarray
    backward: tuple[Reverse, ...]
    pull_index: np.ndarray
    pull_offsets: np.ndarray
    n_grad_rows: int
    max_gather: int


def _slots(plan: LayeredPlan, b: Bucket) -> np.ndarray:
    """The `[arity, n]` child rows of a bucket (padding points at rows 0 and 1)."""
    n = b.stop - b.start
    return plan.index[b.offset : b.offset + b.arity * n].reshape(b.arity, n)


def _csr(rows: np.ndarray, values: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Sort `values` by `rows` (stably); return them and the exclusive row starts."""
    order = np.argsort(rows, kind="stable")
    starts = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_rows), out=starts[1:])
    return values[order].astype(np.int64), starts


def _csr_of(
    child: np.ndarray, source: np.ndarray, n_rows: int
) -> tuple[np.ndarray, np.ndarray]:
    """CSR of `source` rows per `child` row; edges into constant rows are dropped."""
    keep = child >= FIRST_LITERAL_ROW  # constant outputs have no inputs to pass grads to
    return _csr(child[keep], source[keep], n_rows)


def _bag(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Node-major `[n, k]` slot blocks -> (real child rows, bag offsets relative to 0)."""
    rows, counts = [], []
    for slots in parts:
        real = slots >= FIRST_LITERAL_ROW  # circuits have no constant children
        rows.append(slots[real])
        counts.append(real.sum(axis=1))
    c = np.concatenate(counts)
    return np.concatenate(rows), np.cumsum(c) - c


class _Concat:
    """Accumulates CSR pieces into one index array and one offsets array."""

    def __init__(self) -> None:
        self.index: list[np.ndarray] = []
        self.offsets: list[np.ndarray] = []
        self.lo = self.olo = 0

    def add(
        self, start: int, stop: int, index: np.ndarray, offsets: np.ndarray, op: int = -1
    ) -> Segment:
        """Append the bags of rows `[start, stop)`; return their `Segment`."""
        seg = Segment(start, stop, self.lo, self.lo + index.size, self.olo, offsets.size, op)
        self.index.append(index.astype(np.int64))
        self.offsets.append(offsets.astype(np.int64))
        self.lo, self.olo = seg.hi, self.olo + offsets.size
        return seg

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The concatenated index and offsets arrays."""
        empty = np.zeros(0, dtype=np.int64)
        return (np.concatenate(self.index) if self.index else empty,
                np.concatenate(self.offsets) if self.offsets else empty)


def _forward(
    plan: LayeredPlan, merged: tuple[bool, bool], csr: _Concat
) -> list[Segment | Bucket]:
    """Forward steps: each run of `merged`-op buckets of one (depth, op) becomes one segment."""
    steps: list[Segment | Bucket] = []
    i, buckets = 0, plan.buckets
    while i < len(buckets):
        b = buckets[i]
        j = i + 1
        if not merged[b.op]:
            steps.append(b)
            i = j
            continue
        while j < len(buckets) and (buckets[j].depth, buckets[j].op) == (b.depth, b.op):
            j += 1
        index, offsets = _bag([_slots(plan, x).T for x in buckets[i:j]])
        steps.append(csr.add(b.start, buckets[j - 1].stop, index, offsets, b.op))
        i = j
    return steps


def _runs(lo: int, hi: int, scaled: list[tuple[int, int]]) -> tuple[tuple[int, int, bool], ...]:
    """Rows `[lo, hi)` as maximal runs of scaled (in a `scaled` range) and plain rows."""
    flags = np.zeros(hi - lo, dtype=bool)
    for a, b in scaled:
        flags[a - lo : b - lo] = True
    cuts = [0, *(np.flatnonzero(flags[1:] != flags[:-1]) + 1).tolist(), hi - lo]
    return tuple((lo + a, lo + b, bool(flags[a])) for a, b in zip(cuts[:-1], cuts[1:], strict=True)
                 if b > a)


def _pull(
    pulls: _Concat, lo: int, hi: int, csrs: list[tuple[np.ndarray, np.ndarray]], both: bool
) -> Segment:
    """Append the bags of rows `[lo, hi)` of the first CSR (and then of the second)."""
    parts = [(index[starts[lo] : starts[hi]], starts[lo:hi] - starts[lo])
             for index, starts in csrs[: 1 + both]]
    size = np.cumsum([0] + [p[0].size for p in parts])
    index = np.concatenate([p[0] for p in parts])
    offsets = [p[1] + s for p, s in zip(parts, size[:-1], strict=True)]
    return pulls.add(lo, hi, index, np.concatenate(offsets))


def build_schedule(
    plan: LayeredPlan, summed: tuple[bool, bool], divided: tuple[bool, bool] = (False, False)
) -> Schedule:
    """Compute the forward and reverse schedule of a plan.

    Args:
        plan: the layered plan.
        summed: for `ADD` and `MUL`, whether the structure's reduction is a plain sum.
        divided: for `ADD` and `MUL`, whether the reduction is a plain product whose
            gradient is taken by division (the quotient variant; only valid when no value
            is zero, subnormal or infinite: the caller checks).

    Returns:
        The `Schedule`.
    """
    fwd = _Concat()
    steps = _forward(plan, summed, fwd)
    either = (summed[0] or divided[0], summed[1] or divided[1])
    steps1 = _forward(plan, either, fwd) if either != summed else steps
    n_out = plan.output_rows.size
    edge_row = plan.n_rows + n_out
    child, source = [plan.output_rows], [plan.n_rows + np.arange(n_out)]
    qchild, qsource = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    edges: dict[int, list[tuple[Bucket, int]]] = {}
    scaled: dict[int, list[tuple[int, int]]] = {}
    literals = (FIRST_LITERAL_ROW, FIRST_LITERAL_ROW + plan.literal_src.size)
    rows_of: dict[int, tuple[int, int]] = {0: literals}
    max_gather = 0
    for b in plan.buckets:
        slots = _slots(plan, b)
        k, n = slots.shape
        lo, hi = rows_of.get(b.depth, (b.start, b.stop))
        rows_of[b.depth] = (min(lo, b.start), max(hi, b.stop))
        j, i = np.nonzero(slots >= FIRST_LITERAL_ROW)
        if summed[b.op]:
            child.append(slots[j, i])
            source.append(b.start + i)
        elif divided[b.op]:
            qchild.append(slots[j, i])
            qsource.append(b.start + i)
            scaled.setdefault(b.depth, []).append((b.start, b.stop))
        else:
            child.append(slots[j, i])
            source.append(edge_row + j * n + i)
            edges.setdefault(b.depth, []).append((b, edge_row))
            edge_row += k * n
            max_gather = max(max_gather, k * n)
    csrs = [_csr_of(np.concatenate(c), np.concatenate(s), plan.n_rows)
            for c, s in ((child, source), (qchild, qsource))]
    pulls = _Concat()
    backward = []
    for d in sorted(rows_of, reverse=True):
        lo, hi = rows_of[d]
        both = d in scaled or csrs[1][1][hi] > csrs[1][1][lo]
        runs = _runs(lo, hi, scaled.get(d, [])) if both else ()
        backward.append(Reverse(_pull(pulls, lo, hi, csrs, both), runs, tuple(edges.get(d, ()))))
    return Schedule(
        forward=tuple(steps),
        forward1=tuple(steps1),
        fwd_index=fwd.arrays()[0],
        fwd_offsets=fwd.arrays()[1],
        backward=tuple(backward),
        pull_index=pulls.arrays()[0],
        pull_offsets=pulls.arrays()[1],
        n_grad_rows=edge_row,
        max_gather=max(
            [max_gather] + [b.arity * (b.stop - b.start) for b in steps if isinstance(b, Bucket)]
        ),
    )
