"""Misuse of constraint programs: cortexlog errors naming file:line:col, never tracebacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import torch

from cortexlog.errors import ConstraintError, CortexlogError, SemanticsError
from cortexlog.realvalued import ConstraintModule

LOCATED = re.compile(r"^\S+\.pl:\d+:\d+: error: ")


def _compile(tmp_path: Path, text: str, semantics: str = "product",
             networks: dict[str, torch.nn.Module] | None = None) -> ConstraintModule:
    path = tmp_path / "kb.pl"
    path.write_text(text, encoding="utf-8")
    return ConstraintModule.from_file(path, semantics, networks)


@pytest.mark.parametrize(("text", "message", "line"), [
    ("query(forall(X, p(X))).", "unknown predicate p/1", 1),
    ("a :- forall(X, X =< 1).\nb :- Y =< 1.\nquery(b).", "variable Y is not bound", 2),
    ("nn(net, [X]) :: a(X).\nquery(a(X)).", "no network named 'net'", 1),
    ("p :- p.\nquery(p).", "p/0 is recursive", 1),
    ("query(forall(f(X), X =< 1)).", "quantifies f(X), not a variable", 1),
    ("\n\nquery(forall(X, X =< 1, bad(1))).", "unknown aggregator bad(1)", 3),
    ("query(X =< foo(1, 2)).", "unknown function foo/2", 1),
    ("0.5::a; 0.5::b.\nquery(a).", "annotated disjunctions", 1),
    ("a.", "no query/1", 1),
    ("query(p(X)) :- q(X).", "a query with a body", 1),
    ("query(forall(X:Y, X =< 1)) .\nr(Z) :- forall(Y:Z, Y =< 1).", "", 0),
])
def test_compile_errors_are_located(tmp_path: Path, text: str, message: str,
                                    line: int) -> None:
    if not message:  # `X:Y` with Y free in a query is Y's own tensor: fine
        _compile(tmp_path, text)
        return
    with pytest.raises(ConstraintError) as info:
        _compile(tmp_path, text)
    rendered = str(info.value)
    assert LOCATED.match(rendered), rendered
    assert f"kb.pl:{line}:" in rendered and message in rendered


@pytest.mark.parametrize(("text", "tensors", "message"), [
    ("query(forall(X, X =< 1)).", {}, "needs a tensor named 'X'"),
    ("query(forall(X, X =< 1)).", {"X": torch.rand(4, 2)}, "'=<' compares terms with"),
    ("query(forall(X, norm(X) =< 1)).", {"X": torch.rand(4)}, "norm/1 needs vectors"),
    ("query(forall(X, at(X, 2) =< 1)).", {"X": torch.rand(4, 2)}, "out of range"),
    ("query(forall(X, X =< r)).", {"X": torch.rand(4), "r": 1.0}, ""),
    ("query(forall(X, X =< 1)).", {"X": 3.0}, "must be a batched tensor"),
    ("query(X =< 1).", {"X": torch.rand(4)}, "has free variables X"),
])
def test_evaluation_errors_are_located(tmp_path: Path, text: str,
                                       tensors: dict[str, object], message: str) -> None:
    m = _compile(tmp_path, text)
    if not message:
        m(**tensors)
        return
    with pytest.raises(ConstraintError) as info:
        m(**tensors)
    rendered = str(info.value)
    assert LOCATED.match(rendered) and message in rendered, rendered


def test_a_network_of_the_wrong_shape_is_named(tmp_path: Path) -> None:
    m = _compile(tmp_path, "nn(net, [X]) :: a(X).\nquery(forall(X, a(X))).", "product",
                 {"net": torch.nn.Linear(2, 3)})
    with pytest.raises(ConstraintError, match=r"kb.pl:2:1: .*network 'net' returned \[4, 3\]"):
        m(X=torch.rand(4, 2))


def test_a_class_outside_the_domain_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConstraintError, match="kb.pl:2:1: .*purple is not in the domain"):
        _compile(tmp_path, "nn(c, [X], Y, [red, blue]) :: col(X, Y).\n"
                 "query(forall(X, col(X, purple))).", "product", {"c": torch.nn.Linear(2, 2)})


@pytest.mark.parametrize("semantics", ["probability", "logprob", "boolean"])
def test_a_structure_without_a_relaxation_is_refused(semantics: str) -> None:
    with pytest.raises(SemanticsError, match="declares no real-valued relaxation") as info:
        ConstraintModule.from_string("query(forall(X, X =< 1)).", semantics)
    assert "godel, lukasiewicz, product" in str(info.value)


def test_syntax_errors_stay_parse_errors(tmp_path: Path) -> None:
    with pytest.raises(CortexlogError, match=r"kb.pl:1:\d+: error: operator priority clash"):
        _compile(tmp_path, "query(forall(X, a(X) -> b(X))).")


def test_a_tensor_valued_network_is_not_a_goal(tmp_path: Path) -> None:
    with pytest.raises(ConstraintError, match=r"kb.pl:2:1: .*f/2 is a tensor-valued network"):
        _compile(tmp_path, "nn(f, [X], E) :: f(X, E).\nquery(f(X, E)).", "product",
                 {"f": torch.nn.Linear(2, 2)})
