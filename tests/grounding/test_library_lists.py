"""library(lists) predicates written in Prolog where ProbLog cannot be the oracle.

ProbLog 2.3's append/2 does not terminate and its min_member/2 returns the first element's
rival instead of the minimum, so these are checked against hand-computed answers.
"""

from __future__ import annotations

import cortexlog

PROGRAM = "\n".join([
    ":- use_module(library(lists)).",
    "0.4::ls([[1], [2, 3], []]). 0.5::ls([[a, b]]).",
    "j(J) :- ls(L), append(L, J).",
    "0.5::l([c, a, b, a]). 0.25::l([z, 1, f(x)]).",
    "low(M) :- l(L), min_member(L, M).",
    "query(j(_)). query(low(_)).",
])


def test_append2_and_min_member() -> None:
    """append/2 concatenates a list of lists; min_member(List, Min) takes the standard-order min."""
    answers = cortexlog.Program.from_string(PROGRAM).query()
    assert answers == {"j([1, 2, 3])": 0.4, "j([a, b])": 0.5, "low(a)": 0.5, "low(1)": 0.25}


def test_own_definition_overrides_the_library() -> None:
    """A program that defines permutation/2 itself keeps only its own clauses."""
    text = ":- use_module(library(lists)).\npermutation(_, mine).\nquery(permutation([1], _))."
    assert cortexlog.Program.from_string(text).query() == {"permutation([1],mine)": 1.0}
