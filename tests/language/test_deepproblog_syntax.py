"""DeepProbLog syntax in the AST: `t(p)` annotations, nn/3, variable input lists, and
`\\+` with several arguments (read as ProbLog's parser reads it)."""

from __future__ import annotations

import pytest
from problog.logic import Not
from problog.program import PrologString

from cortexlog.language import format_term, parse, parse_term
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD
from cortexlog.language.terms import Num, Struct, Var


def test_learnable_annotations() -> None:
    ast = parse("t(0.5)::coin(X). t(1/4)::r(a); t(3/4)::r(b). t(_)::n. t(0.2)::p :- q.")
    coin, ad, unknown, rule = ast.clauses
    assert isinstance(coin, Clause) and coin.prob == Struct("t", (Num(0.5),))
    assert isinstance(ad, AnnotatedDisjunction)
    assert [p for p, _ in ad.heads] == [Struct("t", (Num(0.25),)), Struct("t", (Num(0.75),))]
    assert isinstance(unknown, Clause) and unknown.prob is not None
    assert isinstance(unknown.prob, Struct) and isinstance(unknown.prob.args[0], Var)
    assert isinstance(rule, Clause) and rule.body == Struct("q")


def test_tensor_valued_and_variable_input_declarations() -> None:
    ast = parse("nn(embed, [X], E) :: embedding(X, E).\n"
                "nn(net, L, Y, [0, 1]) :: p(L, Y).\nnn(bin, [X]) :: b(X).")
    embed, var_list, binary = ast.clauses
    assert isinstance(embed, NeuralAD) and embed.tensor_valued
    assert embed.inputs == (Var("X"),) and embed.output == Var("E") and embed.domain == ()
    assert isinstance(var_list, NeuralAD) and not var_list.tensor_valued
    assert var_list.inputs == () and var_list.input_list == Var("L")
    assert isinstance(binary, NeuralAD) and not binary.tensor_valued and binary.output is None


def _problog_body(text: str) -> str:
    """ProbLog's reading of a clause body, printed."""
    (clause,) = list(PrologString(text))
    assert isinstance(clause.body, Not)
    return str(clause.body.args[0]).replace(" ", "")


@pytest.mark.parametrize("goal", ["\\+(a, b)", "\\+(a, b, c)", "\\+ (a, b)",
                                  "\\+(p(X), q(X, Y), Y > 2)", "\\+(a)"])
def test_negation_arguments_read_as_problog_reads_them(goal: str) -> None:
    ours = parse(f"x :- {goal}.").clauses[0]
    assert isinstance(ours, Clause)
    body = ours.body
    assert isinstance(body, Struct) and body.functor == "\\+" and body.arity == 1
    inner = format_term(body.args[0], 1200).replace(" ", "")
    assert inner.strip("()") == _problog_body(f"x :- {goal}.").strip("()")


def test_quoted_negation_keeps_its_arguments_and_reads_back() -> None:
    term = parse_term("'\\\\+'(a, b)")
    assert isinstance(term, Struct) and term.arity == 2
    assert parse_term(format_term(term)) == term
    negated = parse_term("\\+(a, b)")
    assert parse_term(format_term(negated)) == negated
