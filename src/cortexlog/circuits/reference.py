"""The reference evaluator: a circuit walked node by node in torch, gradients by autograd.

Short and obviously correct on purpose; every fast path (`CircuitModule`: layered
buckets, fused gather-sums, quotient and division-free backward walks, pooled buffers)
is property-tested against it (tests/circuits/test_reference.py). Not for speed: one
torch op per node.

Gradients are torch's own for the structure's reductions. Note that torch's product
gradient divides the product by each factor: where a product is subnormal that quotient
is inexact (relative error up to `2**-149 / factor` in float32), while the fast path's
division-free walk is exact.
"""

from __future__ import annotations

import torch
from torch import Tensor

from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.semantics.structure import AlgebraicStructure


def reference_evaluate(
    circuit: Circuit, structure: AlgebraicStructure, pos: Tensor, neg: Tensor
) -> Tensor:
    """Carrier values of the circuit's outputs, one node at a time (differentiable).

    Args:
        circuit: the circuit.
        structure: the algebraic structure (its `zero`, `one`, `add` and `mul`).
        pos: `[batch, n_vars]` carrier values of the positive literals.
        neg: `[batch, n_vars]` carrier values of the negative literals.

    Returns:
        `[batch, n_outputs]` carrier values of the outputs.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> from cortexlog.semantics import get_semantics
    >>> b = CircuitBuilder(n_vars=2)
    >>> c = b.build([b.conj([b.literal(0), b.literal(1, positive=False)])])
    >>> p = torch.tensor([[0.5, 0.25]])
    >>> reference_evaluate(c, get_semantics("probability"), p, 1 - p)
    tensor([[0.3750]])
    """
    batch = pos.shape[0]
    values: list[Tensor] = []
    for kind, var, children in zip(circuit.kinds, circuit.vars, circuit.children, strict=True):
        if kind == Kind.FALSE or kind == Kind.TRUE:
            constant = structure.zero if kind == Kind.FALSE else structure.one
            values.append(pos.new_full((batch,), constant))
        elif kind == Kind.POS or kind == Kind.NEG:
            values.append((pos if kind == Kind.POS else neg)[:, var])
        else:
            reduce = structure.mul if kind == Kind.AND else structure.add
            values.append(reduce(torch.stack([values[c] for c in children])))
    if not circuit.outputs:
        return pos.new_zeros(batch, 0)
    return torch.stack([values[o] for o in circuit.outputs], dim=1)
