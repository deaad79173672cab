"""Worlds of the neural choices: calls, per-world answers against ProbLog-style brute force."""

from __future__ import annotations

import itertools

import pytest

from cortexlog import Program
from cortexlog.errors import CortexlogError
from cortexlog.language import parse, parse_term
from cortexlog.language.terms import Struct
from cortexlog.neural.worlds import WorldProgram

ADD = ("nn(net,[X],Y,[0,1,2]) :: digit(X,Y).\n"
       "add(X,Y,Z) :- digit(X,A), digit(Y,B), Z is A+B.\n")


def _q(text: str) -> Struct:
    t = parse_term(text)
    assert isinstance(t, Struct)
    return t


def test_calls_are_found_in_order() -> None:
    wp = WorldProgram(parse(ADD))
    calls = wp.calls(_q("add(a, b, Z)"))
    assert [str(c) for c in calls] == ["net(a)", "net(b)"]
    assert all(len(c.domain) == 3 for c in calls)


def test_answers_in_each_world_are_the_sum() -> None:
    wp = WorldProgram(parse(ADD))
    q = _q("add(a, b, Z)")
    calls = wp.calls(q)
    for w in itertools.product(range(3), repeat=2):
        assert wp.answers(q, calls, w) == {_q(f"add(a, b, {sum(w)})"): 1.0}
    before = wp.groundings
    wp.answers(q, calls, (1, 2))
    assert wp.groundings == before  # cached


def test_other_randomness_is_marginalised_exactly() -> None:
    text = ADD + ("0.3::bonus.\nscore(X,Y,S) :- add(X,Y,S0), bonus, S is S0+1.\n"
                  "score(X,Y,S) :- add(X,Y,S), \\+ bonus.\n")
    wp = WorldProgram(parse(text))
    q = _q("score(a, b, S)")
    calls = wp.calls(q)
    got = wp.answers(q, calls, (2, 1))
    assert got == pytest.approx({_q("score(a, b, 4)"): 0.3, _q("score(a, b, 3)"): 0.7})
    # agrees with exact inference where the network outputs are one-hot
    world = ("nn(net,[X],Y,[0,1,2]) :: digit(X,Y).\n", "digit(a,2). digit(b,1).\n")
    exact = Program.from_string(text.replace(*world) + "query(score(a,b,_)).").query()
    assert exact == pytest.approx({"score(a,b,4)": 0.3, "score(a,b,3)": 0.7})


def test_binary_neural_facts_are_true_or_false_choices() -> None:
    wp = WorldProgram(parse("nn(n,[X]) :: good(X).\nok(X,Y) :- good(X), \\+ good(Y).\n"))
    q = _q("ok(a, b)")
    calls = wp.calls(q)
    assert [c.domain for c in calls] == [(Struct("true"), Struct("false"))] * 2
    assert wp.answers(q, calls, (0, 1)) == {q: 1.0}
    assert wp.answers(q, calls, (0, 0)) == {}


def test_a_call_made_only_in_some_worlds_is_a_clear_error() -> None:
    text = ("nn(net,[X],Y,[0,1,2]) :: digit(X,Y).\n"
            "p(X,Y,Z) :- digit(X,A), (A =:= 1 -> digit(Y,Z) ; Z = A).\n")
    wp = WorldProgram(parse(text))
    q = _q("p(a, b, Z)")
    calls = wp.calls(q)  # value 1 is every network's 2nd value: both calls are found
    assert [str(c) for c in calls] == ["net(a)", "net(b)"]
    wp2 = WorldProgram(parse(text))
    with pytest.raises(CortexlogError, match="neural call in some worlds"):
        wp2.answers(q, calls[:1], (1,))
