"""`evaluate_queries` (Python floats, no torch) against the torch `CompiledProgram`.

The torch module is the reference: for every built-in structure the float path must give
the same answers to 1e-12 on the example programs and on seeded random ground programs
(facts, ADs, positive cycles, negation, evidence).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from cortexlog import Program
from cortexlog.compile import evaluate_queries, is_weighted_count
from cortexlog.compiled_program import CompiledProgram
from cortexlog.errors import CompileError, CortexlogError, SemanticsError
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.semantics import PROBABILITY, available_semantics, get_semantics, structure

from .random_programs import random_program

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILTIN = ("boolean", "godel", "logprob", "logproduct", "lukasiewicz", "mpe",
           "possibilistic", "probability", "product")


def _close(a: float | bool, b: float | bool) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-12


def _agree(gp: GroundProgram, semantics: str, cycles: str = "unroll") -> None:
    try:
        expected = CompiledProgram(gp, semantics, cycles).evaluate()
    except CortexlogError as exc:  # the float path must refuse the same programs
        with pytest.raises(type(exc)):
            evaluate_queries(gp, semantics, cycles)
        return
    try:
        got = evaluate_queries(gp, semantics, cycles)
    except CompileError as exc:  # probability: P(evidence) = 0 is an error, not NaN
        assert "inconsistent evidence" in str(exc)
        assert not any(math.isfinite(v) for v in expected.values())
        return
    assert list(got) == list(expected)
    bad = {q: (got[q], expected[q]) for q in got if not _close(got[q], expected[q])}
    assert not bad


def test_every_builtin_structure_has_scalar_operations() -> None:
    assert set(BUILTIN) <= set(available_semantics())
    assert all(get_semantics(name).scalar is not None for name in BUILTIN)


@pytest.mark.parametrize("semantics", BUILTIN)
@pytest.mark.parametrize("name", ["alarm", "conditioning", "dice", "lists", "path", "smokers"])
def test_examples_agree_with_the_torch_module(name: str, semantics: str) -> None:
    gp = Program.from_file(EXAMPLES / f"{name}.pl").ground()
    _agree(gp, semantics)


@pytest.mark.parametrize("semantics", BUILTIN)
def test_random_programs_agree_with_the_torch_module(semantics: str) -> None:
    for seed in range(60):
        gp = random_program(seed).gp
        if not get_semantics(semantics).compiled:  # fuzzy logics: no evidence
            gp = dataclasses.replace(gp, evidence=())
        for cycles in ("unroll", "break"):
            _agree(gp, semantics, cycles)


def test_probability_under_another_name_takes_the_same_path() -> None:
    twin = dataclasses.replace(PROBABILITY, name="my_probability")
    assert is_weighted_count(twin) and not is_weighted_count(get_semantics("mpe"))
    gp = random_program(3).gp
    assert evaluate_queries(gp, twin) == evaluate_queries(gp, "probability")


def test_a_structure_without_scalar_operations_goes_through_torch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    torch_only = dataclasses.replace(get_semantics("godel"), name="torch_only_godel",
                                     scalar=None)
    program = Program.from_string("0.3::a. 0.6::b. c :- a, b. c :- \\+ a. query(c).")
    with pytest.raises(SemanticsError, match="no scalar operations"):
        evaluate_queries(program.ground(), torch_only)
    monkeypatch.setitem(structure._REGISTRY, torch_only.name, torch_only)
    assert program.query(semantics="torch_only_godel") == program.query(semantics="godel")
