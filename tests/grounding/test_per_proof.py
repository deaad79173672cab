"""findall/3 switches the engine to its `PerProof` strategy; no engine method is replaced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortexlog.grounding.control import CONTROL
from cortexlog.grounding.convert import from_ast, to_ast
from cortexlog.grounding.database import cached_database
from cortexlog.grounding.engine import Engine
from cortexlog.grounding.limits import GroundingLimits
from cortexlog.grounding.proofs import PerProof
from cortexlog.grounding.solver import Cont, Solver
from cortexlog.language import parse, parse_term

PROGRAM = """
item(1). item(1). item(2).
0.5::coin(1).
pair(X) :- item(X), coin(X).
pair(X) :- item(X), X > 1.
"""


def _engine(seen: list[tuple[bool, set[str]]]) -> Engine:
    """An engine with a `probe/0` control construct recording the engine's state."""

    def probe(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: tuple[Any, ...],
              depth: int) -> Iterator[tuple[Any, ...]]:
        assert isinstance(eng, Engine)
        seen.append((isinstance(eng.proofs, PerProof), set(vars(eng))))
        return eng.solve(rest, lits, depth)

    eng = Engine(cached_database(parse(PROGRAM)), GroundingLimits())
    eng.control = {**CONTROL, ("probe", 0): probe}
    return eng


def _solutions(eng: Engine, text: str) -> list[str]:
    env: dict[str, Any] = {}
    goal = from_ast(parse_term(text), env)
    out = []
    for _ in eng.solve((goal, None, None), (), 0):
        out.append(str(to_ast(env["L"])))
    return out


def test_findall_runs_per_proof_without_replacing_engine_methods() -> None:
    seen: list[tuple[bool, set[str]]] = []
    eng = _engine(seen)
    assert _solutions(eng, "findall(X, (item(X), probe), L)") == ["[1, 1, 2]"]
    assert seen and all(per_proof for per_proof, _ in seen)
    methods = {n for n in dir(Engine) if callable(getattr(Engine, n))}
    assert all(not (names & methods) for _, names in seen)  # no instance shadows a method
    assert eng.proofs is None  # back to tabled calls
    seen.clear()
    # outside findall/3 a repeated fact is one answer again
    assert _solutions(eng, "(item(X), probe, L = [X])") == ["[1]", "[2]"]
    assert seen and not any(per_proof for per_proof, _ in seen)


def test_each_proof_is_one_solution_and_tables_are_shared_afterwards() -> None:
    eng = _engine([])
    # pair(2) has one proof; pair(1) one per copy of item(1), each needing coin(1): the
    # probabilistic solutions give one result list per subset (as ProbLog).
    lists = _solutions(eng, "findall(X, pair(X), L)")
    assert sorted(lists) == ["[1, 1, 2]", "[2]"]
    assert _solutions(eng, "findall(X, item(X), L)") == ["[1, 1, 2]"]
