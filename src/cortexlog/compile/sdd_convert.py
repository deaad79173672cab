"""Convert PySDD nodes into a smooth, deterministic, decomposable `Circuit`.

SDD variable `v` (1-based, as in PySDD) becomes circuit variable `v - 1`. Smoothing makes
every OR's children mention the same variables (conjoining `x | ~x` where one is missing)
and makes every output mention every circuit variable: a missing plain variable adds
`x | ~x`; a missing *group* of variables (an exactly-one constraint over indicators) adds
the group's exactly-one circuit, so models are counted over valid assignments only. With
a smooth deterministic decomposable circuit every commutative semiring (sum-product,
max-product, ...) evaluates correctly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from pysdd.sdd import SddNode

from cortexlog.circuits.ir import Circuit, CircuitBuilder


def conj_per_bit(
    b: CircuitBuilder, node: int, missing: int, part: Callable[[int], int]
) -> int:
    """Conjoin `node` with `part(i)` for every bit `i` set in the mask `missing`.

    Args:
        b: the builder.
        node: the node to extend.
        missing: a bit mask of variable indices.
        part: the node to conjoin for one index (e.g. its tautology `x | ~x`).

    Returns:
        The conjunction (smoothing fills a branch with the variables it does not mention).
    """
    parts = [node]
    while missing:
        low = missing & -missing
        parts.append(part(low.bit_length() - 1))
        missing ^= low
    return b.conj(parts)


def conj_elements(
    b: CircuitBuilder, pairs: Iterable[tuple[tuple[int, int], tuple[int, int]]]
) -> tuple[list[tuple[int, int]], int]:
    """AND of each converted (prime, sub) element of a decision node, FALSE subs dropped.

    Args:
        b: the builder.
        pairs: per element, the converted `(node, variable mask)` of its prime and its sub.

    Returns:
        `(elements, mask)`: each kept element's AND node and variable mask, and the union of
        those masks (every variable the decision node mentions).
    """
    elems = [(b.conj([p, s]), pm | sm) for (p, pm), (s, sm) in pairs if s != b.false()]
    mask = 0
    for _, m in elems:
        mask |= m
    return elems, mask


class _Smoother:
    """Shared smoothing nodes (`x | ~x` per variable, exactly-one per group)."""

    def __init__(self, builder: CircuitBuilder, groups: Sequence[Sequence[int]]) -> None:
        self.b = builder
        self._tauto: dict[int, int] = {}
        self.group_of: dict[int, int] = {}
        self.group_masks: list[int] = []
        self.groups = [tuple(g) for g in groups]
        for gi, g in enumerate(self.groups):
            mask = 0
            for v in g:
                if v in self.group_of:
                    raise ValueError(f"variable {v} is in two smoothing groups")
                self.group_of[v] = gi
                mask |= 1 << v
            self.group_masks.append(mask)
        self._exactly_one: dict[int, int] = {}

    def tautology(self, var: int) -> int:
        """The node `var | ~var`."""
        node = self._tauto.get(var)
        if node is None:
            node = self.b.disj([self.b.literal(var), self.b.literal(var, positive=False)])
            self._tauto[var] = node
        return node

    def exactly_one(self, gi: int) -> int:
        """The smooth deterministic exactly-one node over group `gi`'s variables."""
        node = self._exactly_one.get(gi)
        if node is None:
            g = self.groups[gi]
            terms = [
                self.b.conj([self.b.literal(v, positive=(v == w)) for v in g]) for w in g
            ]
            node = self.b.disj(terms)
            self._exactly_one[gi] = node
        return node

    def fill_inner(self, node: int, missing: int) -> int:
        """Conjoin `x | ~x` for each variable bit in `missing` (logically a no-op)."""
        return conj_per_bit(self.b, node, missing, self.tautology)

    def fill_output(self, node: int, missing: int) -> int:
        """Conjoin group constraints / tautologies so an output mentions all variables."""
        parts = [node]
        while missing:
            low = missing & -missing
            var = low.bit_length() - 1
            gi = self.group_of.get(var)
            if gi is None:
                parts.append(self.tautology(var))
                missing ^= low
                continue
            gmask = self.group_masks[gi]
            if missing & gmask != gmask:
                raise ValueError(
                    f"output mentions only part of smoothing group {self.groups[gi]}; "
                    "conjoin the group's constraint before converting"
                )
            parts.append(self.exactly_one(gi))
            missing &= ~gmask
        return self.b.conj(parts)


