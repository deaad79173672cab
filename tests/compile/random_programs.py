"""Seeded random ground programs and a brute-force least-model oracle for them."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import Num, Struct


@dataclass(frozen=True)
class Case:
    """A random program and the stratum of each atom (the oracle's evaluation order)."""

    gp: GroundProgram
    stratum: dict[Struct, int]


def atom(i: int) -> Struct:
    return Struct("a", (Num(i),))


def random_program(seed: int, max_groups: int = 5, max_atoms: int = 6) -> Case:
    """A random stratified program with facts, ADs, positive cycles and evidence."""
    rng = random.Random(seed)
    groups = []
    for g in range(rng.randint(1, max_groups)):
        k = rng.choice([1, 1, 2, 3])
        w = [rng.uniform(0.05, 1.0) for _ in range(k)]
        exhaustive = k >= 2 and rng.random() < 0.5
        scale = sum(w) if exhaustive else sum(w) / rng.uniform(0.3, 0.95)
        w = [x / scale for x in w] if k >= 2 else w
        labels = tuple(Struct("c", (Num(g), Num(i))) for i in range(k))
        groups.append(ChoiceGroup(tuple(w), labels, exhaustive))
    n_atoms = rng.randint(2, max_atoms)
    atoms = [atom(i) for i in range(n_atoms + 1)]  # the last atom never gets a rule
    stratum = {a: rng.randint(0, 2) for a in atoms[:-1]}
    stratum[atoms[-1]] = 0
    rules = set()
    for _ in range(rng.randint(1, 3 * n_atoms)):
        head = rng.choice(atoms[:-1])
        body = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3]) if rng.random() > 0.05 else 0):
            r = rng.random()
            if r < 0.45:
                g = rng.randrange(len(groups))
                cv = ChoiceVar(g, rng.randrange(len(groups[g].weights)))
                body.append(Literal(cv, rng.random() < 0.85))
            else:
                other = rng.choice(atoms)
                if stratum[other] < stratum[head] and rng.random() < 0.4:
                    body.append(Literal(other, False))
                elif stratum[other] <= stratum[head]:
                    body.append(Literal(other, True))
        rules.add(GroundRule(head, tuple(body)))
    queries = tuple(rng.sample(atoms, rng.randint(1, min(3, len(atoms)))))
    evidence = tuple((a, rng.random() < 0.7) for a in rng.sample(atoms, rng.randint(0, 2)))
    gp = GroundProgram(tuple(groups), tuple(sorted(rules, key=str)), queries, evidence)
    return Case(gp, stratum)


def worlds(gp: GroundProgram) -> Iterator[tuple[float, dict[ChoiceVar, bool], list[int]]]:
    """Every choice world: (weight, true choice options, chosen option per group, -1=none)."""
    per_group = []
    for group in gp.groups:
        opts = list(range(len(group.weights)))
        if not group.exhaustive:
            opts.append(-1)
        per_group.append(opts)
    for choice in itertools.product(*per_group):
        w = 1.0
        true = {}
        for g, i in enumerate(choice):
            ws = gp.groups[g].weights
            w *= (1.0 - sum(ws)) if i == -1 else ws[i]
            for j in range(len(ws)):
                true[ChoiceVar(g, j)] = j == i
        yield w, true, list(choice)


def least_model(case: Case, true: dict[ChoiceVar, bool]) -> set[Struct]:
    """Stratum-by-stratum least fixpoint."""
    model: set[Struct] = set()

    def holds(lit: Literal) -> bool:
        v = true[lit.node] if isinstance(lit.node, ChoiceVar) else lit.node in model
        return v == lit.positive

    for s in sorted(set(case.stratum.values())):
        rules = [r for r in case.gp.rules if case.stratum[r.head] == s]
        changed = True
        while changed:
            changed = False
            for r in rules:
                if r.head not in model and all(holds(x) for x in r.body):
                    model.add(r.head)
                    changed = True
    return model


def oracle(case: Case) -> dict[Struct, float] | None:
    """P(q | e) by enumeration; None when P(e) = 0."""
    num = {q: 0.0 for q in case.gp.queries}
    den = 0.0
    for w, true, _ in worlds(case.gp):
        model = least_model(case, true)
        if all((a in model) == v for a, v in case.gp.evidence):
            den += w
            for q in num:
                if q in model:
                    num[q] += w
    if den == 0.0:
        return None
    return {q: v / den for q, v in num.items()}
