"""Errors (message, location, hint) and resource limits."""

from __future__ import annotations

import pytest
from helpers import gp_of

from cortexlog.errors import GroundingError
from cortexlog.grounding import GroundingLimits


def error_of(text: str, limits: GroundingLimits | None = None) -> GroundingError:
    with pytest.raises(GroundingError) as info:
        gp_of(text, limits)
    return info.value


def test_undefined_predicate_names_similar_ones() -> None:
    err = error_of("parent(a, b).\nq :- parnet(a, X).\nquery(q).")
    assert "unknown predicate parnet/2" in err.message
    assert err.location is not None and (err.location.file, err.location.line) == ("t.pl", 2)
    assert err.hint is not None and "parent/2" in err.hint


def test_undefined_query_predicate() -> None:
    err = error_of("a.\nquery(b).")
    assert "unknown predicate b/0" in err.message and err.location.line == 2  # type: ignore


def test_instantiation_error_in_arithmetic() -> None:
    err = error_of("q(X) :- X is Y + 1.\nquery(q(_)).")
    assert "is/2" in err.message and "instantiation error" in err.message
    assert err.location is not None and err.location.line == 1


def test_type_error_in_arithmetic() -> None:
    err = error_of("q(X) :- X is a + 1.\nquery(q(_)).")
    assert "type error" in err.message and "a" in err.message


def test_nonground_neural_input() -> None:
    err = error_of("nn(net, [X], Y, [0, 1]) :: d(X, Y).\nq :- d(_, 1).\nquery(q).")
    assert "must be ground" in err.message and err.location.line == 1  # type: ignore


def test_nonground_probabilistic_fact_call() -> None:
    err = error_of("0.3::p(X).\nq :- p(_).\nquery(q).")
    assert "non-ground" in err.message


def test_probability_out_of_range() -> None:
    err = error_of("w(2). P::a :- w(P). query(a).")
    assert "not in [0, 1]" in err.message


def test_decision_fact_in_a_query_points_to_dt() -> None:
    err = error_of("0.3::rain.\n?::umbrella.\nwet :- rain, \\+umbrella.\nquery(wet).")
    assert "decision fact" in err.message and err.location is not None
    assert err.location.line == 2 and err.hint is not None and "cortexlog dt" in err.hint


def test_negation_through_a_cycle() -> None:
    err = error_of("0.5::b.\np :- \\+ q.\nq :- \\+ p.\nq :- b.\nquery(p).")
    assert "not stratified" in err.message


def test_probabilistic_if_then_else_condition() -> None:
    err = error_of("0.5::a.\nq :- (a -> true ; fail).\nquery(q).")
    assert "if-then-else" in err.message and err.location.line == 2  # type: ignore


def test_max_depth_limit_on_infinite_recursion() -> None:
    err = error_of("nat(0). nat(s(X)) :- nat(X).\nbig :- nat(Y), fail.\n"
                   "inf(X) :- inf(s(X)).\nquery(inf(0)).", GroundingLimits(max_depth=500))
    assert "max_depth=500" in err.message and "GroundingLimits(max_depth" in (err.hint or "")


def test_max_rules_limit() -> None:
    err = error_of("0.5::p(X) :- between(1, 1000, X). q(X) :- p(X). query(q(_)).",
                   GroundingLimits(max_rules=50))
    assert "max_rules=50" in err.message


def test_max_seconds_limit() -> None:
    err = error_of("q :- between(1, 1000000000, X), X < 0.\nquery(q).",
                   GroundingLimits(max_seconds=0.2))
    assert "max_seconds" in err.message


def test_between_rejects_an_infinite_bound_at_once() -> None:
    """ProbLog rejects `between(1, inf, X)` (call mode error) instead of counting forever."""
    err = error_of("q :- between(1, inf, X), X < 0.\nquery(q).")
    assert "upper bound of between/3 must be an integer" in err.message


def test_deep_recursion_without_recursion_error() -> None:
    text = ("count(0). count(N) :- N > 0, M is N - 1, count(M).\nquery(count(3000)).")
    gp = gp_of(text)
    assert [str(r.head) for r in gp.rules] == ["count(3000)"]


