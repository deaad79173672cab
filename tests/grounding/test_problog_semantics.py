"""ProbLog semantics the grounder reproduces: numbers as terms, query/evidence rules,
non-ground queries without answers, inconsistent evidence (checked against ProbLog)."""

from __future__ import annotations

import pytest
from helpers import gp_of
from oracle import assert_matches_problog, brute_force, problog_probs

from cortexlog.errors import GroundingError

PROGRAMS = {
    # 2 and 2.0 are different terms: separate tables, answers, rules and choice groups
    "int_float_tables": "0.5::n(2). 0.3::n(2.0). 0.4::n(1.5). int_two :- n(X), X == 2. "
    "flt_two :- n(X), X == 2.0. q(X) :- n(X). query(int_two). query(flt_two). query(q(_)).",
    "int_float_order": "a :- 2.0 @< 2. b :- 1 @< 1.5, 1.5 @< 2. c :- 2 \\== 2.0. "
    "d :- f(2) \\= f(2.0). e :- X is 4 / 2, X == 2.0, 2 =:= X. f :- 2 == 2.0. "
    "query(a). query(b). query(c). query(d). query(e). query(f).",
    "int_float_index": "p(2, int). p(2.0, float). q(T) :- p(2.0, T). query(q(_)).",
    "query_rule": "node(a). node(b). node(c). 0.3::mark(X) :- node(X). "
    "query(mark(X)) :- node(X), X \\== b.",
    "query_rule_any_atom": "0.3::a. 0.4::b. which(a). which(b). query(X) :- which(X).",
    "query_rule_prob_body_ignored": "0.5::c. 0.3::a. query(a) :- c.",
    "query_rule_unanswered": "p(1). query(p(X)) :- X = 2. query(p(_)) :- true.",
    "evidence_rule_value": "0.3::sick(ann). 0.3::sick(bob). 0.6::cough(X) :- sick(X). "
    "observed(ann, true). observed(bob, false). evidence(cough(X), V) :- observed(X, V). "
    "query(sick(ann)). query(sick(bob)).",
    "evidence_rule_unary": "0.3::a. 0.4::b. 0.5::c. d :- a. d :- b. "
    "seen(d). evidence(X) :- seen(X). query(a). query(c).",
    "nonground_unanswered": "p(1, 1). q(z). query(p(2, _)). query(p(f(X, Y), Y)). "
    "query(p(A, A)). query(q(f(_, B, B))). query(q(_)).",
}


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_matches_problog(name: str) -> None:
    assert_matches_problog(PROGRAMS[name])


def test_nonground_query_without_answer_uses_problog_names() -> None:
    gp = gp_of("r(a, b, c).\nquery(r(A, B, A)).\nquery(r(f(X, Y), Y, _)).")
    assert [str(q) for q in gp.queries] == ["r(X3,X4,X3)", "r(f(X4,X5),X5,X6)"]
    assert gp.rules == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.3::a.\nevidence(a, true).\nevidence(a, false).\nquery(a).",
         "inconsistent evidence: a is observed both true and false (first at t.pl:2:1)"),
        ("0.3::a.\nv(true). v(false).\nevidence(a, V) :- v(V).\nquery(a).",
         "inconsistent evidence"),
        ("0.3::a.\nv(maybe).\nevidence(a, V) :- v(V).\nquery(a).",
         "evidence value must be true or false, got maybe"),
        ("0.3::a(1).\nevidence(a(X)) :- true.\nquery(a(1)).", "must be a ground atom"),
        ("a.\nquery(b) :- true.", "unknown predicate b/0"),
        ("a.\nw(b).\nquery(X) :- w(X).", "unknown predicate b/0"),
    ],
)
def test_query_and_evidence_errors(text: str, message: str) -> None:
    with pytest.raises(GroundingError) as info:
        gp_of(text)
    assert message in info.value.message


def test_list_builtins_need_no_use_module() -> None:
    """Deliberate difference (docs/language.md): ProbLog rejects member/2 without
    `:- use_module(library(lists))`; cortexlog answers it, like ProbLog does with the import."""
    text = "0.5::l([a]).\nm :- l(L), member(a, L).\nquery(m)."
    assert brute_force(gp_of(text)) == {"m": 0.5}
    assert problog_probs(":- use_module(library(lists)).\n" + text) == {"m": 0.5}


def test_own_definition_overrides_a_list_builtin() -> None:
    text = "member(z, _).\nok(X) :- member(X, [a]).\nquery(ok(_))."
    assert [str(q) for q in gp_of(text).queries] == ["ok(z)"]
