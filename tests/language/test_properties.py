"""Property tests: format/parse round trip, and the parser never crashes on any text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from cortexlog.errors import CortexlogError
from cortexlog.language import format_term, parse, parse_term
from cortexlog.language.terms import INFIX_OPS, PREFIX_OPS, Num, Str, Struct, Term, Var

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    "\n\t'\"\\"), max_size=8)
_ATOM_NAMES = st.one_of(
    st.from_regex(r"[a-z][A-Za-z0-9_]{0,6}", fullmatch=True),
    st.from_regex(r"[+\-*/\\^<>=~:.?@#&$]{1,3}", fullmatch=True),
    st.sampled_from(["[]", "{}", "!", ";", ",", "|", ".", "a b", "A", "1", "", "don't"]),
    st.sampled_from(sorted(INFIX_OPS) + sorted(PREFIX_OPS)),
    _TEXT,
)
_VARS = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,5}|_[A-Za-z0-9_]{1,5}", fullmatch=True).map(Var)
_NUMS = st.one_of(
    st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False)
).map(Num)
_LEAVES = st.one_of(_ATOM_NAMES.map(Struct), _VARS, _NUMS, _TEXT.map(Str))


def _compounds(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
    return st.one_of(
        st.builds(lambda f, a: Struct(f, tuple(a)), _ATOM_NAMES,
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda f, x, y: Struct(f, (x, y)), st.sampled_from(sorted(INFIX_OPS)),
                  children, children),
        st.builds(lambda f, x: Struct(f, (x,)), st.sampled_from(sorted(PREFIX_OPS)), children),
        st.builds(lambda x, y: Struct(".", (x, y)), children, children),
        st.builds(lambda x: Struct("{}", (x,)), children),
    )


TERMS = st.recursive(_LEAVES, _compounds, max_leaves=12)


@settings(derandomize=True, max_examples=500, deadline=None)
@given(TERMS)
def test_format_then_parse_is_identity(term: Term) -> None:
    text = format_term(term)
    assert parse_term(text) == term, text


@settings(derandomize=True, max_examples=500, deadline=None)
@given(st.text(max_size=60) | st.text("abXY_01.:-,;()[]{}|'\"%/*\\ \n=+<>!", max_size=60))
def test_arbitrary_text_parses_or_raises_cortexlog_error(text: str) -> None:
    try:
        parse(text)
    except CortexlogError:
        pass


VALID = """% a valid program
:- use_module(library(lists)).
0.3::stress(X) :- person(X).
0.2::influences(X, Y) :- person(X), person(Y), X \\= Y.
1/3::red; 1/3::green; 1/3::blue.
nn(mnist_net, [X], Y, [0, 1, 2, 3]) :: digit(X, Y).
add(X, Y, Z) :- digit(X, A), digit(Y, B), Z is A + B * 2 - (-1).
person('Ann'). person("bob"). p([a, b | T], {c}, 0'x, 1.5e3).
/* block */ query(smokes(_)). evidence(stress(ann), false).
"""


@settings(derandomize=True, max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.integers(0, 3),
                          st.sampled_from(list(".,;:()[]{}|'\"%*/\\- \nXa0_::"))), max_size=4))
def test_mutated_programs_parse_or_raise_cortexlog_error(
    edits: list[tuple[int, int, str]],
) -> None:
    text = VALID
    for pos, cut, char in edits:
        text = text[:pos] + char + text[pos + cut:]
    try:
        parse(text)
    except CortexlogError:
        pass


def test_valid_program_parses() -> None:
    ast = parse(VALID)
    assert len(ast.clauses) == 8 and len(ast.queries) == 1 and len(ast.evidence) == 1
