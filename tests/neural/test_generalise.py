"""Grounding a query pattern through its generalisation gives the same ground program."""

from __future__ import annotations

from tests.addition_patterns import addition_queries, program_text

from cortexlog.grounding import ground
from cortexlog.language import parse
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.generalise import generalise_queries, least_general_generalisation
from cortexlog.neural.pattern import ground_pattern


def test_lgg_keeps_shared_structure_and_reuses_variables() -> None:
    a = Struct("p", (Num(1), Num(1), Struct("x")))
    b = Struct("p", (Num(2), Num(2), Struct("x")))
    g = least_general_generalisation([a, b])
    assert isinstance(g, Struct) and g.args[0] == g.args[1] and g.args[2] == Struct("x")


def test_generalised_pattern_grounding_equals_per_query_grounding() -> None:
    ast = parse(program_text(1))
    queries = addition_queries(1)
    per_query = ground(ast, queries=list(queries), evidence=[])
    together = ground_pattern(ast, queries)
    assert set(together.rules) == set(per_query.rules)
    assert together.queries == tuple(queries)


def test_requested_atom_without_proof_stays_a_query() -> None:
    ast = parse("0.5::a(1). 0.5::a(2). p(X) :- a(X).")
    qs = [Struct("p", (Num(1),)), Struct("p", (Num(3),))]
    gp = ground_pattern(ast, qs)
    assert gp.queries == tuple(qs)
    assert [str(t) for t in generalise_queries(qs)] == ["p(_LGG0)"]
