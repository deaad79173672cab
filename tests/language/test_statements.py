"""Statements: clauses, probabilistic facts, ADs, neural ADs, queries, evidence, directives."""

import os
from pathlib import Path

import pytest

from cortexlog.errors import ParseError, SourceLocation
from cortexlog.language import parse, parse_file
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD
from cortexlog.language.terms import TRUE, Num, Struct, Var, make_list

a, b, c = Struct("a"), Struct("b"), Struct("c")


def s(name: str, *args: object) -> Struct:
    return Struct(name, tuple(args))  # type: ignore[arg-type]


def only(text: str) -> object:
    ast = parse(text)
    assert len(ast.clauses) == 1
    return ast.clauses[0]


def test_fact_and_rules() -> None:
    ast = parse("a.\nb :- a, \\+ c.\nc <- a.\n", "prog.pl")
    assert ast.clauses == (
        Clause(a, TRUE, SourceLocation("prog.pl", 1, 1)),
        Clause(b, s(",", a, s("\\+", c)), SourceLocation("prog.pl", 2, 1)),
        Clause(c, a, SourceLocation("prog.pl", 3, 1)),
    )
    assert ast.source_name == "prog.pl"


def test_probabilistic_fact_number_and_expression() -> None:
    assert only("0.3::a.") == Clause(a, TRUE, SourceLocation("<string>", 1, 1), Num(0.3))
    assert only("1/6::a.").prob == Num(1 / 6)  # type: ignore[attr-defined]
    assert only("0.5*0.2::a.").prob == Num(0.5 * 0.2)  # type: ignore[attr-defined]
    assert only("1::a.").prob == Num(1.0)  # type: ignore[attr-defined]


def test_probabilistic_rule_with_variable_probability() -> None:
    clause = only("P::a(P) :- b(P).")
    assert clause == Clause(
        s("a", Var("P")), s("b", Var("P")), SourceLocation("<string>", 1, 1), Var("P")
    )


def test_annotated_disjunctions() -> None:
    ad = only("0.2::a; 0.3::b :- c.")
    assert ad == AnnotatedDisjunction(
        ((Num(0.2), a), (Num(0.3), b)), c, SourceLocation("<string>", 1, 1)
    )
    fact_ad = only("1/3::a; 1/3::b; 1/3::c.")
    assert isinstance(fact_ad, AnnotatedDisjunction)
    assert [h for _, h in fact_ad.heads] == [a, b, c]
    assert fact_ad.body == TRUE


def test_neural_ad_and_neural_fact() -> None:
    nad = only("nn(mnist_net, [X], Y, [0, 1, 2]) :: digit(X, Y).")
    assert nad == NeuralAD(
        "mnist_net", (Var("X"),), Var("Y"), (Num(0), Num(1), Num(2)),
        s("digit", Var("X"), Var("Y")), TRUE, SourceLocation("<string>", 1, 1),
    )
    nfact = only("nn(edge_net, [A, B]) :: edge(A, B) :- node(A).")
    assert nfact == NeuralAD(
        "edge_net", (Var("A"), Var("B")), None, (), s("edge", Var("A"), Var("B")),
        s("node", Var("A")), SourceLocation("<string>", 1, 1),
    )


def test_queries_evidence_directives() -> None:
    ast = parse(
        ":- use_module(library(lists)).\n:- use_module(library(apply)).\n"
        "query(a). query(b(_)).\nevidence(a). evidence(b, false). evidence(\\+ c).\n"
        "evidence(\\+ c, false).\n"
    )
    assert ast.libraries == frozenset({"lists", "apply"})
    assert [d.goal for d in ast.directives] == [
        s("use_module", s("library", Struct("lists"))),
        s("use_module", s("library", Struct("apply"))),
    ]
    assert [q.atom.functor for q in ast.queries] == ["a", "b"]  # type: ignore[union-attr]
    assert [(e.atom, e.value) for e in ast.evidence] == [
        (a, True), (Struct("b"), False), (c, False), (c, True)
    ]
    assert ast.queries[1].location == SourceLocation("<string>", 3, 11)
    assert ast.clauses == ()


def test_locations_after_comments_and_blank_lines() -> None:
    ast = parse("% header\n\n/* block\ncomment */  a. b.\n")
    assert [cl.location for cl in ast.clauses] == [
        SourceLocation("<string>", 4, 13), SourceLocation("<string>", 4, 16)
    ]


def test_parse_file_uses_path_as_given(tmp_path: Path) -> None:
    path = tmp_path / "p.pl"
    path.write_text("0.5::a.\nquery(a).\n", encoding="utf-8")
    ast = parse_file(path)
    assert ast.source_name == os.fspath(path)
    assert ast.queries[0].location == SourceLocation(os.fspath(path), 2, 1)


def test_list_terms_in_clauses() -> None:
    clause = only("add([a, b], [c], 49).")
    assert clause.head == s(  # type: ignore[attr-defined]
        "add", make_list([a, b]), make_list([c]), Num(49)
    )


def test_end_token_needs_layout() -> None:
    ast = parse("p(1.5). q.%c\nr.")
    assert [cl.head.functor for cl in ast.clauses] == ["p", "q", "r"]  # type: ignore[union-attr]
    with pytest.raises(ParseError, match="does not end a clause") as info:
        parse("p.q.")
    assert info.value.location == SourceLocation("<string>", 1, 2)


def test_dynamic_and_discontiguous_prefix_directives() -> None:
    ast = parse(":- dynamic foo/1, bar/2.\n:- discontiguous(p/1).\np(dynamic).\n")
    assert ast.directives[0].goal == s(
        "dynamic", s(",", s("/", Struct("foo"), Num(1)), s("/", Struct("bar"), Num(2)))
    )
    assert ast.directives[1].goal == s("discontiguous", s("/", Struct("p"), Num(1)))
    assert ast.clauses[0].head == s("p", Struct("dynamic"))  # type: ignore[union-attr]
