"""Differential tests: brute force over our ground program vs ProbLog's answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from oracle import brute_force, problog_probs

from cortexlog.grounding import ground
from cortexlog.language import parse

EXAMPLES = Path(__file__).parents[2] / "examples"
PROGRAMS = {
    "ad_body_vars": "b(1). b(2). 0.4::x; 0.6::y :- b(X). query(x). query(y).",
    "prob_clause_instances": "0.5::h :- b(X). b(1). b(2). query(h).",
    "twice": "0.5::a. 0.5::a. query(a).",
    "prob_from_body": "c(a, 0.2). c(b, 0.7). P::h(X) :- c(X, P). query(h(_)).",
    "negation": "0.3::a. 0.6::b. c :- a, \\+ b. d :- \\+ (a, b). query(c). query(d).",
    "nonground_fact": "0.3::p(X). q(Y) :- Y = 1, p(Y). r :- p(2). t :- p(1), p(2). "
    "query(q(_)). query(r). query(t).",
    "findall_prob": "0.3::f(1). 0.4::f(2). f(3). g(L) :- findall(X, f(X), L). query(g(_)).",
    "disjunction": "0.2::a. 0.3::b. c :- a ; b. query(c).",
    "right_recursive": "0.5::e(1,2). 0.5::e(2,3). 0.5::e(3,1). 0.5::e(3,4). "
    "p(X,Y) :- e(X,Y). p(X,Y) :- e(X,Z), p(Z,Y). query(p(1,4)). query(p(4,1)). query(p(2,2)).",
    "mutual": "0.4::a. 0.5::b. x :- a. x :- y. y :- b. y :- x. z :- x, \\+ c. c :- a, b. "
    "query(x). query(y). query(z).",
    "evidence_false": "0.3::a. 0.4::b. c :- a. c :- b. evidence(c, false). "
    "0.5::d. query(d). query(a).",
}


def _check(text: str) -> None:
    gp = ground(parse(text, "t.pl"))
    ours = brute_force(gp)
    theirs = problog_probs(text)
    assert set(ours) == set(theirs)
    for key, value in ours.items():
        assert value == pytest.approx(theirs[key], abs=1e-9), key


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.glob("*.pl") if "mnist" not in p.name)
)
def test_example_programs_match_problog(name: str) -> None:
    _check((EXAMPLES / name).read_text())


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_small_programs_match_problog(name: str) -> None:
    _check(PROGRAMS[name])
