"""Convert multi-valued SDD nodes (`pymvsdd`) into a smooth, deterministic `Circuit`.

MV variable `j` has one circuit variable per value (`MvLayout.leaves[j]`): a categorical
variable's value `i` is the POS literal of circuit variable `leaves[j][i]` (an OPTION or,
last, the NONE indicator); a binary variable (a probabilistic fact) has one circuit
variable whose NEG / POS literal is value 0 / 1. A terminal `[X_j in B]` becomes the OR of
its values' literals. Smoothing is over MV variables: an OR child missing variable `j`
is conjoined with `j`'s tautology (the OR of all its value literals), and so is every
output (except FALSE) for each variable it does not mention. The result is decomposable,
deterministic and smooth over the categorical variables, so every commutative semiring
(sum-product, max-product, ...) evaluates it correctly with weights pos = weight of the
value and, for OPTION/NONE indicators, neg = the semiring one (never used).

>>> from cortexlog.circuits.ir import CircuitBuilder
>>> b = CircuitBuilder(n_vars=3)
>>> t = _Leaves(b, MvLayout(((0, 1, 2),), (False,)))
>>> [b.kind(n).name for n in (t.terminal(0, [1]), t.terminal(0, [0, 2]), t.tautology(0))]
['POS', 'OR', 'OR']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cortexlog.circuits.ir import Circuit, CircuitBuilder
from cortexlog.compile.sdd_convert import conj_elements, conj_per_bit


@dataclass(frozen=True, slots=True)
class MvLayout:
    """The multi-valued variables of a compilation and their circuit variables.

    Attributes:
        leaves: per MV variable, the circuit variable of each value (for a binary
            variable: a single circuit variable, whose NEG/POS literal is value 0/1).
        binary: per MV variable, True when it is a probabilistic fact (domain 2).
    """

    leaves: tuple[tuple[int, ...], ...]
    binary: tuple[bool, ...]


class _Leaves:
    """Hash-consed circuit nodes for terminals `[X_j in B]` and per-variable tautologies."""

    def __init__(self, builder: CircuitBuilder, layout: MvLayout) -> None:
        self.b = builder
        self.layout = layout
        self._taut: dict[int, int] = {}

    def value(self, j: int, i: int) -> int:
        """The literal node of value `i` of MV variable `j`."""
        if self.layout.binary[j]:
            return self.b.literal(self.layout.leaves[j][0], positive=i == 1)
        return self.b.literal(self.layout.leaves[j][i])

    def terminal(self, j: int, values: Sequence[int]) -> int:
        """The node `[X_j in values]`: the OR of the values' literals."""
        return self.b.disj(self.value(j, i) for i in values)

    def tautology(self, j: int) -> int:
        """The OR of every value literal of MV variable `j` (weight: the sum of its values)."""
        node = self._taut.get(j)
        if node is None:
            n = 2 if self.layout.binary[j] else len(self.layout.leaves[j])
            node = self.terminal(j, range(n))
            self._taut[j] = node
        return node

    def fill(self, node: int, missing: int) -> int:
        """Conjoin the tautology of every MV variable whose bit is set in `missing`."""
        return conj_per_bit(self.b, node, missing, self.tautology)


def mvsdd_to_circuit(roots: Sequence[Any], layout: MvLayout, n_vars: int) -> Circuit:
    """Convert MV-SDD roots (one per output, one manager) into a smooth `Circuit`.

    Args:
        roots: `pymvsdd.Node`s.
        layout: the MV variables' circuit variables (see `MvLayout`).
        n_vars: the number of circuit variables.

    Returns:
        The circuit; output `i` is `roots[i]` and mentions every MV variable of `layout`
        (FALSE outputs stay FALSE).
    """
    b = CircuitBuilder(n_vars=n_vars)
    leaves = _Leaves(b, layout)
    full = (1 << len(layout.leaves)) - 1
    memo: dict[int, tuple[int, int]] = {}  # node id -> (circuit node, MV variable mask)
    outputs = []
    for root in roots:
        node, mask = _convert(root, leaves, memo)
        outputs.append(node if node == b.false() else leaves.fill(node, full & ~mask))
    return b.build(outputs)


def _convert(root: Any, leaves: _Leaves, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Convert one MV-SDD node iteratively (children first); returns (node, mask)."""
    b = leaves.b
    elements: dict[int, list[tuple[Any, Any]]] = {}
    stack = [root]
    while stack:
        n = stack[-1]
        key = n.node_id
        if key in memo:
            stack.pop()
            continue
        kind = n.kind
        if kind in ("top", "bot"):
            memo[key] = (b.true() if kind == "top" else b.false(), 0)
        elif kind == "terminal":
            memo[key] = (leaves.terminal(n.var, n.values), 1 << n.var)
        elif key not in elements:
            elements[key] = n.elements
            stack.extend(x for pair in elements[key] for x in pair if x.node_id not in memo)
            continue
        else:
            memo[key] = _decomp(elements.pop(key), leaves, memo)
        stack.pop()
    return memo[root.node_id]


def _decomp(
    elements: list[tuple[Any, Any]], leaves: _Leaves, memo: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """The smooth OR of `prime & sub` over a decomposition node's elements."""
    b = leaves.b
    pairs = ((memo[p.node_id], memo[s.node_id]) for p, s in elements)
    elems, mask = conj_elements(b, pairs)
    return b.disj(leaves.fill(n, mask & ~m) for n, m in elems), mask
