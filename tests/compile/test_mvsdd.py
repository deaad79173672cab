"""compile_mvsdd (multi-valued SDDs) against brute-force enumeration and the one-hot path."""

from __future__ import annotations

import pytest
import torch

from cortexlog.circuits import CircuitModule
from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.compile import (
    CompileError,
    CompileLimits,
    VarKind,
    build_formula,
    circuit_wmc,
    compile_sdd,
    float_group_probs,
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

from .circuit_checks import evaluate, evaluate_bool
from .random_programs import least_model, oracle, random_program, worlds

pytest.importorskip("pymvsdd")

from cortexlog.compile.mvsdd import MvSddOptions, compile_mvsdd  # noqa: E402


def group_sets(cc) -> list[frozenset[int]]:  # type: ignore[no-untyped-def]
    """The choice groups each node mentions (the MV variables)."""
    c: Circuit = cc.circuit
    out: list[frozenset[int]] = []
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k in (Kind.POS, Kind.NEG):
            out.append(frozenset([cc.variables[v].group]))
        else:
            out.append(frozenset().union(*(out[x] for x in ch)) if ch else frozenset())
    return out


def assignment(cc, choice: list[int]) -> list[bool]:  # type: ignore[no-untyped-def]
    """Circuit variable values of a choice world (one-hot indicators)."""
    return [
        choice[var.group] == -1 if var.kind == VarKind.NONE else choice[var.group] == var.index
        for var in cc.variables
    ]


def check_structure(cc) -> None:  # type: ignore[no-untyped-def]
    """Decomposable and smooth over groups; OPTION/NONE never negated; full outputs."""
    c = cc.circuit
    gs = group_sets(cc)
    used = frozenset(g for g, gv in enumerate(cc.group_vars) if gv)
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k == Kind.NEG:
            assert cc.variables[v].kind == VarKind.FACT
        if k == Kind.AND:
            assert sum(len(gs[x]) for x in ch) == len(frozenset().union(*(gs[x] for x in ch)))
        if k == Kind.OR:
            assert len({gs[x] for x in ch}) == 1
    for o in c.outputs:
        assert c.kinds[o] == Kind.FALSE or gs[o] == used


@pytest.mark.parametrize("seed", range(320))
def test_probabilities_and_mpe_match_enumeration(seed: int) -> None:
    case = random_program(seed)
    cc = compile_mvsdd(case.gp)
    assert cc.conditioned and len(cc.circuit.outputs) == len(case.gp.queries) + 1
    pos, neg = literal_weights(cc, float_group_probs(case.gp))
    values = circuit_wmc(cc.circuit, pos, neg)
    expected = oracle(case)
    if expected is None:
        assert values[-1] == 0.0
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


@pytest.mark.parametrize("options", [MvSddOptions("balanced"), MvSddOptions("right",
                                                                           "appearance")])
@pytest.mark.parametrize("seed", range(0, 400, 5))
def test_other_vtrees(seed: int, options: MvSddOptions) -> None:
    case = random_program(seed)
    expected = oracle(case)
    cc = compile_mvsdd(build_formula(case.gp), options)
    pos, neg = literal_weights(cc, float_group_probs(case.gp))
    values = circuit_wmc(cc.circuit, pos, neg)
    if expected is not None:
        got = [v / values[-1] for v in values[:-1]]
        assert got == pytest.approx([expected[q] for q in case.gp.queries], abs=1e-9)


@pytest.mark.parametrize("seed", range(80))
def test_structure_and_boolean_semantics(seed: int) -> None:
    case = random_program(seed, max_groups=4, max_atoms=5)
    cc = compile_mvsdd(case.gp)
    check_structure(cc)
    c = cc.circuit
    for _, true, choice in worlds(case.gp):
        model = least_model(case, true)
        ev = all((a in model) == v for a, v in case.gp.evidence)
        val = evaluate_bool(c, assignment(cc, choice))
        ors = [x for x, k in enumerate(c.kinds) if k == Kind.OR and val[x]]
        assert all(sum(val[y] for y in c.children[x]) == 1 for x in ors)  # deterministic
        outs = [val[o] for o in c.outputs]
        assert outs == [ev and q in model for q in case.gp.queries] + [ev]


@pytest.mark.parametrize("seed", range(0, 120, 3))
def test_circuit_module_batched_and_gradients_match_one_hot(seed: int) -> None:
    case = random_program(seed)
    gen = torch.Generator().manual_seed(seed)
    probs = []
    for group in case.gp.groups:
        k = len(group.weights)
        x = torch.rand(4, k + (0 if group.exhaustive else 1), generator=gen, dtype=torch.float64)
        p = x / x.sum(1, keepdim=True) if k >= 2 else x[:, :1]
        probs.append(p[:, :k].clone().requires_grad_(True))
    outs = []
    for cc in (compile_mvsdd(case.gp), compile_sdd(build_formula(case.gp))):
        pos, neg = literal_weights(cc, probs)
        module = CircuitModule(cc.circuit, "probability")
        out = module(pos, neg)
        with torch.no_grad():
            assert torch.allclose(out[1:2], module(pos[1:2], neg[1:2]), atol=1e-12)
        grads = torch.autograd.grad(out.sum(), probs, allow_unused=True)
        grads = [torch.zeros_like(p) if g is None else g for g, p in zip(grads, probs,
                                                                          strict=True)]
        outs.append((out.detach(), grads))
    (mv, mv_g), (oh, oh_g) = outs
    assert torch.allclose(mv, oh, atol=1e-10)
    for a, b in zip(mv_g, oh_g, strict=True):
        assert torch.allclose(a, b, atol=1e-9)


def test_mnist_addition_pattern_matches_hand_computed_sums() -> None:
    from cortexlog.language import parse
    from cortexlog.neural.pattern import ground_pattern
    from cortexlog.tasks.digits import addition_program

    images = (Struct("img0"), Struct("img1"))
    queries = [Struct("addition", (*images, Num(s))) for s in range(19)]
    gp = ground_pattern(parse(addition_program(1)), queries)
    cc = compile_mvsdd(gp)
    assert [len(gv) for gv in cc.group_vars] == [10, 10]
    check_structure(cc)
    p = torch.softmax(torch.randn(2, 3, 10, generator=torch.Generator().manual_seed(0),
                                  dtype=torch.float64), dim=-1)
    pos, neg = literal_weights(cc, [p[0], p[1]])
    out = CircuitModule(cc.circuit, "probability")(pos, neg)
    for s in range(19):
        want = sum(p[0, :, a] * p[1, :, s - a] for a in range(10) if 0 <= s - a <= 9)
        assert torch.allclose(out[:, s], want, atol=1e-12)
    assert torch.allclose(out[:, -1], torch.ones(3, dtype=torch.float64))


@pytest.mark.parametrize("semantics", ["probability", "mpe", "logprob"])
@pytest.mark.parametrize("seed", range(0, 60, 4))
def test_compiled_program_runs_unchanged_on_mvsdd(seed: int, semantics: str) -> None:
    from cortexlog.compiled_program import CompiledProgram

    case = random_program(seed)
    if oracle(case) is None:
        return
    prog = CompiledProgram(case.gp, semantics)
    inputs = prog.default_inputs()
    want = prog(inputs)
    prog.compiled = compile_mvsdd(case.gp)
    prog.circuit = CircuitModule(prog.compiled.circuit, prog.semantics)
    assert torch.allclose(prog(inputs), want, atol=1e-9)


def _chain(n_options: int, exhaustive: bool) -> GroundProgram:
    w = tuple([1.0 / (n_options + 1)] * n_options)
    labels = tuple(Struct("c", (Num(i),)) for i in range(n_options))
    q = Struct("q")
    rules = tuple(GroundRule(q, (Literal(ChoiceVar(0, i)),)) for i in range(0, n_options, 2))
    return GroundProgram((ChoiceGroup(w, labels, exhaustive),), rules, (q,))


def test_non_exhaustive_group_gets_a_none_value() -> None:
    gp = _chain(5, exhaustive=False)
    cc = compile_mvsdd(gp)
    assert [v.kind for v in cc.variables][-1] == VarKind.NONE
    pos, neg = literal_weights(cc, float_group_probs(gp))
    assert circuit_wmc(cc.circuit, pos, neg) == pytest.approx([3 / 6, 1.0], abs=1e-12)


def test_no_groups_and_constant_outputs() -> None:
    a, b = Struct("a"), Struct("b")
    gp = GroundProgram((), (GroundRule(a, ()),), (a, b))
    cc = compile_mvsdd(gp)
    assert circuit_wmc(cc.circuit, [], []) == [1.0, 0.0, 1.0]


def test_errors() -> None:
    gp = _chain(3, exhaustive=True)
    with pytest.raises(CompileError, match="unknown vtree"):
        compile_mvsdd(gp, MvSddOptions(vtree="left"))
    with pytest.raises(CompileError, match="unknown var_order"):
        compile_mvsdd(gp, MvSddOptions(var_order="random"))
    with pytest.raises(CompileError, match="at most"):
        compile_mvsdd(_chain(100, exhaustive=True))
    big = GroundProgram(
        tuple(ChoiceGroup((0.5,), (Struct("f", (Num(i),)),), False) for i in range(14)),
        tuple(GroundRule(Struct("q"), tuple(Literal(ChoiceVar(i, 0), i % 3 > 0)
                                            for i in range(j, j + 4))) for j in range(10)),
        (Struct("q"),),
    )
    with pytest.raises(CompileError, match="size limit"):
        compile_mvsdd(big, limits=CompileLimits(max_sdd_nodes=3))
    with pytest.raises(CompileError, match="time limit"):
        compile_mvsdd(big, limits=CompileLimits(max_seconds=0.0))
