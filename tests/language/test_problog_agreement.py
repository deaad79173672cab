"""format_term agrees with ProbLog's own term printing, and parse agrees with its parser."""

import pytest
from problog.program import PrologString

from cortexlog.language import format_term, parse, parse_term

COMMON = [
    "add([a,b],[c,d],49)", "p(a-b)", "p((a,b))", "p(1+2*3)", "p(-(1))", "p(-1)",
    "p(f(x,Y))", "p(\"s\")", "p('A b')", "p(a*(b+c))", "p(a-(b-c))", "p(a-b-c)",
    "p(a=b)", "p(a mod b)", "p(1.5)", "p([1,2,3])", "p([])", "p(',')",
    "p(X is 1/6)", "p([a|T])", "p(2^3^4)", "p((2^3)^4)", "p(\\+(a))", "p(f(:-))",
    "p(- a)", "p(f(- b))", "p(- a * b)", "p(\\ a)", "p(- f(x))", "p(- 1)", "p(- (-1))",
    "p(- 'A')", "p(- a^2)", "p(1 - a)", "p(- [a])", "p(-(1.5))",
]


# Deliberate differences (ProbLog's output would not read back): ProbLog prints
# `p(a; b)` for p((a;b)) and `a--1` for a-(-1); we print `p((a; b))` and `a- -1`.
# ProbLog also prints a prefix-operator term the way the source wrote it (`- a` as `-a` but
# `-(a)` as `-(a)`); we always write `-a` (ISO writeq), and `-(1)` when the argument is a
# number or the result would read back differently (`-(2^2)`, `-(a=b)`).


@pytest.mark.parametrize("text", COMMON)
def test_format_term_matches_problog(text: str) -> None:
    (clause,) = list(PrologString(text + "."))
    assert format_term(parse_term(text)) == str(clause)


def test_parse_reads_problogs_printed_clauses_back() -> None:
    text = (
        "0.3::a. 0.2::b; 0.5::c :- a. d :- a, \\+ b. e(X) :- member(X, [1, 2]), X > 1.\n"
        "1/4::f(1). g :- (a ; b), (c -> d ; e).\n"
    )
    ours = parse(text)
    printed = ". ".join(str(c) for c in PrologString(text)) + "."
    again = parse(printed)
    strip = [(type(c), getattr(c, "heads", None) or c.head, c.body,  # type: ignore[union-attr]
              getattr(c, "prob", None)) for c in ours.clauses]
    strip_again = [(type(c), getattr(c, "heads", None) or c.head, c.body,  # type: ignore[union-attr]
                    getattr(c, "prob", None)) for c in again.clauses]
    assert strip == strip_again
