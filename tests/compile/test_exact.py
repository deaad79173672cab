"""exact_probabilities and the compiled circuits against a brute-force oracle."""

from __future__ import annotations

import re

import pytest

from cortexlog.circuits.ir import Kind
from cortexlog.compile import (
    CYCLE_METHODS,
    CompileError,
    CompileLimits,
    SddOptions,
    VarKind,
    build_formula,
    circuit_wmc,
    compile_sdd,
    exact_probabilities,
    float_group_probs,
    formula_circuit,
)
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.literals import literal_weights

from .circuit_checks import (
    evaluate,
    evaluate_bool,
    is_decomposable,
    is_deterministic,
    is_smooth,
    node_vars,
)
from .random_programs import least_model, oracle, random_program, worlds


@pytest.mark.parametrize(("cycles", "wmc"), [
    ("break", "sdd"), ("unroll", "sdd"), ("break", "circuit"), ("unroll", "circuit"),
])
@pytest.mark.parametrize("seed", range(320))
def test_exact_matches_enumeration(seed: int, cycles: str, wmc: str) -> None:
    case = random_program(seed)
    expected = oracle(case)
    if expected is None:
        with pytest.raises(CompileError, match="inconsistent evidence"):
            exact_probabilities(case.gp, cycles=cycles, wmc=wmc)
        return
    got = exact_probabilities(case.gp, cycles=cycles, wmc=wmc)
    assert list(got) == list(case.gp.queries)
    for q, p in expected.items():
        assert got[q] == pytest.approx(p, abs=1e-9)


@pytest.mark.parametrize("options", [
    SddOptions("balanced", "appearance"), SddOptions("vertical"), SddOptions(minimize=True),
])
@pytest.mark.parametrize("seed", range(0, 400, 10))
def test_exact_other_sdd_options(seed: int, options: SddOptions) -> None:
    case = random_program(seed)
    expected = oracle(case)
    if expected is not None:
        got = exact_probabilities(case.gp, options=options)
        assert got == pytest.approx(expected, abs=1e-9)


def _world_assignment(compiled, choice: list[int]) -> list[bool]:  # type: ignore[no-untyped-def]
    """Circuit variable values of a choice world."""
    out = []
    for var in compiled.variables:
        picked = choice[var.group]
        out.append(picked == -1 if var.kind == VarKind.NONE else picked == var.index)
    return out


@pytest.mark.parametrize("seed", range(60))
def test_sdd_circuit_properties_and_mpe(seed: int) -> None:
    case = random_program(seed, max_groups=4, max_atoms=5)
    compiled = compile_sdd(build_formula(case.gp))
    c = compiled.circuit
    assert is_decomposable(c) and is_smooth(c)
    if c.n_vars <= 9:
        assert is_deterministic(c)
    nv = node_vars(c)
    for o in c.outputs:
        assert c.kinds[o] == Kind.FALSE or nv[o] == frozenset(range(c.n_vars))
    pos, neg = literal_weights(compiled, float_group_probs(case.gp))
    best = [0.0] * len(c.outputs)
    for w, true, _ in worlds(case.gp):
        model = least_model(case, true)
        if not all((a in model) == v for a, v in case.gp.evidence):
            continue
        for i, q in enumerate(case.gp.queries):
            if q in model:
                best[i] = max(best[i], w)
        best[-1] = max(best[-1], w)
    mpe = evaluate(c, list(pos), list(neg), plus=max)
    assert [mpe[o] for o in c.outputs] == pytest.approx(best, abs=1e-12)


@pytest.mark.parametrize("cycles", CYCLE_METHODS)
@pytest.mark.parametrize("seed", range(60))
def test_formula_circuit_is_least_model(seed: int, cycles: str) -> None:
    case = random_program(seed)
    fc = formula_circuit(case.gp, cycles)
    assert not fc.conditioned
    for _, true, choice in worlds(case.gp):
        model = least_model(case, true)
        val = evaluate_bool(fc.circuit, _world_assignment(fc, choice))
        outs = [val[o] for o in fc.circuit.outputs]
        assert outs[:-1] == [q in model for q in case.gp.queries]
        assert outs[-1] == all((a in model) == v for a, v in case.gp.evidence)


