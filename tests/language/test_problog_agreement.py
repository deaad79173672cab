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
# ProbLog reads `- a^2` as (-a)^2; we read -(a^2), as ISO does (see the last test).


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


def test_prefix_minus_binds_as_iso_not_as_problog() -> None:
    # `- a^2` is -(a^2) in ISO Prolog and in mathematics (fy 200 takes the xfy 200 term);
    # ProbLog reads (-a)^2, so its `X is - Y^2` with Y = 3 gives 9. cortexlog gives -9.
    import cortexlog
    from cortexlog.language.terms import Num, Struct

    a = Struct("a")
    assert parse_term("- a^2") == Struct("-", (Struct("^", (a, Num(2))),))
    assert parse_term("(- a)^2") == Struct("^", (Struct("-", (a,)), Num(2)))
    text = "q(X) :- Y = 3, X is - Y^2.\nquery(q(_)).\n"
    ours = {str(k): float(v) for k, v in cortexlog.Program.from_string(text).query().items()}
    assert ours == {"q(-9)": 1.0}
    from problog import get_evaluatable

    theirs = get_evaluatable().create_from(PrologString(text)).evaluate()
    assert {str(k): v for k, v in theirs.items()} == {"q(9)": 1.0}  # the documented difference
