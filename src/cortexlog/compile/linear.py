"""Linear constraints over integer-valued choice groups, compiled into decision diagrams.

A `LinearConstraint` `sum(c_i * value(g_i)) + k  op  0` (from the grounder's arithmetic
path) becomes a multi-valued decision diagram over its groups: the groups are taken by
ascending |coefficient|, a node is (level, remaining target), and a node's children are
one `option AND child` per option of the level's group. Two prunings keep it small:
- bounds: a remaining target outside the least/greatest sum of the remaining levels is
  decided at once (FALSE for `=:=`, TRUE or FALSE for `<`);
- modular: for `=:=`, the remaining sum is a multiple of the gcd of the remaining
  coefficients, so any other target is FALSE; for `<` the target is rounded to the next
  such multiple, so targets that differ only below the gcd share one node.

For the sum of two N-digit numbers (coefficients 1, 1, 10, 10, ...) every level keeps at
most two targets (the carry): the diagram has O(N) nodes. Nodes are hash-consed in the
caller's builder, so constraints over the same groups with the same order share their
sub-diagrams (e.g. the 19 targets of a one-digit sum). Every path to TRUE picks exactly
one option of each group it tests and the options of a group are exclusive: the result
is deterministic and decomposable (smooth up to the skipped levels of a `<` decided early,
which the SDD compiler handles like any formula).
"""

from __future__ import annotations

from collections.abc import Callable
from math import gcd
from typing import Protocol

from cortexlog.grounding.ground_program import LinearConstraint

EQ, NE, LT, LE = "=:=", "=\\=", "<", "=<"
_NEGATION = {EQ: (NE, 1), NE: (EQ, 1), LT: (LE, -1), LE: (LT, -1)}


class Builder(Protocol):
    """The node-building operations the diagram needs (a `CircuitBuilder` has them)."""

    def true(self) -> int: ...
    def false(self) -> int: ...
    def conj(self, children: list[int]) -> int: ...
    def disj(self, children: list[int]) -> int: ...


def diagram_order(con: LinearConstraint) -> list[int]:
    """The groups of a constraint in the order its diagram tests them (the variable order
    a compiler should follow: ascending |coefficient|, then group).

    >>> diagram_order(LinearConstraint((0, 1, 2), (10, 1, 1), ((0,), (0,), (0,)), 0, "<"))
    [1, 2, 0]
    """
    order = sorted(range(len(con.groups)), key=lambda i: (abs(con.coefs[i]), con.groups[i]))
    return [con.groups[i] for i in order]


def constraint_node(b: Builder, literal: Callable[[int, bool], int], con: LinearConstraint,
                    group_vars: tuple[tuple[int, ...], ...], positive: bool = True) -> int:
    """Build the decision diagram of a constraint (or of its negation).

    Args:
        b: the node builder.
        literal: `literal(var, positive) -> node` (called with positive option variables).
        con: the constraint.
        group_vars: the circuit variable of each option, per group.
        positive: False builds the complement (the groups are exhaustive, so NOT
            `L = 0` is `L != 0` and NOT `L < 0` is `-L =< 0`).

    Returns:
        The diagram's root node.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> cb = CircuitBuilder(n_vars=4)
    >>> con = LinearConstraint((0, 1), (1, 1), ((0, 1), (0, 1)), -1, "=:=")
    >>> root = constraint_node(cb, cb.literal, con, ((0, 1), (2, 3)))
    >>> c = cb.build([root])  # x + y = 1: (x=0 and y=1) or (x=1 and y=0)
    >>> sorted(k.name for k in c.kinds)
    ['AND', 'AND', 'OR', 'POS', 'POS', 'POS', 'POS']
    """
    op, sign = con.op, 1
    if not positive:
        op, sign = _NEGATION[op]
    order = sorted(range(len(con.groups)), key=lambda i: (abs(con.coefs[i]), con.groups[i]))
    coefs = [sign * con.coefs[i] for i in order]
    options = [(group_vars[con.groups[i]], con.values[i]) for i in order]
    target = -sign * con.const  # sum(c x) op target
    if op == LE:
        op, target = LT, target + 1
    n = len(coefs)
    lo, hi, div = [0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        vs = [coefs[i] * v for v in options[i][1]]
        lo[i], hi[i] = lo[i + 1] + min(vs), hi[i + 1] + max(vs)
        div[i] = gcd(div[i + 1], coefs[i])
    lit = literal

    def decided(i: int, r: int) -> int | None:
        """TRUE/FALSE when level `i` with remaining target `r` is settled, else None."""
        if op == LT:
            return b.true() if hi[i] < r else b.false() if lo[i] >= r else None
        feasible = lo[i] <= r <= hi[i] and (r % div[i] == 0 if div[i] else r == 0)
        if not feasible:
            return b.false() if op == EQ else b.true()
        if i == n:
            return b.true() if op == EQ else b.false()
        return None

    def canonical(i: int, r: int) -> int:
        if op == LT and div[i] > 1:
            return div[i] * ((r - 1) // div[i]) + 1
        return r

    levels: list[dict[int, None]] = [{} for _ in range(n + 1)]
    levels[0][canonical(0, target)] = None
    for i in range(n):  # the states reached at each level, top-down
        for r in levels[i]:
            if decided(i, r) is None:
                for v in options[i][1]:
                    levels[i + 1].setdefault(canonical(i + 1, r - coefs[i] * v), None)
    nodes: dict[int, int] = {}
    for i in range(n, -1, -1):  # then the nodes, bottom-up
        below, nodes = nodes, {}
        for r in levels[i]:
            settled = decided(i, r)
            if settled is not None:
                nodes[r] = settled
                continue
            vars_, values = options[i]
            nodes[r] = b.disj([
                b.conj([lit(var, True), below[canonical(i + 1, r - coefs[i] * v)]])
                for var, v in zip(vars_[: len(values)], values, strict=True)  # NONE last
            ])
    return nodes[canonical(0, target)]
