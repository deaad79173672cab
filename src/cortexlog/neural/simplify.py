"""Substitute literals whose value is always the semiring one, then re-propagate constants.

Under the compiled (SDD) convention the negative literal of an option indicator has the
value `one` in every structure (the exactly-one constraint does the work). Replacing such
literal nodes by TRUE changes no output value in any semiring, and constant propagation
then drops them from the (often wide) smoothing conjunctions: the circuit gets smaller and
shallower, so every batched evaluation and its backward pass get cheaper.
"""

from __future__ import annotations

import random
from collections.abc import Collection

from cortexlog.circuits.ir import Circuit, CircuitBuilder, copy_into


def drop_unit_literals(circuit: Circuit, unit_neg_vars: Collection[int]) -> Circuit:
    """Rebuild `circuit` with the negative literals of `unit_neg_vars` replaced by TRUE.

    Args:
        circuit: the circuit.
        unit_neg_vars: variables whose negative literal always evaluates to `one`.

    Returns:
        An equivalent circuit under any weights giving those literals the value `one`.

    >>> b = CircuitBuilder(n_vars=2)
    >>> x, ny = b.literal(0), b.literal(1, positive=False)
    >>> c = b.build([b.conj([x, ny])])
    >>> d = drop_unit_literals(c, {1})
    >>> (c.n_nodes, d.n_nodes)
    (3, 1)
    """
    unit = set(unit_neg_vars)
    b = CircuitBuilder(n_vars=circuit.n_vars)
    ids = copy_into(
        circuit, b, lambda v, pos: b.true() if not pos and v in unit else b.literal(v, pos)
    )
    return b.build([ids[o] for o in circuit.outputs])


def simplify_if_equivalent(
    circuit: Circuit, unit_neg_vars: Collection[int], trials: int = 3, seed: int = 0
) -> Circuit:
    """`drop_unit_literals`, kept only if it agrees with the original on random weights.

    The builder's Boolean constant rules (an OR with a TRUE child is TRUE) are not sound
    in every semiring, so the rewrite is checked: both circuits' weighted model counts must
    agree (to 1e-9 relative) on `trials` random weightings with the unit literals at 1.

    Args:
        circuit: the circuit.
        unit_neg_vars: variables whose negative literal always evaluates to `one`.
        trials: random weightings to compare.
        seed: their seed.

    Returns:
        The smaller circuit, or `circuit` itself if the check fails.
    """
    from cortexlog.compile import circuit_wmc

    unit = set(unit_neg_vars)
    small = drop_unit_literals(circuit, unit)
    rng = random.Random(seed)
    for _ in range(trials):
        pos = [rng.uniform(0.05, 1.0) for _ in range(circuit.n_vars)]
        neg = [1.0 if v in unit else rng.uniform(0.05, 1.0) for v in range(circuit.n_vars)]
        a, b = circuit_wmc(circuit, pos, neg), circuit_wmc(small, pos, neg)
        if any(abs(x - y) > 1e-9 * max(1.0, abs(x)) for x, y in zip(a, b, strict=True)):
            return circuit
    return small
