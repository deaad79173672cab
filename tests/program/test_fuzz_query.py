"""Whole programs from a small grammar through `cortexlog query`: an answer or a clear error.

Hypothesis (fixed seed) writes programs with probabilistic facts, annotated disjunctions,
rules with negation, arithmetic and comparisons, queries and evidence, some of them wrong
on purpose (unbound variables, undefined predicates, impossible evidence). Every one must
end with exit code 0 (answers) or 1 (a located `error:` line), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cortexlog.cli import main

ARITY = {"p": 1, "q": 2, "r": 1, "s": 0}
CONSTS = ["a", "b", "c", "1", "2"]
VARS = ["X", "Y", "Z"]
term = st.sampled_from(CONSTS + VARS)
ground_term = st.sampled_from(CONSTS)
COMPARISONS = ["<", "=<", "=:=", "==", "=", "\\="]


@st.composite
def atom(draw: st.DrawFn, ground: bool = False) -> str:
    """`name` or `name(t1, ...)`, mostly with the predicate's own arity."""
    name = draw(st.sampled_from(sorted(ARITY)))
    n = ARITY[name] if draw(st.integers(0, 9)) else draw(st.integers(0, 2))
    args = [draw(ground_term if ground else term) for _ in range(n)]
    return name if not args else f"{name}({', '.join(args)})"


@st.composite
def literal(draw: st.DrawFn) -> str:
    """A body literal: an atom, its negation, an arithmetic or a comparison."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return "\\+ " + draw(atom())
    if kind == 1:
        return f"{draw(st.sampled_from(VARS))} is {draw(term)} + {draw(term)}"
    if kind == 2:
        op = draw(st.sampled_from(COMPARISONS))
        return f"{draw(term)} {op} {draw(term)}"
    return draw(atom())


@st.composite
def clause(draw: st.DrawFn) -> str:
    """A fact, a probabilistic fact, an annotated disjunction or a rule."""
    kind = draw(st.integers(0, 3))
    prob = draw(st.sampled_from(["0.3", "0.5", "1/3", "0.9"]))
    if kind == 0:
        return f"{draw(atom(ground=True))}."
    if kind == 1:
        return f"{prob}::{draw(atom(ground=True))}."
    if kind == 2:
        return f"0.2::{draw(atom(ground=True))}; 0.5::{draw(atom(ground=True))}."
    body = ", ".join(draw(st.lists(literal(), min_size=1, max_size=3)))
    head = draw(atom())
    return f"{prob}::{head} :- {body}." if draw(st.booleans()) else f"{head} :- {body}."


@st.composite
def program(draw: st.DrawFn) -> str:
    """A fact for each predicate, clauses, 1-2 queries and maybe one evidence."""
    lines = ["0.4::p(a).", "0.6::q(a, b).", "r(1).", "0.5::s."]
    lines += draw(st.lists(clause(), min_size=1, max_size=6))
    lines += [f"query({draw(atom())})." for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        value = draw(st.sampled_from(["true", "false"]))
        lines.append(f"evidence({draw(atom(ground=True))}, {value}).")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("semantics", ["probability", "mpe", "godel"])
@settings(derandomize=True, max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=program())
def test_every_program_answers_or_fails_clearly(text: str, semantics: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fuzz.pl"
    path.write_text(text)
    code = main(["query", str(path), "--semantics", semantics])
    out, err = capsys.readouterr()
    assert code in (0, 1), text
    assert "Traceback" not in err, text
    if code == 1:
        assert "error:" in err, text
