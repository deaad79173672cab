"""Shapes that compile to the same circuit share one circuit pass.

Two shapes whose compiled patterns are equal up to the names of their inputs and the
labels of their answers (e.g. `shifted(A, B, 3, S)` and `shifted(A, B, 7, S)`, or two
lists of the same length in a sort) are one *structure*. A batch evaluates each structure
once, on the examples of all its shapes stacked, instead of once per shape; each shape
then reads its own answer columns from the shared outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING

import torch

from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.pattern import QueryPattern
from cortexlog.train.shapes import ExampleSet
from cortexlog.train.tensors import TensorSource

if TYPE_CHECKING:
    from cortexlog.train.compiled_shape import CompiledShape


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


def fed_sources(calls: NeuralCalls, names: tuple[str, ...], sources: tuple[str, ...],
                into: dict[str, set[str]]) -> None:
    """Add to `into` the tensor sources each network of a call plan reads.

    Args:
        calls: the shape's call plan.
        names: the source name of each placeholder, in placeholder order.
        sources: the tensor source each placeholder reads (`Shape.sources`).
        into: network name -> source names (updated).
    """
    for net, per_call in calls.calls.items():
        into.setdefault(net, set()).update(
            sources[names.index(n)] for c in per_call for n in c if n in names)


def stacked_inputs(source: Callable[[str], TensorSource], data: ExampleSet,
                   members: Sequence[tuple[CompiledShape, int, torch.Tensor]],
                   device: torch.device) -> dict[str, torch.Tensor]:
    """Source tensors of shape groups that share a structure, stacked in member order.

    Args:
        source: tensor-source name -> source.
        data: the dataset.
        members: `(compiled shape, group, rows within the group)`; the first one's
            source names are used.
        device: where the tensors go.

    Returns:
        Source name -> `[sum of rows, ...]`: one gather per source position when the
        members read the same tensor source there.
    """
    rep = members[0][0]
    out = {}
    for k, name in enumerate(rep.canon):
        refs = []
        for cs, g, grows in members:
            j = cs.canon_refs[k]
            if j < 0:
                value = cs.constants[cs.canon[k]]
                refs.append(("", value.expand(len(grows), *value.shape[1:])))
            else:
                refs.append((data.groups[g].shape.sources[j], data.groups[g].index[grows, j]))
        sources = {src for src, _ in refs}
        if len(sources) == 1 and "" not in sources:
            idx = refs[0][1] if len(refs) == 1 else torch.cat([i for _, i in refs])
            out[name] = source(refs[0][0]).data[idx].to(device)
        else:
            parts = [source(src).data[i] if src else i for src, i in refs]
            out[name] = torch.cat(parts).to(device)
    return out

