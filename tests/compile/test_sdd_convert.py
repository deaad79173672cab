"""sdd_to_circuit against brute-force model counting on random CNFs."""

from __future__ import annotations

import itertools
import random

import pytest
from pysdd.sdd import SddManager

from cortexlog.circuits.ir import Kind
from cortexlog.compile.sdd_convert import sdd_to_circuit

from .circuit_checks import (
    evaluate,
    evaluate_bool,
    is_decomposable,
    is_deterministic,
    is_smooth,
    node_vars,
)


def random_cnf(rng: random.Random, n: int) -> list[list[int]]:
    """A random 3-CNF-ish clause list over variables 1..n."""
    return [
        [v * rng.choice([1, -1]) for v in rng.sample(range(1, n + 1), rng.randint(1, min(3, n)))]
        for _ in range(rng.randint(0, 2 * n))
    ]


def holds(cnf: list[list[int]], world: tuple[bool, ...]) -> bool:
    return all(any(world[abs(lit) - 1] == (lit > 0) for lit in cl) for cl in cnf)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("smooth", [True, False])
def test_random_cnf(seed: int, smooth: bool) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 6)
    m = SddManager(var_count=n, auto_gc_and_minimize=True)
    cnfs = [random_cnf(rng, n) for _ in range(3)]
    roots = []
    for cnf in cnfs:
        f = m.true()
        for cl in cnf:
            c = m.false()
            for lit in cl:
                c = c | m.literal(lit)
            f = f & c
        roots.append(f)
    circ = sdd_to_circuit(roots, smooth=smooth)
    assert circ.n_vars == n
    assert is_decomposable(circ) and is_deterministic(circ)
    if smooth:
        assert is_smooth(circ)
        nv = node_vars(circ)
        for o in circ.outputs:
            assert circ.kinds[o] == Kind.FALSE or nv[o] == frozenset(range(n))
    worlds = list(itertools.product([False, True], repeat=n))
    for world in worlds:
        val = evaluate_bool(circ, world)
        for cnf, o in zip(cnfs, circ.outputs, strict=True):
            assert val[o] == holds(cnf, world)
    if smooth:  # weighted model count and max-product match enumeration
        p = [rng.uniform(0.05, 0.95) for _ in range(n)]
        q = [1 - x for x in p]
        wsum = evaluate(circ, p, q)
        wmax = evaluate(circ, p, q, plus=max)
        for cnf, o in zip(cnfs, circ.outputs, strict=True):
            ws = [
                _weight(world, p) for world in worlds if holds(cnf, world)
            ]
            assert wsum[o] == pytest.approx(sum(ws), abs=1e-12)
            assert wmax[o] == pytest.approx(max(ws, default=0.0), abs=1e-12)


def _weight(world: tuple[bool, ...], p: list[float]) -> float:
    r = 1.0
    for w, pi in zip(world, p, strict=True):
        r *= pi if w else 1 - pi
    return r


def test_groups_smoothing_uses_exactly_one() -> None:
    m = SddManager(var_count=4)
    a, b, c, d = m.vars
    exactly_one_bc = (b & ~c) | (~b & c)
    circ = sdd_to_circuit([a, a & exactly_one_bc & d], groups=[(1, 2)])
    assert is_smooth(circ) and is_decomposable(circ) and is_deterministic(circ)
    # weights: indicators b, c have neg weight 1; the group adds w_b + w_c
    pos, neg = [0.3, 0.6, 0.4, 0.2], [0.7, 1.0, 1.0, 0.8]
    val = evaluate(circ, pos, neg)
    assert val[circ.outputs[0]] == pytest.approx(0.3)
    assert val[circ.outputs[1]] == pytest.approx(0.3 * 0.2)


def test_partial_group_rejected() -> None:
    m = SddManager(var_count=2)
    with pytest.raises(ValueError, match="part of smoothing group"):
        sdd_to_circuit([m.literal(1)], groups=[(0, 1)])
