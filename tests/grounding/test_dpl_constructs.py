"""DeepProbLog constructs in grounding: `\\+` with several arguments (oracle: ProbLog),
tensor-valued networks `nn(net, Inputs, E)` and variable input lists (hand-derived ground
programs)."""

from __future__ import annotations

import pytest
from oracle import assert_matches_problog

from cortexlog.errors import GroundingError
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import ChoiceVar, NeuralWeight
from cortexlog.language import parse, parse_term
from cortexlog.language.terms import Struct, format_term

NEGATIONS = {
    "two_true": "a. b. c :- \\+(a, b). query(c).",
    "one_false": "a. c :- \\+(a, fail). query(c).",
    "three": "a. b. d. c :- \\+(a, b, d). e :- \\+(a, b, fail). query(c). query(e).",
    "probabilistic": "0.3::p. 0.6::q. g :- \\+(p, q). query(g).",
    "bindings": (
        ":- use_module(library(lists)).\n0.5::e(1, 2). 0.4::e(2, 3). 0.7::e(1, 3).\n"
        "n(X) :- member(X, [1, 2]), \\+(e(X, Y), Y > 2).\nquery(n(1)). query(n(2))."
    ),
    "nested": "0.3::p. 0.6::q. h :- \\+(\\+(p, q)). query(h).",
    "with_spaces": "0.3::p. 0.6::q. g :- \\+ (p, q). query(g).",
}


@pytest.mark.parametrize("name", sorted(NEGATIONS))
def test_negation_of_several_goals_matches_problog(name: str) -> None:
    assert_matches_problog(NEGATIONS[name])


def test_negation_reads_as_the_negated_conjunction() -> None:
    assert parse_term("\\+(a, b, c)") == parse_term("\\+((a, b, c))")
    quoted = parse_term("'\\\\+'(a, b)")  # a quoted functor keeps its two arguments
    assert isinstance(quoted, Struct) and quoted.arity == 2
    assert parse_term(format_term(quoted)) == quoted


TENSOR = """
nn(embed, [X], E) :: embedding(X, E).
nn(cls, [E], Y, [a, b]) :: cls(E, Y).
nn(pair, L, Y, [0, 1]) :: pair(L, Y).
q(X, Y) :- embedding(X, E), cls(E, Y).
both(X, Z, Y) :- embedding(X, E1), embedding(Z, E2), pair([E1, E2], Y).
"""


def test_tensor_network_output_is_a_deterministic_term() -> None:
    gp = ground(parse(TENSOR), [parse_term("q(img0, Y)")])
    out = parse_term("'$nn'(embed, [img0])")
    (group,) = gp.groups
    assert group.weights == (NeuralWeight("cls", (out,), 0), NeuralWeight("cls", (out,), 1))
    assert group.exhaustive
    rules = {format_term(r.head): r.body for r in gp.rules}
    assert set(rules) == {"q(img0,a)", "q(img0,b)",
                          "cls('$nn'(embed,[img0]),a)", "cls('$nn'(embed,[img0]),b)"}
    assert [lit.node for lit in rules["cls('$nn'(embed,[img0]),b)"]] == [ChoiceVar(0, 1)]
    # the embedding itself is certain: ground it as a query
    gp = ground(parse(TENSOR), [parse_term("embedding(img0, E)")])
    assert gp.groups == () and [r.body for r in gp.rules] == [()]
    assert gp.rules[0].head == parse_term("embedding(img0, '$nn'(embed, [img0]))")


def test_variable_input_list() -> None:
    gp = ground(parse(TENSOR), [parse_term("both(i, j, Y)")])
    e1, e2 = parse_term("'$nn'(embed, [i])"), parse_term("'$nn'(embed, [j])")
    (group,) = gp.groups
    assert group.weights == (NeuralWeight("pair", (e1, e2), 0), NeuralWeight("pair", (e1, e2), 1))
    assert format_term(group.labels[1]) == "pair(['$nn'(embed,[i]), '$nn'(embed,[j])],1)"


@pytest.mark.parametrize(("query", "message"), [
    ("pair(X, 1)", "input list of network 'pair'"),
    ("pair(img, 1)", "must be a list"),
    ("pair([A], 1)", "must be ground"),
    ("embedding(X, E)", "must be ground"),
])
def test_bad_network_inputs(query: str, message: str) -> None:
    with pytest.raises(GroundingError) as info:
        ground(parse(TENSOR, "m.pl"), [parse_term(query)])
    assert message in info.value.message
    assert info.value.location is not None and info.value.location.file == "m.pl"
