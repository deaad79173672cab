"""Turn a `Circuit` into per-layer gather indices (KLay-style layering, dense buckets).

Nodes are grouped by depth (longest path from a leaf). Within one depth, the AND nodes
and the OR nodes are split into *buckets* of equal padded arity `k` (arities are rounded
up to 1, 2, 3, 4, 6, 8, 12, 16, 24, ... so padding wastes at most a third). A bucket of
`n` nodes is evaluated with one gather of `k * n` child rows, laid out child-major so the
reduction over `k` walks contiguous `[n, batch]` slabs, and writes `n` contiguous rows of
the value buffer. Padding points at the structure's neutral element (row 0 holds `zero`,
row 1 holds `one`), so every associative reduction stays exact.

Buffer rows: 0 = zero, 1 = one, `2 .. 2+L` = literal nodes, then the buckets in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cortexlog.circuits.ir import Circuit, Kind

ADD, MUL = 0, 1
ZERO_ROW, ONE_ROW, FIRST_LITERAL_ROW = 0, 1, 2


@dataclass(frozen=True)
class Bucket:
    """Nodes of one depth, one operation and one padded arity.

    Attributes:
        start: first buffer row the bucket writes.
        stop: one past the last row it writes.
        op: `ADD` (OR node) or `MUL` (AND node).
        arity: padded number of children.
        offset: where the bucket's `arity * (stop - start)` child rows start in the
            plan's index array (child-major: child `j` of node `i` at `j * n + i`).
        depth: the layer (longest path from a leaf) of the bucket's nodes.
    """

    start: int
    stop: int
    op: int
    arity: int
    offset: int
    depth: int


@dataclass(frozen=True)
class LayeredPlan:
    """Everything a layered evaluation needs, precomputed once per circuit.

    Attributes:
        n_rows: rows of the value buffer.
        n_vars: input variables.
        literal_src: for each literal row, its column in `cat([pos, neg], dim=1)`.
        index: all buckets' child rows, concatenated.
        buckets: the buckets in evaluation order.
        n_layers: number of depths (layers).
        output_rows: buffer row of each output.
        n_edges: child edges of the circuit (without padding).
    """

    n_rows: int
    n_vars: int
    literal_src: np.ndarray
    index: np.ndarray
    buckets: tuple[Bucket, ...]
    n_layers: int
    output_rows: np.ndarray
    n_edges: int

    @property
    def max_gather(self) -> int:
        """The largest number of rows one bucket gathers."""
        return max((b.arity * (b.stop - b.start) for b in self.buckets), default=0)


def padded_arity(k: int) -> int:
    """Round an arity up to the ladder 1, 2, 3, 4, 6, 8, 12, 16, 24, ...

    Args:
        k: a number of children (>= 1).

    Returns:
        The padded arity (at most `1.5 * k`).

    >>> [padded_arity(k) for k in (1, 2, 3, 5, 7, 9, 13)]
    [1, 2, 3, 6, 8, 12, 16]
    """
    if k <= 4:
        return k
    p = 1 << (k - 1).bit_length()  # next power of two >= k
    return p * 3 // 4 if p * 3 // 4 >= k else p


def _merge_arities(
    exact: dict[tuple[int, int, int], list[int]], slack: int, ratio: float
) -> dict[tuple[int, int, int], list[int]]:
    """Group nodes by (depth, op, padded arity); one bucket per (depth, op) when cheap.

    A (depth, op) group becomes a single bucket padded to its largest arity when that
    costs at most `slack` extra cells beyond `ratio` times its edges (fewer kernel
    launches on small circuits); otherwise nodes go to buckets of the padded-arity ladder.
    """
    by_layer: dict[tuple[int, int], list[tuple[int, list[int]]]] = {}
    for (d, op, k), nodes in exact.items():
        by_layer.setdefault((d, op), []).append((k, nodes))
    out: dict[tuple[int, int, int], list[int]] = {}
    for (d, op), parts in by_layer.items():
        edges = sum(k * len(nodes) for k, nodes in parts)
        count = sum(len(nodes) for _, nodes in parts)
        kmax = max(k for k, _ in parts)
        for k, nodes in sorted(parts):
            key = (d, op, kmax if kmax * count <= ratio * edges + slack else padded_arity(k))
            out.setdefault(key, []).extend(nodes)
    return out


def layer_circuit(circuit: Circuit, slack: int = 4096, ratio: float = 1.5) -> LayeredPlan:
    """Compute the layered evaluation plan of a circuit.

    Args:
        circuit: a built circuit.
        slack: extra padded cells a (depth, op) group may waste to stay one bucket.
        ratio: padded cells per edge a (depth, op) group may use to stay one bucket.

    Returns:
        The plan (numpy index arrays; `CircuitModule` turns them into tensors).

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> b = CircuitBuilder(n_vars=3)
    >>> x, y, z = (b.literal(v) for v in range(3))
    >>> plan = layer_circuit(b.build([b.disj([b.conj([x, y]), z])]))
    >>> plan.n_layers, [(k.op, k.arity) for k in plan.buckets]
    (2, [(1, 2), (0, 2)])
    """
    kinds, children = circuit.kinds, circuit.children
    row = np.full(len(kinds), -1, dtype=np.int64)
    depth = np.zeros(len(kinds), dtype=np.int64)
    literal_src: list[int] = []
    groups: dict[tuple[int, int, int], list[int]] = {}
    for node, kind in enumerate(kinds):
        if kind == Kind.FALSE:
            row[node] = ZERO_ROW
        elif kind == Kind.TRUE:
            row[node] = ONE_ROW
        elif kind == Kind.POS or kind == Kind.NEG:
            row[node] = FIRST_LITERAL_ROW + len(literal_src)
            var = circuit.vars[node]
            literal_src.append(var if kind == Kind.POS else circuit.n_vars + var)
        else:
            ch = children[node]
            d = 1 + max(int(depth[c]) for c in ch)
            depth[node] = d
            op = ADD if kind == Kind.OR else MUL
            groups.setdefault((d, op, len(ch)), []).append(node)
    groups = _merge_arities(groups, slack, ratio)
    next_row = FIRST_LITERAL_ROW + len(literal_src)
    buckets: list[Bucket] = []
    pieces: list[np.ndarray] = []
    offset = 0
    for d, op, k in sorted(groups):
        nodes = groups[(d, op, k)]
        n = len(nodes)
        for i, node in enumerate(nodes):
            row[node] = next_row + i
        mat = np.full((k, n), ZERO_ROW if op == ADD else ONE_ROW, dtype=np.int64)
        for i, node in enumerate(nodes):
            ch = children[node]
            mat[: len(ch), i] = row[list(ch)]
        pieces.append(mat.reshape(-1))
        buckets.append(Bucket(next_row, next_row + n, op, k, offset, d))
        offset += k * n
        next_row += n
    return LayeredPlan(
        n_rows=next_row,
        n_vars=circuit.n_vars,
        literal_src=np.asarray(literal_src, dtype=np.int64),
        index=np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64),
        buckets=tuple(buckets),
        n_layers=len({d for d, _, _ in groups}),
        output_rows=row[list(circuit.outputs)].astype(np.int64),
        n_edges=circuit.n_edges,
    )