def test_circuit_wmc_matches_enumeration_of_probability() -> None:
    case = random_program(7)
    compiled = compile_sdd(build_formula(case.gp))
    pos, neg = literal_weights(compiled, float_group_probs(case.gp))
    values = circuit_wmc(compiled.circuit, pos, neg)
    total = sum(w for w, true, _ in worlds(case.gp)
                if all((a in least_model(case, true)) == v for a, v in case.gp.evidence))
    assert values[-1] == pytest.approx(total, abs=1e-12)


A, B, C = Struct("a"), Struct("b"), Struct("c")


def test_unstratified_negation_raises() -> None:
    gp = GroundProgram((), (GroundRule(A, (Literal(B, False),)), GroundRule(B, (Literal(A),))),
                       (A,))
    with pytest.raises(CompileError, match="not stratified"):
        build_formula(gp)


def test_self_loop_and_deterministic_facts() -> None:
    gp = GroundProgram(
        (ChoiceGroup((0.4,), (C,), False),),
        (GroundRule(A, (Literal(A),)), GroundRule(A, (Literal(ChoiceVar(0, 0)),)),
         GroundRule(B, ()), GroundRule(C, (Literal(B), Literal(A, False)))),
        (A, B, C, Struct("d")),
    )
    got = exact_probabilities(gp)
    assert got == pytest.approx({A: 0.4, B: 1.0, C: 0.6, Struct("d"): 0.0})


def test_evidence_on_query_and_inconsistent_evidence() -> None:
    groups = (ChoiceGroup((0.3,), (A,), False),)
    rules = (GroundRule(A, (Literal(ChoiceVar(0, 0)),)),)
    assert exact_probabilities(GroundProgram(groups, rules, (A,), ((A, True),)))[A] == 1.0
    assert exact_probabilities(GroundProgram(groups, rules, (A,), ((A, False),)))[A] == 0.0
    with pytest.raises(CompileError, match="inconsistent evidence"):
        exact_probabilities(GroundProgram(groups, rules, (A,), ((A, True), (B, True))))


def test_limits_raise_naming_the_limit() -> None:
    n = 6
    groups = tuple(ChoiceGroup((0.5,), (Struct("e", (Num(i),)),), False) for i in range(n))
    rules = tuple(GroundRule(Struct("p", (Num(i),)), (Literal(ChoiceVar(i, 0)),))
                  for i in range(n))
    rules += (GroundRule(A, tuple(Literal(r.head) for r in rules)),)
    gp = GroundProgram(groups, rules, (A,))
    assert exact_probabilities(gp)[A] == pytest.approx(0.5**n)
    with pytest.raises(CompileError, match="max_sdd_nodes"):
        exact_probabilities(gp, limits=CompileLimits(max_sdd_nodes=2))
    with pytest.raises(CompileError, match="max_seconds"):
        exact_probabilities(gp, limits=CompileLimits(max_seconds=0.0))


def test_bad_choice_reference() -> None:
    gp = GroundProgram((), (GroundRule(A, (Literal(ChoiceVar(2, 0)),)),), (A,))
    with pytest.raises(CompileError, match="missing choice option"):
        build_formula(gp)


def test_cycle_breaking_larger_programs_and_unknown_method() -> None:
    """Both cycle methods on bigger cyclic programs (deeper memo reuse), and a bad name."""
    for seed in range(40):
        case = random_program(1000 + seed, max_groups=4, max_atoms=14)
        expected = oracle(case)
        if expected is None:
            continue
        for cycles in CYCLE_METHODS:
            assert exact_probabilities(case.gp, cycles=cycles) == pytest.approx(
                expected, abs=1e-9)
    with pytest.raises(CompileError, match="unknown cycle method"):
        build_formula(random_program(0).gp, "iterate")
    with pytest.raises(CompileError, match="unknown wmc method"):
        exact_probabilities(random_program(0).gp, wmc="python")


@pytest.mark.parametrize(("text", "message"), [
    ("0.5::a. b :- a, \\+ a. evidence(b, true). query(a).",
     "evidence(b, true) has probability 0"),
    ("0.5::a. b :- a. evidence(a, true). evidence(b, false). query(a).",
     "evidence(b, false) has probability 0 given the 1 observation(s) before it"),
])
def test_impossible_evidence_names_the_observation(text: str, message: str) -> None:
    from cortexlog import Program

    with pytest.raises(CompileError, match=re.escape(message)):
        Program.from_string(text).query()
