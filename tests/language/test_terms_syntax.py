"""Term syntax: each construct parses to the exact hand-written term."""

import sys

import pytest

from cortexlog.errors import ParseError
from cortexlog.language import format_term, parse_term
from cortexlog.language.lexer import _CASED_LIMIT
from cortexlog.language.terms import NIL, Num, Str, Struct, Var, make_list

a, b, c = Struct("a"), Struct("b"), Struct("c")


def s(name: str, *args: object) -> Struct:
    return Struct(name, tuple(args))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("foo", Struct("foo")),
        ("'hello world'", Struct("hello world")),
        ("'it''s'", Struct("it's")),
        (r"'a\nb\\c\'d'", Struct("a\nb\\c'd")),
        (r"'\x41\\101\'", Struct("AA")),
        ("[]", NIL),
        ("'[]'", NIL),
        ("{}", Struct("{}")),
        ("!", Struct("!")),
        ("X", Var("X")),
        ("_Foo", Var("_Foo")),
        ("42", Num(42)),
        ("0x1F", Num(31)),
        ("1.5", Num(1.5)),
        ("1e-3", Num(0.001)),
        ("1.0e10", Num(1.0e10)),
        ("-1", Num(-1)),
        ("-2.5", Num(-2.5)),
        ("- 1", Num(-1)),  # ProbLog reads prefix minus on a number as the negative number
        ("- (1)", Num(-1)),
        ("- (-1)", Num(1)),
        ("- 1.5", Num(-1.5)),
        ("- a", s("-", a)),
        ("-(- 1)", s("-", Num(-1))),
        ("-(1)", s("-", Num(1))),
        ("-a", s("-", a)),
        ("0'a", Num(97)),
        ("0' ", Num(32)),
        (r"0'\n", Num(10)),
        ('"text"', Str("text")),
        (r'"say \"hi\""', Str('say "hi"')),
        ("f(a, g(b), X)", s("f", a, s("g", b), Var("X"))),
        ("[a, b | T]", make_list([a, b], Var("T"))),
        ("[a, [b]]", make_list([a, make_list([b])])),
        ("{a, b}", s("{}", s(",", a, b))),
        ("(a)", a),
    ],
)
def test_primary_terms(text: str, expected: object) -> None:
    assert parse_term(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a :- b, \\+ c", s(":-", a, s(",", b, s("\\+", c)))),
        ("X is Y + 1 * 2", s("is", Var("X"), s("+", Var("Y"), s("*", Num(1), Num(2))))),
        ("1 - 2 - 3", s("-", s("-", Num(1), Num(2)), Num(3))),
        ("2 ^ 3 ^ 4", s("^", Num(2), s("^", Num(3), Num(4)))),
        ("2 ** 3", s("**", Num(2), Num(3))),
        ("T =.. [f, X]", s("=..", Var("T"), make_list([Struct("f"), Var("X")]))),
        ("7 mod 2 // 3", s("//", s("mod", Num(7), Num(2)), Num(3))),
        ("a -> b ; c", s(";", s("->", a, b), c)),
        ("a , b ; c", s(";", s(",", a, b), c)),
        ("a ; b , c", s(";", a, s(",", b, c))),
        ("3-1", s("-", Num(3), Num(1))),
        ("3 -1", s("-", Num(3), Num(1))),
        ("a- -1", s("-", a, Num(-1))),
        ("- - a", s("-", s("-", a))),
        ("\\+ a = b", s("\\+", s("=", a, b))),
        ("f(-)", s("f", Struct("-"))),
        ("[-, +]", make_list([Struct("-"), Struct("+")])),
        ("- = a", s("=", Struct("-"), a)),
        ("(a :- b)", s(":-", a, b)),
        ("f((a, b))", s("f", s(",", a, b))),
        ("a:b:c", s(":", a, s(":", b, c))),
        ("p :: q", s("::", Struct("p"), Struct("q"))),
    ],
)
def test_operators(text: str, expected: object) -> None:
    assert parse_term(text) == expected


