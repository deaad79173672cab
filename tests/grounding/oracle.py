"""Test oracles: brute-force probabilities of a ground program, and ProbLog's answers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from problog import get_evaluatable
from problog.program import PrologString

from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram
from cortexlog.language.terms import Struct


def _model(gp: GroundProgram, world: dict[ChoiceVar, bool]) -> set[Struct]:
    """The well-founded model (alternating fixpoint) of the rules in one world."""

    def lfp(upper: set[Struct] | None) -> set[Struct]:
        true: set[Struct] = set()
        changed = True
        while changed:
            changed = False
            for r in gp.rules:
                if r.head in true:
                    continue
                ok = True
                for lit in r.body:
                    if isinstance(lit.node, ChoiceVar):
                        val = world[lit.node]
                    elif lit.positive:
                        val = lit.node in true
                    else:
                        val = upper is None or lit.node not in upper
                    if val != lit.positive if isinstance(lit.node, ChoiceVar) else not val:
                        ok = False
                        break
                if ok:
                    true.add(r.head)
                    changed = True
        return true

    upper = lfp(None)
    while True:
        lower = lfp(upper)
        new_upper = lfp(lower)
        if new_upper == upper:
            return lower
        upper = new_upper


def consistent_worlds(
    gp: GroundProgram, options: list[list[tuple[int, int | None, float]]]
) -> Iterator[tuple[float, dict[ChoiceVar, bool], set[Struct]]]:
    """`(weight, choices, model)` of every world the evidence allows.

    Args:
        gp: the ground program.
        options: per group, its `(group, option or None for "none", weight)` choices.
    """
    for combo in itertools.product(*options):
        weight = 1.0
        world: dict[ChoiceVar, bool] = {}
        for g, i, w in combo:
            weight *= w
            for j in range(len(gp.groups[g].weights)):
                world[ChoiceVar(g, j)] = i == j
        model = _model(gp, world)
        if all((a in model) == v for a, v in gp.evidence):
            yield weight, world, model


def brute_force(gp: GroundProgram) -> dict[str, float]:
    """P(query | evidence) for every query, by enumerating every world of the groups."""
    options = []
    for g, group in enumerate(gp.groups):
        choices: list[tuple[int | None, float]] = list(enumerate(group.weights))  # type: ignore[arg-type]
        rest = 1.0 - sum(group.weights)  # type: ignore[arg-type]
        if not group.exhaustive and rest > 1e-12:
            choices.append((None, rest))
        options.append([(g, i, w) for i, w in choices])
    totals = dict.fromkeys(gp.queries, 0.0)
    z = 0.0
    for weight, _, model in consistent_worlds(gp, options):
        z += weight
        for q in gp.queries:
            if q in model:
                totals[q] += weight
    return {str(q).replace(" ", ""): (v / z if z > 0 else 0.0) for q, v in totals.items()}


def problog_probs(text: str) -> dict[str, float]:
    """ProbLog's answers for a program."""
    result = get_evaluatable().create_from(PrologString(text), propagate_evidence=True).evaluate()
    return {str(k).replace(" ", ""): float(v) for k, v in result.items()}


def assert_matches_problog(text: str) -> None:
    """Ground `text`, brute-force its probabilities and compare with ProbLog's answers."""
    from cortexlog.grounding import ground
    from cortexlog.language import parse

    ours = brute_force(ground(parse(text, "t.pl")))
    theirs = problog_probs(text)
    assert set(ours) == set(theirs), (ours, theirs)
    for key, value in ours.items():
        assert abs(value - theirs[key]) <= 1e-9, (key, value, theirs[key])
