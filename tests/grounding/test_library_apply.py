"""library(apply): maplist/2..5, include/3, exclude/3, partition/4,5, foldl/4..6, convlist,
scanl, foldl_noinit, checked against ProbLog (probabilistic arguments included)."""

from __future__ import annotations

import pytest
from helpers import gp_of
from oracle import assert_matches_problog

from cortexlog.errors import GroundingError

MAPLIST_FOLDL_INCLUDE = "\n".join([
    ':- use_module(library(apply)).',
    '0.5::ok(1). 0.6::ok(2). ok(3).',
    'big(X) :- X > 1.',
    'add(X, Y, Z) :- Z is X + Y.',
    'add3(X, Y, Z, W) :- W is X + Y + Z.',
    'add4(X, Y, Z, V, W) :- W is X + Y + Z + V.',
    'sum3(X, Y, A0, A) :- A is A0 + X * Y.',
    'sum4(X, Y, Z, A0, A) :- A is A0 + X * Y * Z.',
    'pick(X, Y) :- ok(X), Y is X * 10.',
    'a1 :- maplist(ok, [1, 2]).',
    'a2(L) :- maplist(pick, [1, 2, 3], L).',
    'a3(L) :- maplist(add, [1, 2], [10, 20], L).',
    'a4(L) :- maplist(add3, [1, 2], [10, 20], [100, 200], L).',
    'i(L) :- include(ok, [1, 2, 3], L).',
    'e(L) :- exclude(ok, [1, 2, 3], L).',
    'p(I, E) :- partition(big, [1, 2, 3], I, E).',
    'pp(I, E) :- partition(ok, [1, 2], I, E).',
    'f(S) :- foldl(add, [1, 2, 3], 0, S).',
    'f5(S) :- foldl(sum3, [1, 2], [3, 4], 0, S).',
    'f6(S) :- foldl(sum4, [1, 2], [3, 4], [5, 6], 0, S).',
    'm(L) :- maplist(add(1), [1, 2, 3], L).',
    'query(a1). query(a2(_)). query(a3(_)). query(a4(_)). query(i(_)). query(e(_)).',
    'query(p(_, _)). query(pp(_, _)). query(f(_)). query(f5(_)). query(f6(_)). query(m(_)).',
])

PARTITION5_CONVLIST_SCANL = "\n".join([
    ':- use_module(library(apply)).',
    '0.5::ok(1). 0.6::ok(2).',
    'cmp(X, <) :- X < 2. cmp(X, =) :- X =:= 2. cmp(X, >) :- X > 2.',
    'half(X, Y) :- 0 is X mod 2, Y is X // 2.',
    'add(X, Y, Z) :- Z is X + Y.',
    'add3(X, Y, A0, A) :- A is A0 + X + Y.',
    'q5(L, E, G) :- partition(cmp, [1, 2, 3, 2], L, E, G).',
    'c(L) :- convlist(half, [1, 2, 3, 4], L).',
    's(L) :- scanl(add, [1, 2, 3], 0, L).',
    's5(L) :- scanl(add3, [1, 2], [10, 20], 0, L).',
    'n(S) :- foldl_noinit(add, [1, 2, 3], S).',
    'query(q5(_, _, _)). query(c(_)). query(s(_)). query(s5(_)). query(n(_)).',
])


@pytest.mark.parametrize("text", [MAPLIST_FOLDL_INCLUDE, PARTITION5_CONVLIST_SCANL])
def test_apply_matches_problog(text: str) -> None:
    assert_matches_problog(text)


def test_program_definitions_override_the_library() -> None:
    text = (
        ":- use_module(library(apply)).\n"
        "maplist(_, L) :- L = [only].\n"
        "ok(L) :- maplist(foo, L).\n"
        "query(ok(_))."
    )
    assert [str(q) for q in gp_of(text).queries] == ["ok([only])"]


def test_apply_needs_use_module() -> None:
    with pytest.raises(GroundingError) as info:
        gp_of("ok(X) :- maplist(ok, [X]).\nquery(ok(_)).")
    assert "unknown predicate maplist/2" in info.value.message
    assert info.value.hint is not None and "use_module(library(apply))" in info.value.hint
