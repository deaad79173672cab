"""First smoke tests of the public parse API (hand-computed ASTs)."""

from cortexlog.language import parse, parse_term
from cortexlog.language.terms import TRUE, Num, Struct, Var


def test_fact_rule_query() -> None:
    ast = parse("0.5::coin(a). win :- coin(X), X = a. query(win).")
    assert ast.clauses[0].head == Struct("coin", (Struct("a"),))
    assert ast.clauses[0].prob == Num(0.5)
    assert ast.clauses[0].body == TRUE
    assert ast.clauses[1].body == Struct(
        ",", (Struct("coin", (Var("X"),)), Struct("=", (Var("X"), Struct("a"))))
    )
    assert ast.queries[0].atom == Struct("win")


def test_term_precedence() -> None:
    assert parse_term("1+2*3") == Struct("+", (Num(1), Struct("*", (Num(2), Num(3)))))
