"""Test helpers: evaluate circuits by brute force and check structural properties."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from cortexlog.circuits.ir import Circuit, Kind


def node_vars(c: Circuit) -> list[frozenset[int]]:
    """The variables each node mentions."""
    out: list[frozenset[int]] = []
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k in (Kind.POS, Kind.NEG):
            out.append(frozenset([v]))
        else:
            out.append(frozenset().union(*(out[x] for x in ch)) if ch else frozenset())
    return out


def evaluate(
    c: Circuit,
    pos: Sequence[float],
    neg: Sequence[float],
    plus: Callable[[list[float]], float] = sum,
    zero: float = 0.0,
    one: float = 1.0,
) -> list[float]:
    """Evaluate every node in a commutative semiring (sum-product by default)."""
    val: list[float] = []
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k == Kind.FALSE:
            val.append(zero)
        elif k == Kind.TRUE:
            val.append(one)
        elif k == Kind.POS:
            val.append(pos[v])
        elif k == Kind.NEG:
            val.append(neg[v])
        elif k == Kind.AND:
            r = one
            for x in ch:
                r = r * val[x]
            val.append(r)
        else:
            val.append(plus([val[x] for x in ch]))
    return val


def evaluate_bool(c: Circuit, world: Sequence[bool]) -> list[bool]:
    """Boolean value of every node in one world."""
    pos = [1.0 if w else 0.0 for w in world]
    neg = [0.0 if w else 1.0 for w in world]
    return [x > 0 for x in evaluate(c, pos, neg, plus=max)]


def is_decomposable(c: Circuit) -> bool:
    """AND children mention pairwise disjoint variables."""
    nv = node_vars(c)
    for k, ch in zip(c.kinds, c.children, strict=True):
        if k == Kind.AND:
            seen: set[int] = set()
            for x in ch:
                if seen & nv[x]:
                    return False
                seen |= nv[x]
    return True


def is_smooth(c: Circuit) -> bool:
    """OR children mention the same variables."""
    nv = node_vars(c)
    return all(
        len({nv[x] for x in ch}) == 1
        for k, ch in zip(c.kinds, c.children, strict=True)
        if k == Kind.OR
    )


def is_deterministic(c: Circuit) -> bool:
    """In every world, at most one child of each OR is true (enumerates 2^n_vars worlds)."""
    for world in itertools.product([False, True], repeat=c.n_vars):
        val = evaluate_bool(c, world)
        for k, ch in zip(c.kinds, c.children, strict=True):
            if k == Kind.OR and sum(val[x] for x in ch) > 1:
                return False
    return True