def sdd_to_circuit(
    roots: Sequence[SddNode],
    n_vars: int | None = None,
    *,
    smooth: bool = True,
    groups: Sequence[Sequence[int]] = (),
) -> Circuit:
    """Convert SDD nodes (one per output) into a `Circuit`.

    Args:
        roots: the SDD nodes, one per output column (all from one manager).
        n_vars: number of circuit variables; defaults to the manager's variable count.
        smooth: make the circuit smooth (default): ORs' children mention the same
            variables, and every output mentions all `n_vars` variables.
        groups: circuit-variable tuples under an exactly-one constraint (the indicators
            of a categorical variable); an output missing a whole group gets the group's
            exactly-one circuit instead of `x | ~x` per indicator. Each output must
            mention either all or none of a group's variables.

    Returns:
        A deterministic, decomposable (and, if `smooth`, smooth) circuit whose output `i`
        is equivalent to `roots[i]`; SDD variable `v` is circuit variable `v - 1`.

    >>> from pysdd.sdd import SddManager
    >>> m = SddManager(var_count=2)
    >>> a, b = m.vars
    >>> c = sdd_to_circuit([a | b, a & b, m.true()])
    >>> c.n_vars, len(c.outputs)
    (2, 3)
    """
    if n_vars is None:
        if not roots:
            raise ValueError("n_vars is required when there are no roots")
        n_vars = roots[0].manager.var_count()
    b = CircuitBuilder(n_vars=n_vars)
    sm = _Smoother(b, groups) if smooth else None
    memo: dict[int, tuple[int, int]] = {}  # sdd id -> (builder node, var mask)
    outputs = []
    for root in roots:
        node, mask = _convert(root, b, sm, memo)
        if sm is not None and node != b.false():
            node = sm.fill_output(node, ((1 << n_vars) - 1) & ~mask)
        outputs.append(node)
    return b.build(outputs)


def _convert(
    root: SddNode, b: CircuitBuilder, sm: _Smoother | None, memo: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """Convert one SDD node (iteratively, children first) and return (node, var mask)."""
    stack: list[tuple[SddNode, bool]] = [(root, False)]
    while stack:
        sdd, expanded = stack.pop()
        key = sdd.id
        if key in memo:
            continue
        if sdd.is_true():
            memo[key] = (b.true(), 0)
        elif sdd.is_false():
            memo[key] = (b.false(), 0)
        elif sdd.is_literal():
            lit = sdd.literal
            var = abs(lit) - 1
            memo[key] = (b.literal(var, positive=lit > 0), 1 << var)
        elif not expanded:
            stack.append((sdd, True))
            for prime, sub in sdd.elements():
                if prime.id not in memo:
                    stack.append((prime, False))
                if sub.id not in memo:
                    stack.append((sub, False))
        else:
            memo[key] = _decision(sdd, b, sm, memo)
    return memo[root.id]


def _decision(
    sdd: SddNode, b: CircuitBuilder, sm: _Smoother | None, memo: dict[int, tuple[int, int]]
) -> tuple[int, int]:
    """Build the OR-of-ANDs of a decision node from its converted elements."""
    elems, mask = conj_elements(b, ((memo[p.id], memo[s.id]) for p, s in sdd.elements()))
    if sm is not None:
        elems = [(sm.fill_inner(n, mask & ~m), mask) for n, m in elems]
    return b.disj([n for n, _ in elems]), mask