def test_recursion_over_a_long_list() -> None:
    text = ("len([], 0). len([_|T], N) :- len(T, M), N is M + 1.\n"
            "q(N) :- findall(X, between(1, 1000, X), L), len(L, N).\nquery(q(_)).")
    assert [str(q) for q in gp_of(text).queries] == ["q(1000)"]


def test_unimplemented_library_predicate_is_unsupported_not_misspelt() -> None:
    """library(record) is accepted but recorded/2 is not implemented: say so, not "check the
    spelling"."""
    err = error_of(":- use_module(library(record)).\nr(a).\nq(X) :- recorded(X, _).\n"
                   "query(q(k)).")
    assert err.message.startswith("unsupported: recorded/2 (library(record))")
    assert err.hint is not None and "spelling" not in err.hint
    assert err.location is not None and err.location.line == 3


def test_mode_dependent_query_call_answers_with_atoms_of_its_own() -> None:
    """`==/2` in a predicate queried with a free variable and also called ground: as in
    ProbLog the query call's answer fill(unknown) is a node of its own (P = P(p1) = 0.1,
    not the ground call's 1.0); its atom '$call'(N, fill(unknown)) prints as the answer."""
    from oracle import problog_probs

    import cortexlog

    text = ("0.1::p1.\np(A) :- p1, A = unknown.\nfill(A) :- A == unknown.\n"
            "fill(A) :- p(A), fill(A).\nquery(fill(_)).")
    got = cortexlog.Program.from_string(text).query()
    assert got == pytest.approx(problog_probs(text)) and list(got) == ["fill(unknown)"]
    assert [q.functor for q in gp_of(text).queries] == ["$call"]


def test_mode_tests_with_one_call_pattern_still_answer() -> None:
    """The same tests, called only one way, agree with ProbLog."""
    from oracle import problog_probs

    text = ("0.3::p(a). 0.6::p(b).\nkind(X, atom) :- nonvar(X), atom(X).\n"
            "pick(X) :- p(X), kind(X, K), K == atom.\nquery(pick(_)).")
    gp = gp_of(text)
    assert sorted(str(q) for q in gp.queries) == sorted(problog_probs(text))


def test_clause_on_an_annotated_disjunction_is_unsupported() -> None:
    """clause/2 lists deterministic and probabilistic clauses; an AD has no single head."""
    err = error_of("0.3::p(1); 0.4::p(2).\nq(B) :- clause(p(1), B).\nquery(q(_)).")
    assert err.message.startswith("unsupported: clause/2 on the annotated disjunction")
    assert err.location is not None and err.location.line == 2


def test_subquery_without_an_evaluator_is_unsupported() -> None:
    """`ground()` alone cannot evaluate subquery/2 (cortexlog.Program passes an evaluator)."""
    err = error_of("0.5::a.\nb(P) :- subquery(a, P).\nquery(b(_)).")
    assert err.message.startswith("unsupported: subquery/N needs an evaluator")
    assert err.location is not None and err.location.line == 2


def test_query_of_clause_on_a_probabilistic_clause_is_unsupported() -> None:
    """query(clause(H, B)) lists deterministic clauses; ProbLog prints its internal form
    of a probabilistic one, which cortexlog does not reproduce."""
    err = error_of("0.3::a :- b(X).\nb(1).\nquery(clause(a, b(Y))).")
    assert err.message.startswith("unsupported: a query of clause/2 on the probabilistic")
    assert err.location is not None and err.location.line == 3


def test_query_of_clause_by_hand() -> None:
    """The answer is the stored clause with its own variable names, probability 1."""
    import cortexlog

    answers = cortexlog.Program.from_string(
        "a :- b(X).\nb(1).\nquery(clause(a, b(Y))).\nquery(clause(b(2), _)).").query()
    assert answers == {"clause(a,b(V_0))": 1.0, "clause(b(2),X2)": 0.0}
