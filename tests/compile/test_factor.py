"""compile_factored (free categorical groups factored out) against brute-force enumeration."""

from __future__ import annotations

import dataclasses
import random

import pytest

from cortexlog.circuits.ir import Kind
from cortexlog.compile import (
    build_formula,
    circuit_wmc,
    compile_sdd,
    float_group_probs,
)
from cortexlog.compile.factor import compile_factored, find_free_group
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.literals import literal_weights

from .circuit_checks import evaluate, evaluate_bool, is_decomposable
from .random_programs import Case, least_model, oracle, random_program, worlds

Q = Struct("q")


def with_free_group(seed: int) -> Case:
    """A random program plus a group G and a query `q` whose rules each pick one G value.

    Some G values are referenced through alias atoms `h(o) :- G=o` (as neural ADs ground).
    """
    rng = random.Random(1000 + seed)
    case = random_program(seed, max_groups=4, max_atoms=5)
    gp = case.gp
    g = len(gp.groups)
    k = rng.randint(2, 5)
    w = [rng.uniform(0.05, 1.0) for _ in range(k)]
    exhaustive = rng.random() < 0.5
    scale = sum(w) if exhaustive else sum(w) / rng.uniform(0.3, 0.95)
    labels = tuple(Struct("h", (Num(i),)) for i in range(k))
    group = ChoiceGroup(tuple(x / scale for x in w), labels, exhaustive)
    atoms = sorted(case.stratum, key=str)
    rules = list(gp.rules)
    stratum = dict(case.stratum)
    for _ in range(rng.randint(1, 2 * k)):
        o = rng.randrange(k)
        if rng.random() < 0.5:
            pick = Literal(ChoiceVar(g, o))
        else:
            rules.append(GroundRule(labels[o], (Literal(ChoiceVar(g, o)),)))
            stratum[labels[o]] = 0
            pick = Literal(labels[o])
        rest = [Literal(rng.choice(atoms), rng.random() < 0.7) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.3 and g > 0:
            h = rng.randrange(g)
            rest.append(Literal(ChoiceVar(h, rng.randrange(len(gp.groups[h].weights)))))
        body = rest[: len(rest) // 2] + [pick] + rest[len(rest) // 2:]
        rules.append(GroundRule(Q, tuple(dict.fromkeys(body))))
    stratum[Q] = 3
    queries = (*gp.queries, Q) if rng.random() < 0.7 else (Q, *gp.queries)
    new = GroundProgram((*gp.groups, group), tuple(dict.fromkeys(rules)), queries, gp.evidence)
    return Case(new, stratum)


def _sdd(gp: GroundProgram):  # type: ignore[no-untyped-def]
    return compile_sdd(build_formula(gp))


def _compilers() -> list[object]:
    out: list[object] = [_sdd]
    try:
        from cortexlog.compile.mvsdd import compile_mvsdd
    except ImportError:  # pragma: no cover
        return out
    return [*out, compile_mvsdd]


@pytest.mark.parametrize("compiler", _compilers())
@pytest.mark.parametrize("seed", range(60))
def test_probability_and_mpe_match_enumeration(seed: int, compiler: object) -> None:
    case = with_free_group(seed)
    free = find_free_group(case.gp)
    assert free is not None and free.group == len(case.gp.groups) - 1
    cc = compile_factored(case.gp, compiler)  # type: ignore[arg-type]
    assert cc.queries == case.gp.queries
    assert is_decomposable(cc.circuit)
    pos, neg = literal_weights(cc, float_group_probs(case.gp))
    values = circuit_wmc(cc.circuit, pos, neg)
    expected = oracle(case)
    if expected is None:
        assert values[-1] == pytest.approx(0.0, abs=1e-12)
    else:
        got = [v / values[-1] for v in values[:-1]]
        assert got == pytest.approx([expected[q] for q in case.gp.queries], abs=1e-9)
    best = [0.0] * len(values)
    for w, true, _ in worlds(case.gp):
        model = least_model(case, true)
        if all((a in model) == v for a, v in case.gp.evidence):
            best = [max(b, w) if i == len(best) - 1 or case.gp.queries[i] in model else b
                    for i, b in enumerate(best)]
    mpe = evaluate(cc.circuit, list(pos), list(neg), plus=max)
    assert [mpe[o] for o in cc.circuit.outputs] == pytest.approx(best, abs=1e-12)


@pytest.mark.parametrize("seed", range(30))
def test_boolean_semantics_and_determinism(seed: int) -> None:
    """In every world (one-hot indicators) outputs are right and true ORs have one true child."""
    case = with_free_group(seed)
    cc = compile_factored(case.gp, _sdd)
    c = cc.circuit
    for _, true, choice in worlds(case.gp):
        model = least_model(case, true)
        ev = all((a in model) == v for a, v in case.gp.evidence)
        world = [choice[v.group] == (-1 if v.choice is None else v.index) for v in cc.variables]
        val = evaluate_bool(c, world)
        for x, k in enumerate(c.kinds):
            if k == Kind.OR and val[x]:
                assert sum(val[y] for y in c.children[x]) == 1
        assert [val[o] for o in c.outputs] == [ev and q in model for q in case.gp.queries] + [ev]


def _toy(rules: list[GroundRule], queries: tuple[Struct, ...] = (Q,)) -> GroundProgram:
    groups = (ChoiceGroup((0.5, 0.5), (Struct("x", (Num(0),)), Struct("x", (Num(1),))), True),
              ChoiceGroup((0.2, 0.3, 0.5), tuple(Struct("g", (Num(i),)) for i in range(3)), True))
    return GroundProgram(groups, tuple(rules), queries)


X0, X1 = Literal(ChoiceVar(0, 0)), Literal(ChoiceVar(0, 1))
G = [Literal(ChoiceVar(1, i)) for i in range(3)]


def test_toy_factorisation_is_exact() -> None:
    """q :- x=0, g=1.  q :- x=1, g=2.  q :- g=0:  P = .5*.3 + .5*.5 + .2 = .6, by hand."""
    gp = _toy([GroundRule(Q, (X0, G[1])), GroundRule(Q, (X1, G[2])), GroundRule(Q, (G[0],))])
    free = find_free_group(gp)
    assert free is not None and free.group == 1
    assert [o for o, _ in free.terms[Q]] == [0, 1, 2]
    assert free.reduced.groups == gp.groups[:1]
    cc = compile_factored(gp, _sdd)
    pos, neg = literal_weights(cc, float_group_probs(gp))
    values = circuit_wmc(cc.circuit, pos, neg)
    assert values[0] / values[-1] == pytest.approx(0.6)


@pytest.mark.parametrize("rules", [
    [GroundRule(Q, (X0, G[1])), GroundRule(Struct("b"), (X1, G[2]))],  # G used by a non-query
    [GroundRule(Q, (X0, Literal(ChoiceVar(1, 1), False)))],  # G negated
    [GroundRule(Q, (X0, G[1])), GroundRule(Q, (X1,))],  # a rule of q without G
    [GroundRule(Q, (G[0], G[1]))],  # two G literals in one rule
])
def test_groups_that_are_not_free_are_left_alone(rules: list[GroundRule]) -> None:
    free = find_free_group(_toy(rules))
    assert free is None or free.group != 1  # x may be free, g is not


def test_query_used_by_another_rule_is_not_factored() -> None:
    gp = _toy([GroundRule(Q, (X0, G[1])), GroundRule(Struct("r"), (Literal(Q),))],
              (Q, Struct("r")))
    assert find_free_group(gp) is None
    assert find_free_group(dataclasses.replace(gp, evidence=((Q, True),))) is None
