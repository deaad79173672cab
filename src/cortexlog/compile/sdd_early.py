"""Conjoin a group's exactly-one constraint into formula nodes early, not only at the roots.

The compiled outputs are `query AND evidence AND C` with `C` the conjunction of every
group's exactly-one constraint. The formula DAG is in negation normal form (AND/OR over
literals), so it is monotone in its nodes: conjoining any node with constraints that `C`
implies leaves every output `AND C` unchanged. Doing so where two children of a node mention
the same group (e.g. `OR_v (sum(I-1, S-v) AND die(I, v))`) keeps intermediate SDDs from
representing worlds with several options of one group true, which the final conjunction
would throw away anyway: dice(5) of `bench/programs.py` has an intermediate SDD of 38,526
nodes without this and 628 with it.
"""

from __future__ import annotations

from collections.abc import Callable

from pysdd.sdd import SddManager, SddNode

from cortexlog.circuits.ir import Circuit, Kind


class EarlyConstraints:
    """Per-node bookkeeping: the groups a node mentions and those already constrained in it.

    Groups are bits of Python ints; only groups with >= 2 variables have a constraint.

    Args:
        m: the SDD manager.
        circuit: the formula DAG being compiled (node ids index the bookkeeping).
        group_vars: the circuit variables of each group.
        exactly_one: builds a group's exactly-one SDD (returned referenced).
    """

    def __init__(
        self,
        m: SddManager,
        circuit: Circuit,
        group_vars: tuple[tuple[int, ...], ...],
        exactly_one: Callable[[tuple[int, ...]], SddNode],
    ) -> None:
        self.m = m
        self.groups = [gv for gv in group_vars if len(gv) >= 2]
        self.group_of = {v: g for g, gv in enumerate(self.groups) for v in gv}
        self.exactly_one = exactly_one
        self.mentions = [0] * circuit.n_nodes
        self.done = [0] * circuit.n_nodes
        self._cache: dict[int, SddNode] = {}

    def apply(self, i: int, kind: Kind, var: int, children: tuple[int, ...],
              node: SddNode) -> SddNode:
        """Record node `i` and conjoin the constraints it needs into `node`.

        Args:
            i: the circuit node id.
            kind: its kind.
            var: its variable (literals).
            children: its children (AND/OR).
            node: its SDD, referenced; released here when replaced.

        Returns:
            The (referenced) SDD to use for node `i`.
        """
        if kind in (Kind.POS, Kind.NEG):
            g = self.group_of.get(var)
            self.mentions[i] = 0 if g is None else 1 << g
            return node
        once = twice = open_ = 0
        for x in children:
            s = self.mentions[x]
            twice |= once & s
            once |= s
            open_ |= s & ~self.done[x]
        need = twice & open_
        self.mentions[i] = once
        self.done[i] = (once & ~open_) | need
        g = 0
        while need:
            if need & 1:
                new = self.m.conjoin(node, self._constraint(g))
                new.ref()
                node.deref()
                node = new
            need >>= 1
            g += 1
        return node

    def _constraint(self, g: int) -> SddNode:
        if g not in self._cache:
            self._cache[g] = self.exactly_one(self.groups[g])
        return self._cache[g]

    def release(self) -> None:
        """Dereference the constraint SDDs built so far."""
        for node in self._cache.values():
            node.deref()
        self._cache.clear()
