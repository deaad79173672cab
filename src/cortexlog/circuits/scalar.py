"""A circuit evaluated node by node on Python floats (no torch): one-off queries.

Every built-in structure carries `ScalarOps`; a circuit answering one query is small, so a
plain walk over its nodes in topological order costs less than building a torch module.
"""

from __future__ import annotations

from collections.abc import Sequence

from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.errors import SemanticsError
from cortexlog.semantics.structure import AlgebraicStructure


def evaluate_scalar(
    circuit: Circuit, structure: AlgebraicStructure, pos: Sequence[float],
    neg: Sequence[float],
) -> list[float]:
    """Carrier value of every output under `structure`, in Python floats.

    Args:
        circuit: the circuit.
        structure: a structure with `scalar` operations.
        pos: carrier value of each variable's positive literal.
        neg: carrier value of each variable's negative literal.

    Returns:
        One carrier value per output.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> from cortexlog.semantics import get_semantics
    >>> b = CircuitBuilder(n_vars=2)
    >>> c = b.build([b.disj([b.literal(0), b.literal(1, positive=False)])])
    >>> evaluate_scalar(c, get_semantics("godel"), [0.25, 0.5], [0.75, 0.5])
    [0.5]
    """
    ops = structure.scalar
    if ops is None:
        raise SemanticsError(
            f"semantics '{structure.name}' has no scalar operations",
            hint="evaluate it with the torch circuit layers (Program.compile)",
        )
    add, mul = ops.add, ops.mul
    val: list[float] = [0.0] * circuit.n_nodes
    for i, (k, v, ch) in enumerate(zip(circuit.kinds, circuit.vars, circuit.children, strict=True)):
        if k == Kind.AND:
            val[i] = mul([val[x] for x in ch])
        elif k == Kind.OR:
            val[i] = add([val[x] for x in ch])
        elif k == Kind.POS:
            val[i] = pos[v]
        elif k == Kind.NEG:
            val[i] = neg[v]
        else:
            val[i] = structure.one if k == Kind.TRUE else structure.zero
    return [val[o] for o in circuit.outputs]
