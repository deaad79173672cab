"""Dropping unit literals: sound rewrites kept, unsound ones (OR with TRUE) rejected."""

from __future__ import annotations

from cortexlog.circuits.ir import CircuitBuilder
from cortexlog.compile import circuit_wmc
from cortexlog.neural.simplify import drop_unit_literals, simplify_if_equivalent


def test_sound_rewrite_is_kept_and_preserves_values() -> None:
    b = CircuitBuilder(n_vars=3)
    x, y, z = (b.literal(v) for v in range(3))
    ny, nz = b.literal(1, False), b.literal(2, False)
    # exactly-one-style smoothing: (y & ~z) | (~y & z), conjoined with x
    c = b.build([b.conj([x, b.disj([b.conj([y, nz]), b.conj([ny, z])])])])
    small = simplify_if_equivalent(c, {1, 2})
    assert small.n_edges < c.n_edges
    pos, neg = [0.3, 0.6, 0.4], [0.7, 1.0, 1.0]
    assert circuit_wmc(small, pos, neg) == circuit_wmc(c, pos, neg)


def test_unsound_rewrite_is_rejected() -> None:
    b = CircuitBuilder(n_vars=2)
    c = b.build([b.disj([b.literal(0), b.literal(1, False)])])
    assert drop_unit_literals(c, {1}).n_nodes == 1  # collapsed to TRUE: wrong for sums
    assert simplify_if_equivalent(c, {1}) is c
