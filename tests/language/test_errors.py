"""Error paths: each error names file:line:col, what was found/expected, and hints."""

import pytest

from cortexlog.errors import CortexlogError, ParseError, ProgramError, SourceLocation
from cortexlog.language import parse, parse_file, parse_term

CASES = [
    # missing final '.'
    ("a :- b", ParseError, (1, 7), "missing '.' at the end of the last clause"),
    ("a :- b\nc.\n", ParseError, (1, 7), "missing '.' at the end of the clause"),
    ("p(X) :- q(X)\n\np(1).", ParseError, (1, 13), "missing '.'"),
    ("a.\nb", ParseError, (2, 2), "missing '.'"),
    ("p.q.", ParseError, (1, 2), "does not end a clause"),
    # unbalanced brackets: the unclosed opener, or the stray closer
    ("p(a, b.\nq.", ParseError, (1, 2), "unbalanced '(': it is never closed"),
    ("p(a)).", ParseError, (1, 5), "unbalanced ')': no matching '('"),
    ("x :- [a, b.", ParseError, (1, 6), "unbalanced '[': it is never closed"),
    ("p(a].", ParseError, (1, 2), "unbalanced '('"),
    ("a :- (b, c.", ParseError, (1, 6), "unbalanced '('"),
    ("q :- {a.", ParseError, (1, 6), "unbalanced '{'"),
    ("q] .", ParseError, (1, 2), "unbalanced ']'"),
    # unterminated quoted text and comments
    ("p('abc).\nq.", ParseError, (1, 3), "unterminated quoted atom"),
    ('p("abc).', ParseError, (1, 3), "unterminated string"),
    ("a.\n  /* never closed\nb.", ParseError, (2, 3), "unterminated block comment"),
    (r"p('\q').", ParseError, (1, 4), "unknown escape sequence"),
    # probabilities
    ("1.5::a.", ProgramError, (1, 1), "outside [0, 1]"),
    ("a.\n-0.1::b :- a.", ProgramError, (2, 1), "outside [0, 1]"),
    ("7/6::a.", ProgramError, (1, 1), "outside [0, 1]"),
    ("foo::a.", ProgramError, (1, 1), "is not a number"),
    ("0.6::a; 0.5::b.", ProgramError, (1, 1), "sum to 1.1 > 1"),
    ("b.\n0.5::a; 0.5::c; 0.1::d :- b.", ProgramError, (2, 1), "sum to"),
    ("0.5::a; 2::b.", ProgramError, (1, 1), "outside [0, 1]"),
    ("0.5::a; b.", ProgramError, (1, 1), "has no probability"),
    # directives
    (":- foo.", ProgramError, (1, 1), "unknown directive :- foo"),
    ("a.\n:- use_module(library(nope)).", ProgramError, (2, 1), "unknown library"),
    (":- use_module('x.pl').", ProgramError, (1, 1), "unknown library"),
    (":- use_module('no_such_lib.py').", ProgramError, (1, 1), "use_module/1: file not found"),
    (":- use_module(library(db)).\n:- sqlite_load('none.sqlite').", ProgramError, (2, 1),
     "sqlite_load/1: file not found"),
    ("?- a.", ProgramError, (1, 1), "'?-' queries are not statements"),
    # heads that are not callable
    ("3 :- a.", ProgramError, (1, 1), "clause head 3 is a number"),
    ("X :- a.", ProgramError, (1, 1), "clause head X is a variable"),
    ("0.5::3.", ProgramError, (1, 1), "is a number"),
    ('"s".', ProgramError, (1, 1), "is a string"),
    ("(a, b) :- c.", ProgramError, (1, 1), "control construct"),
    ("query(X).", ProgramError, (1, 1), "is a variable"),
    ("evidence(a, maybe).", ProgramError, (1, 1), "evidence value must be true or false"),
    ("query(3) :- b.", ProgramError, (1, 1), "is a number"),
    ("evidence(a, maybe) :- b.", ProgramError, (1, 1), "evidence value must be true or false"),
    ("evidence(\\+ a, V) :- b(V).", ProgramError, (1, 1), "negates an atom"),
    # operator priority clashes
    ("x :- a = b = c.", ParseError, (1, 12), "operator priority clash"),
    ("p(a :- b).", ParseError, (1, 5), "operator priority clash: ':-' (priority 1200)"),
    ("p :- X is 1 * .", ParseError, (1, 15), "expected a term"),
    ("a :- b :- c.", ParseError, (1, 8), "operator priority clash"),
    # bad nn declarations
    ("nn(net, [X], Y, [1], z) :: d(X, Y).", ProgramError, (1, 1),
     "bad neural declaration nn/5"),
    ("nn(net, [X], Y, 3) :: d(X, Y).", ProgramError, (1, 1), "domain of nn(...) must be a list"),
    ("nn(net, f(X), Y, [1]) :: d(X, Y).", ProgramError, (1, 1),
     "inputs of nn(...) must be a list"),
    ("nn(net, [X], 3, [1]) :: d(X).", ProgramError, (1, 1), "output of nn(...) must be a var"),
    # bad learnable probabilities
    ("t(0.5, f(X))::a(X).", ProgramError, (1, 1), "expected t(p), t(_) or t(p, X, ...)"),
    ("t(1.5)::a.", ProgramError, (1, 1), "outside [0, 1]"),
    ("t(f(X))::a(X).", ProgramError, (1, 1), "initial value of t(f(X)) is not ground"),
    ("t(0.5)::a; t(0.6)::b.", ProgramError, (1, 1), "sum to 1.1"),
    ("nn(N, [X], Y, [1]) :: d(X, Y).", ProgramError, (1, 1), "network name"),
    ("nn(n, [X], Y, []) :: d(X, Y).", ProgramError, (1, 1), "domain of nn(...) is empty"),
    ("nn(n, [X]) :: d(X); 0.5::e.", ProgramError, (1, 1), "inside an annotated disjunction"),
    # stray characters and tokens
    ("a :- b ` c.", ParseError, (1, 8), "unexpected character '`'"),
    ("a :- , b.", ParseError, (1, 6), "expected a term"),
    ("a b.", ParseError, (1, 3), "unexpected 'b'"),
]


@pytest.mark.parametrize(("text", "cls", "where", "message"), CASES)
def test_error_message_and_location(
    text: str, cls: type[CortexlogError], where: tuple[int, int], message: str
) -> None:
    with pytest.raises(cls) as info:
        parse(text, "prog.pl")
    err = info.value
    assert err.location == SourceLocation("prog.pl", *where), err.render()
    assert message in err.message, err.render()
    assert err.render().startswith(f"prog.pl:{where[0]}:{where[1]}: error: ")


def test_hints_are_given() -> None:
    with pytest.raises(ParseError) as info:
        parse("a :- b")
    assert "every clause ends with '.'" in (info.value.hint or "")
    with pytest.raises(ProgramError) as perr:
        parse(":- use_module(library(nope)).")
    assert "lists" in (perr.value.hint or "")
    with pytest.raises(ParseError) as clash:
        parse("x :- a = b = c.")
    assert "parentheses" in (clash.value.hint or "")


def test_parse_term_errors() -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_term("   ")
    with pytest.raises(ParseError) as info:
        parse_term("f(a) g")
    assert info.value.location == SourceLocation("<string>", 1, 6)


def test_parse_file_missing() -> None:
    with pytest.raises(ParseError, match="cannot read program file"):
        parse_file("/nonexistent/dir/prog.pl")
