"""Sampling possible worlds (as `problog sample`): each query's truth in random worlds.

A world picks one option (or none) of every choice group with the program's
probabilities; the queries and the evidence are evaluated in it on the formula circuit
under the Boolean structure (exact for one world; no knowledge compilation). Worlds that
violate the evidence are rejected. The frequencies estimate the query probabilities
(`estimate`), with their standard errors.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from cortexlog.circuits.scalar import evaluate_scalar
from cortexlog.compile.evaluate import scalar_literals
from cortexlog.compile.exact import formula_circuit
from cortexlog.compile.weights import float_group_probs
from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language.terms import Struct
from cortexlog.semantics.builtin import BOOLEAN


def _pick(rng: random.Random, probs: Sequence[float]) -> tuple[float, ...]:
    """A one-hot choice of an option (all zeros: the group's "none")."""
    r, acc = rng.random(), 0.0
    for i, p in enumerate(probs):
        acc += p
        if r < acc:
            return tuple(1.0 if j == i else 0.0 for j in range(len(probs)))
    return (0.0,) * len(probs)


def sample_worlds(gp: GroundProgram, n: int, seed: int = 0, max_rejections: int = 100_000
                  ) -> list[dict[Struct, bool]]:
    """The queries' truth values in `n` sampled worlds that satisfy the evidence.

    Args:
        gp: the ground program (float probabilities).
        n: how many worlds.
        seed: the random seed.
        max_rejections: give up after this many worlds violating the evidence.

    Returns:
        One `{query atom: true?}` per world.

    Raises:
        CortexlogError: too many rejections (the evidence is (nearly) impossible), or
            neural weights (`CompileError`).

    >>> from cortexlog import Program
    >>> gp = Program.from_string("0.5::a. query(a).").ground()
    >>> [list(w.values()) for w in sample_worlds(gp, 3, seed=1)]
    [[True], [False], [False]]
    """
    compiled = formula_circuit(gp, "break")
    probs = float_group_probs(gp)
    rng = random.Random(seed)
    nq = len(compiled.queries)
    worlds: list[dict[Struct, bool]] = []
    rejected = 0
    while len(worlds) < n:
        pos, neg = scalar_literals(compiled, BOOLEAN, [_pick(rng, p) for p in probs])
        values = evaluate_scalar(compiled.circuit, BOOLEAN, pos, neg)
        if gp.evidence and not values[nq]:
            rejected += 1
            if rejected > max_rejections:
                raise CortexlogError(
                    f"sampling: {rejected} worlds in a row violated the evidence",
                    hint="the evidence is (nearly) impossible; check it, or use "
                    "`cortexlog query` for exact conditional probabilities")
            continue
        rejected = 0
        worlds.append({q: bool(v) for q, v in zip(compiled.queries, values, strict=False)})
    return worlds


def estimate(worlds: Sequence[dict[Struct, bool]]) -> dict[Struct, tuple[float, float]]:
    """Each query's frequency of truth and its standard error.

    >>> estimate([{Struct("a"): True}, {Struct("a"): False}])
    {Struct(functor='a', args=()): (0.5, 0.3535533905932738)}
    """
    n = len(worlds)
    out = {}
    for q in worlds[0] if worlds else {}:
        p = sum(w[q] for w in worlds) / n
        out[q] = (p, math.sqrt(p * (1 - p) / n))
    return out
