"""Circuit IR: a hash-consed DAG of literal, constant, AND and OR nodes.

This is the type crossing the compile -> layers boundary. Knowledge compilation (SDD)
produces a deterministic, decomposable `Circuit`; the fuzzy semantics use the
`Circuit` built straight from the ground formula. Variables are integers `0..n_vars-1`;
what each variable means is recorded by whoever built the circuit.

Invariants of a built `Circuit`:
- nodes are in topological order (children before parents);
- every node is reachable from some output (dead nodes removed);
- constants are propagated (no AND/OR has a constant child, none has < 2 children),
  except that an output may itself be the constant TRUE or FALSE node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum


class Kind(IntEnum):
    """Node kinds."""

    FALSE = 0
    TRUE = 1
    POS = 2  # positive literal of a variable
    NEG = 3  # negative literal of a variable
    AND = 4
    OR = 5


@dataclass(frozen=True)
class Circuit:
    """A built circuit, immutable.

    Attributes:
        kinds: the kind of each node.
        vars: the variable of each literal node, -1 for other nodes.
        children: the children of each AND/OR node, () for other nodes.
        outputs: the node computing each output column.
        n_vars: the number of input variables.
    """

    kinds: tuple[Kind, ...]
    vars: tuple[int, ...]
    children: tuple[tuple[int, ...], ...]
    outputs: tuple[int, ...]
    n_vars: int

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.kinds)

    @property
    def n_edges(self) -> int:
        """Number of AND/OR child edges."""
        return sum(len(c) for c in self.children)


class CircuitBuilder:
    """Build circuits with hash-consing and constant propagation.

    Nested AND/OR nodes are flattened (every algebraic structure is associative and
    commutative). With `idempotent=True` (the default; right for Boolean functions and
    compiled circuits) repeated children are merged, `x AND x = x`; with
    `idempotent=False` they are kept, as the product and Lukasiewicz t-norms need
    (`x AND x = x * x` there).

    Args:
        n_vars: the number of input variables.
        idempotent: merge repeated children of an AND/OR node.

    >>> b = CircuitBuilder(n_vars=2)
    >>> x, y = b.literal(0), b.literal(1, positive=False)
    >>> c = b.build([b.disj([b.conj([x, y]), b.conj([y, x])])])
    >>> (c.n_nodes, c.n_edges)
    (3, 2)
    """

    FALSE_ID = 0
    TRUE_ID = 1

    def __init__(self, n_vars: int = 0, idempotent: bool = True) -> None:
        self.n_vars = n_vars
        self.idempotent = idempotent
        self._kinds: list[Kind] = [Kind.FALSE, Kind.TRUE]
        self._vars: list[int] = [-1, -1]
        self._children: list[tuple[int, ...]] = [(), ()]
        self._table: dict[tuple[Kind, int, tuple[int, ...]], int] = {}

    def new_var(self) -> int:
        """Allocate a fresh variable and return its index."""
        self.n_vars += 1
        return self.n_vars - 1

    def true(self) -> int:
        """The TRUE node."""
        return self.TRUE_ID

    def false(self) -> int:
        """The FALSE node."""
        return self.FALSE_ID

    def literal(self, var: int, positive: bool = True) -> int:
        """The node of literal `var` (or its negation)."""
        if not 0 <= var < self.n_vars:
            raise ValueError(f"variable {var} out of range 0..{self.n_vars - 1}")
        return self._intern(Kind.POS if positive else Kind.NEG, var, ())

    def conj(self, children: Iterable[int]) -> int:
        """AND of nodes; TRUE children dropped, a FALSE child makes it FALSE."""
        return self._nary(Kind.AND, children, absorbing=self.FALSE_ID, neutral=self.TRUE_ID)

    def disj(self, children: Iterable[int]) -> int:
        """OR of nodes; FALSE children dropped, a TRUE child makes it TRUE."""
        return self._nary(Kind.OR, children, absorbing=self.TRUE_ID, neutral=self.FALSE_ID)

    def kind(self, node: int) -> Kind:
        """The kind of a node built so far."""
        return self._kinds[node]

    def children(self, node: int) -> tuple[int, ...]:
        """The children of a node built so far."""
        return self._children[node]

    def _nary(self, kind: Kind, children: Iterable[int], absorbing: int, neutral: int) -> int:
        flat: list[int] = []
        for c in children:
            if c == absorbing:
                return absorbing
            if c == neutral:
                continue
            if self._kinds[c] == kind:  # flatten nested nodes of the same kind
                flat.extend(self._children[c])
            else:
                flat.append(c)
        kids = tuple(sorted(set(flat) if self.idempotent else flat))
        if not kids:
            return neutral
        if len(kids) == 1:
            return kids[0]
        return self._intern(kind, -1, kids)

    def _intern(self, kind: Kind, var: int, children: tuple[int, ...]) -> int:
        key = (kind, var, children)
        node = self._table.get(key)
        if node is None:
            node = len(self._kinds)
            self._kinds.append(kind)
            self._vars.append(var)
            self._children.append(children)
            self._table[key] = node
        return node

    def build(self, outputs: Sequence[int]) -> Circuit:
        """Freeze the part of the DAG reachable from `outputs` into a `Circuit`."""
        order = self._reachable_topological(outputs)
        remap = {old: new for new, old in enumerate(order)}
        return Circuit(
            kinds=tuple(self._kinds[n] for n in order),
            vars=tuple(self._vars[n] for n in order),
            children=tuple(tuple(remap[c] for c in self._children[n]) for n in order),
            outputs=tuple(remap[o] for o in outputs),
            n_vars=self.n_vars,
        )

    def _reachable_topological(self, outputs: Sequence[int]) -> list[int]:
        # Node ids are created children-first, so sorting reachable ids is topological.
        seen: set[int] = set()
        stack = list(outputs)
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            stack.extend(self._children[n])
        return sorted(seen)


def copy_into(
    c: Circuit, b: CircuitBuilder, literal: Callable[[int, bool], int] | None = None
) -> list[int]:
    """Re-create every node of `c` in builder `b` (hash-consed and propagated again).

    Args:
        c: the circuit to copy.
        b: the builder receiving the nodes.
        literal: the node for literal `(var, positive)`; `b.literal` by default (pass
            another to renumber or substitute literals).

    Returns:
        The id in `b` of every node of `c`.

    >>> src = CircuitBuilder(n_vars=2)
    >>> c = src.build([src.conj([src.literal(0), src.literal(1, positive=False)])])
    >>> b = CircuitBuilder(n_vars=2)
    >>> ids = copy_into(c, b, lambda v, pos: b.true() if not pos else b.literal(v))
    >>> b.kind(ids[c.outputs[0]]).name
    'POS'
    """
    lit = literal or b.literal
    ids: list[int] = []
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k in (Kind.POS, Kind.NEG):
            ids.append(lit(v, k == Kind.POS))
        elif k == Kind.AND:
            ids.append(b.conj(ids[x] for x in ch))
        elif k == Kind.OR:
            ids.append(b.disj(ids[x] for x in ch))
        else:
            ids.append(b.true() if k == Kind.TRUE else b.false())
    return ids
