"""Learnable probabilities `t(p)`: inference as p (oracle: ProbLog on the program with
`t(p)` written as `p`), parameter keys and groups, and errors."""

from __future__ import annotations

import re

import pytest
from oracle import problog_probs

from cortexlog import Program
from cortexlog.errors import CortexlogError, ProgramError
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import LearnableWeight
from cortexlog.grounding.learnable import program_learnable_groups
from cortexlog.language import parse, parse_term

PROGRAMS = {
    "fact": "t(0.3)::a. b :- a. query(a). query(b).",
    "shared_clause": (
        "t(0.4)::coin(X) :- between(1, 3, X).\n"
        "two :- coin(1), coin(2).\nsome :- coin(X).\nquery(two). query(some)."
    ),
    "ad": "t(0.2)::a; t(0.5)::b; 0.1::c.\nx :- a. x :- c.\nquery(x). query(b). query(a).",
    "ad_rule": (
        "0.6::rain.\nt(0.3)::w(sun); t(0.7)::w(cloud) :- rain.\n"
        "query(w(sun)). query(w(cloud))."
    ),
    "expression": "t(1/4)::r(j); t(1/4)::r(q); t(1/4)::r(k); t(1/4)::r(a).\n"
                  "face :- r(j). face :- r(q). face :- r(k).\nquery(face).",
    "noisy": (
        "t(0.1)::noisy.\n0.5::d(1); 0.5::d(2).\n"
        "out(X) :- noisy, X = 0.\nout(X) :- \\+ noisy, d(X).\n"
        "query(out(0)). query(out(1)). query(out(2))."
    ),
    "evidence": "t(0.3)::a. t(0.6)::b. c :- a; b. evidence(c). query(a). query(b).",
}


def _as_plain(text: str) -> str:
    """The program with every `t(p)` annotation written as `p` (what ProbLog can run)."""
    return re.sub(r"\bt\(([^()]*(?:\([^()]*\))?[^()]*)\)\s*::", r"\1::", text)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_inference_uses_the_initial_value(name: str) -> None:
    text = PROGRAMS[name]
    plain = _as_plain(text)
    assert not re.search(r"\bt\(", plain)
    ours = Program.from_string(text).query()
    theirs = problog_probs(plain)
    assert set(ours) == set(theirs)
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, abs=1e-9), key


def test_problog_itself_rejects_t_annotations() -> None:
    # The reason for our choice: ProbLog has no inference meaning for t(p) (DeepProbLog
    # and ProbLog's LFI use p as the initial value, which is what we evaluate).
    with pytest.raises(Exception, match="Unknown function 't'/1"):
        problog_probs("t(0.3)::a. query(a).")


def test_one_parameter_per_statement_shared_by_instances() -> None:
    gp = ground(parse(PROGRAMS["shared_clause"]))
    weights = {w for g in gp.groups for w in g.weights}
    assert weights == {LearnableWeight("coin(X)", 0.4, ("coin(X)",))}
    assert len(gp.groups) == 3  # three independent ground instances, one parameter


def test_keys_groups_and_exhaustiveness() -> None:
    ast = parse("t(0.5)::a. t(_)::a. t(0.2)::b; t(0.3)::c; 0.1::d. t(_)::e; t(0.4)::f.\n"
                "t(0.5)::g(X); t(0.5)::h(X) :- between(1, 2, X).")
    got = [(g.keys, g.inits, g.fact, round(g.fixed, 9), g.exhaustive)
           for g in program_learnable_groups(ast)]
    assert got == [
        (("a",), (0.5,), True, 0.0, True),
        (("a#2",), (None,), True, 0.0, True),
        (("b", "c"), (0.2, 0.3), False, 0.1, False),
        (("e", "f"), (None, 0.4), False, 0.0, True),
        (("g(X)", "h(X)"), (0.5, 0.5), False, 0.0, True),
    ]
    gp = ground(ast, [parse_term("g(1)"), parse_term("h(2)")])
    assert len(gp.groups) == 2  # one AD instance per X, sharing the parameters g(X), h(X)
    for group in gp.groups:
        assert [w.key for w in group.weights] == ["g(X)", "h(X)"]  # type: ignore[union-attr]
    gp = ground(parse("t(0.2)::b; t(0.3)::c; 0.1::d. query(b)."))
    (group,) = gp.groups
    assert not group.exhaustive
    assert group.weights[2] == 0.1
    assert [w.key for w in group.weights[:2]] == ["b", "c"]  # type: ignore[union-attr]


def test_unknown_initial_value_is_an_error_for_inference() -> None:
    with pytest.raises(ProgramError) as info:
        Program.from_string("t(_)::a.\nquery(a).", ).query()
    err = info.value
    assert "t(_) of a has no value" in err.message
    assert err.location is not None and (err.location.line, err.location.col) == (1, 1)
    assert err.hint and "t(0.5)" in err.hint
    # grounding alone accepts it (training gives it a value)
    gp = ground(parse("t(_)::a. query(a)."))
    assert gp.groups[0].weights == (LearnableWeight("a", None, ("a",)),)


def test_non_numeric_fixed_head_in_learnable_ad() -> None:
    with pytest.raises(CortexlogError, match="non-numeric probability"):
        program_learnable_groups(parse("t(0.2)::a(P); P::b(P) :- p(P)."))
