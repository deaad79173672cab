"""The structure of ground programs: groups, rules, queries, neural ADs, cycles."""

from __future__ import annotations

from helpers import gp_of

from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import ChoiceVar, Literal, NeuralWeight
from cortexlog.language import parse, parse_term
from cortexlog.language.terms import Struct


def rules_text(text: str) -> set[str]:
    gp = gp_of(text)
    out = set()
    for r in gp.rules:
        body = []
        for lit in r.body:
            node = lit.node
            name = f"c{node.group}.{node.index}" if isinstance(node, ChoiceVar) else str(node)
            body.append(name if lit.positive else "\\+" + name)
        out.add(f"{r.head} :- {', '.join(body)}".replace(" ", ""))
    return out


def test_probabilistic_clause_instances_are_independent_groups() -> None:
    gp = gp_of("0.5::h :- b(X). b(1). b(2). query(h).")
    assert [g.weights for g in gp.groups] == [(0.5,), (0.5,)]
    assert rules_text("0.5::h :- b(X). b(1). b(2). query(h).") == {"h:-c0.0", "h:-c1.0"}


def test_annotated_disjunction_group() -> None:
    gp = gp_of("0.4::x; 0.6::y :- b(X). b(1). b(2). query(x).")
    assert len(gp.groups) == 2
    assert all(g.exhaustive and g.weights == (0.4, 0.6) for g in gp.groups)
    assert [str(lb) for lb in gp.groups[0].labels] == ["x", "y"]
    gp = gp_of("0.2::x; 0.3::y. query(y).")
    assert not gp.groups[0].exhaustive
    assert [r.body for r in gp.rules] == [(Literal(ChoiceVar(0, 1)),)]


def test_probability_expressions_and_body_bound_probabilities() -> None:
    gp = gp_of("w(0.25). P::a :- w(P). 1/4::b. query(a). query(b).")
    assert [g.weights for g in gp.groups] == [(0.25,), (0.25,)]


def test_deterministic_atoms_have_fact_rules_and_no_literals() -> None:
    assert rules_text("e(1). q :- e(1), e(X), X > 0. query(q).") == {"q:-"}


def test_unprovable_ground_query_is_kept_without_rules() -> None:
    gp = gp_of("p(1). query(p(2)). query(p(_)).")
    assert [str(q) for q in gp.queries] == ["p(2)", "p(1)"]
    assert [str(r.head) for r in gp.rules] == ["p(1)"]


def test_only_relevant_rules_are_kept() -> None:
    got = rules_text("0.5::a. 0.5::b. c :- a. d :- b. query(c).")
    assert got == {"a:-c0.0", "c:-a"}


def test_cyclic_path_terminates_and_is_complete() -> None:
    text = (
        "0.5::e(a,b). 0.5::e(b,c). 0.5::e(c,a). p(X,Y) :- e(X,Y). "
        "p(X,Y) :- p(X,Z), e(Z,Y). query(p(a,_))."
    )
    gp = gp_of(text)
    assert sorted(str(q) for q in gp.queries) == ["p(a,a)", "p(a,b)", "p(a,c)"]
    right = text.replace("p(X,Z), e(Z,Y)", "e(X,Z), p(Z,Y)")
    gp2 = gp_of(right)
    assert sorted(str(q) for q in gp2.queries) == ["p(a,a)", "p(a,b)", "p(a,c)"]


def test_negation_literals_and_aux_atoms() -> None:
    got = rules_text("0.3::a. 0.4::b. c :- \\+ a. d :- \\+ (a, b). e :- \\+ z. z :- fail. "
                     "query(c). query(d). query(e).")
    assert "c:-\\+a" in got and "e:-" in got
    assert "d:-\\+'$aux'(0)" in got and "'$aux'(0):-a,b" in got


def test_neural_ad_groups() -> None:
    text = (
        "nn(net, [X], Y, [0, 1, 2]) :: digit(X, Y). "
        "add(A, B, S) :- digit(A, N), digit(B, M), S is N + M. "
        "query(add(i1, i2, 1)). query(digit(i1, 2))."
    )
    gp = gp_of(text)
    assert len(gp.groups) == 2
    g0 = gp.groups[0]
    assert g0.exhaustive and g0.weights == tuple(
        NeuralWeight("net", (Struct("i1"),), i) for i in range(3)
    )
    assert [str(x) for x in g0.labels] == ["digit(i1,0)", "digit(i1,1)", "digit(i1,2)"]
    assert rules_text(text) >= {"digit(i1,2):-c0.2", "add(i1,i2,1):-digit(i1,0),digit(i2,1)"}


def test_binary_neural_fact() -> None:
    gp = gp_of("nn(net, [X]) :: good(X). ok :- good(a), good(a). query(ok).")
    (g,) = gp.groups
    assert not g.exhaustive and g.weights == (NeuralWeight("net", (Struct("a"),), 0),)


def test_explicit_queries_and_evidence() -> None:
    ast = parse("0.5::a(1). 0.5::a(2). b :- a(1).", "t.pl")
    gp = ground(ast, [parse_term("a(X)")], [(parse_term("b"), False)])
    # a(1) is ruled out by the evidence (b is a(1)), so ProbLog omits it.
    assert [str(q) for q in gp.queries] == ["a(2)"]
    assert [(str(a), v) for a, v in gp.evidence] == [("b", False)]


def test_findall_over_probabilistic_goal_enumerates_subsets() -> None:
    gp = gp_of("0.3::f(1). 0.4::f(2). f(3). g(L) :- findall(X, f(X), L). query(g(_)).")
    assert sorted(str(q) for q in gp.queries) == ["g([1, 2, 3])", "g([1, 3])", "g([2, 3])",
                                                   "g([3])"]
