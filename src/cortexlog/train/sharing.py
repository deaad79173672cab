"""Shapes that compile to the same circuit share one circuit pass.

Two shapes whose compiled patterns are equal up to the names of their inputs and the
labels of their answers (e.g. `shifted(A, B, 3, S)` and `shifted(A, B, 7, S)`, or two
lists of the same length in a sort) are one *structure*. A batch evaluates each structure
once, on the examples of all its shapes stacked, instead of once per shape; each shape
then reads its own answer columns from the shared outputs.
"""

from __future__ import annotations

from collections.abc import Hashable

from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.pattern import QueryPattern


def canonical_sources(calls: NeuralCalls) -> tuple[str, ...]:
    """The given sources of a call plan in order of first use (network order, call order)."""
    seen: dict[str, None] = {}
    for inputs in calls.calls.values():
        for call in inputs:
            for name in call:
                seen.setdefault(name, None)
    return tuple(seen)


def structure_key(pattern: QueryPattern) -> Hashable | None:
    """What two patterns must share to share a circuit pass (None: never shared).

    The circuit, its variables and groups, the number of answers, and the call plan with
    its sources replaced by their first-use positions.
    """
    calls = pattern.calls
    if calls.derived:
        return None
    position = {name: i for i, name in enumerate(canonical_sources(calls))}
    plan = tuple((net, tuple(tuple(position[s] for s in call) for call in inputs))
                 for net, inputs in calls.calls.items())
    c = pattern.compiled
    return (c.circuit, c.variables, c.group_vars, c.conditioned, len(c.queries), plan,
            calls.offsets, calls.column, calls.binary, calls.learnable)