def test_comparisons_parse_left_to_right() -> None:
    term = parse_term("X =< 3, X >= 1, X \\== Y")
    assert term == s(",", s("=<", Var("X"), Num(3)),
                     s(",", s(">=", Var("X"), Num(1)), s("\\==", Var("X"), Var("Y"))))


def test_comments_are_layout() -> None:
    assert parse_term("f(a, % line\n /* block\n */ b)") == s("f", a, b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `/*` right after symbol characters starts a comment (ProbLog and SWI agree)
        ("0.3::/* comment */ b", s("::", Num(0.3), b)),
        ("a :-/* x */ b", s(":-", a, b)),
        ("1 =:=/**/1", s("=:=", Num(1), Num(1))),
        ("a+/* c */b", s("+", a, b)),
        ("a /* c */+/* d */ b", s("+", a, b)),
        # a `/` not followed by `*` stays a symbol character
        ("a/b", s("/", a, b)),
        ("a//b", s("//", a, b)),
        ("a/ /* c */b", s("/", a, b)),
    ],
)
def test_block_comment_after_symbol_chars(text: str, expected: Struct) -> None:
    assert parse_term(text) == expected


def test_anonymous_variables_are_distinct_and_fresh() -> None:
    term = parse_term("f(_, _, _G1, _G_1)")
    assert isinstance(term, Struct)
    x, y, g1, g_1 = term.args
    assert isinstance(x, Var) and isinstance(y, Var)
    assert len({x, y, g1, g_1}) == 4
    assert g1 == Var("_G1") and g_1 == Var("_G_1")


def test_integer_and_float_are_different() -> None:
    assert parse_term("1") != parse_term("1.0")
    assert parse_term("1") == Num(1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("café", Struct("café")),
        ("aé_ü1", Struct("aé_ü1")),
        ("ωmega_Ω2", Struct("ωmega_Ω2")),
        ("Été", Var("Été")),
        ("f(Ωx, ʰa)", s("f", Var("Ωx"), Struct("ʰa"))),
    ],
)
def test_letters_of_any_script(text: str, expected: object) -> None:
    """Lowercase letters start atoms and uppercase ones variables, in any script (as ProbLog)."""
    assert parse_term(text) == expected


@pytest.mark.parametrize("text", ["日本", "x²", "ǅx"])
def test_uncased_letters_are_rejected(text: str) -> None:
    """Letters without case (CJK), superscripts and titlecase start no name (as ProbLog)."""
    with pytest.raises(ParseError, match="unexpected character"):
        parse_term(text)


def test_unicode_scan_limit_covers_every_cased_character() -> None:
    """The lexer scans code points below `_CASED_LIMIT` only; no cased one lies beyond."""
    beyond = (chr(c) for c in range(_CASED_LIMIT, sys.maxunicode + 1))
    assert not any(ch.islower() or ch.isupper() for ch in beyond)


@pytest.mark.parametrize(
    ("term", "written"),
    [
        (s("-", a), "-a"),
        (s("-", s("-", a)), "- -a"),
        (s("-", Num(1)), "-(1)"),
        (s("-", Num(-1)), "-(-1)"),
        (s("-", s("-", Num(1))), "- -(1)"),
        (s("-", s("^", Num(2), Num(2))), "-(2^2)"),
        (s("-", s("^", a, Num(2))), "-a^2"),
        (s("^", s("-", a), Num(2)), "(-a)^2"),
        (s("-", s("=", a, b)), "-(a=b)"),
        (s("-", s(",", a, b)), "-((a, b))"),
        (s("-", Num(1), s("-", a)), "1- -a"),
        (s("\\", s("\\", a)), "\\ \\a"),
        (s("+", Struct("-")), "+(-)"),
        (s("f", s("-", a)), "f(-a)"),
    ],
)
def test_prefix_operators_are_written_and_read_back(term: Struct, written: str) -> None:
    """Prefix -, +, \\ are written in operator notation unless that would read back wrong."""
    assert format_term(term) == written
    assert parse_term(written) == term
