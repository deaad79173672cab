"""Prolog terms: the typed values every stage after parsing works on.

Terms are immutable and hashable. Atoms are `Struct`s with no arguments; lists are
`'.'/2` cells ending in the atom `[]`, as in ProbLog.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeGuard


@dataclass(frozen=True, slots=True)
class Var:
    """A logic variable, named as in the source (`_` names are made unique by the parser)."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True, eq=False)
class Num:
    """An integer or float constant. `1` and `1.0` are different terms, as in Prolog."""

    value: int | float

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Num)
            and type(self.value) is type(other.value)
            and self.value == other.value
        )

    def __hash__(self) -> int:
        return hash((Num, type(self.value), self.value))

    def __str__(self) -> str:
        return format_number(self.value)


def format_number(value: int | float) -> str:
    """The text of a number; integers of any size (beyond Python's 4300-digit str limit).

    >>> format_number(10**5000)[:4], len(format_number(10**5000))
    ('1000', 5001)
    """
    if type(value) is not int or -(10**4000) < value < 10**4000:
        return repr(value)
    sign, value = ("-", -value) if value < 0 else ("", value)
    chunks: list[str] = []
    while value:
        value, low = divmod(value, 10**1000)
        chunks.append(f"{low:01000d}" if value else str(low))
    return sign + "".join(reversed(chunks))


@dataclass(frozen=True, slots=True)
class Str:
    """A double-quoted string constant."""

    value: str

    def __str__(self) -> str:
        return '"' + _escape(self.value, '"') + '"'


@dataclass(frozen=True, slots=True)
class Struct:
    """A compound term `functor(args...)`, or an atom when `args` is empty."""

    functor: str
    args: tuple[Term, ...] = ()

    @property
    def arity(self) -> int:
        """Number of arguments."""
        return len(self.args)

    @property
    def signature(self) -> str:
        """The predicate indicator `name/arity`."""
        return f"{self.functor}/{len(self.args)}"

    def __str__(self) -> str:
        return format_term(self)


Term = Var | Num | Str | Struct

NIL = Struct("[]")
TRUE = Struct("true")


def make_list(items: Iterable[Term], tail: Term = NIL) -> Term:
    """Build a Prolog list term from Python items.

    Args:
        items: the elements, in order.
        tail: the list tail (the empty list by default).

    Returns:
        The list term.

    >>> str(make_list([Struct("a"), Num(1)]))
    '[a, 1]'
    """
    result = tail
    for item in reversed(list(items)):
        result = Struct(".", (item, result))
    return result


def iter_list(term: Term) -> Iterator[Term]:
    """Yield the elements of a proper or partial list (stops at the first non-cell tail)."""
    while isinstance(term, Struct) and term.functor == "." and len(term.args) == 2:
        yield term.args[0]
        term = term.args[1]


def list_tail(term: Term) -> Term:
    """Return what ends a list: `[]` for a proper list, else the partial tail."""
    while isinstance(term, Struct) and term.functor == "." and len(term.args) == 2:
        term = term.args[1]
    return term


def is_ground(term: Term) -> bool:
    """True when the term contains no variables."""
    if isinstance(term, Var):
        return False
    if isinstance(term, Struct):
        return all(is_ground(a) for a in term.args)
    return True


def term_vars(term: Term, out: dict[Var, None] | None = None) -> dict[Var, None]:
    """Return the variables of a term, in order of first occurrence (an ordered set)."""
    out = {} if out is None else out
    if isinstance(term, Var):
        out[term] = None
    elif isinstance(term, Struct):
        for a in term.args:
            term_vars(a, out)
    return out


# --- Writing terms as ProbLog writes them -------------------------------------------------

_PLAIN_ATOM = re.compile(r"^[a-z][A-Za-z0-9_]*$")
_SYMBOL_ATOM = re.compile(r"^[+\-*/\\^<>=~:.?@#&$]+$")
_SOLO_ATOMS = {"[]", "!", ";", "{}"}

# Infix operators and their (priority, type), the standard Prolog table ProbLog uses.
INFIX_OPS: dict[str, tuple[int, str]] = {
    ":-": (1200, "xfx"), "<-": (1200, "xfx"), "-->": (1200, "xfx"),
    ";": (1100, "xfy"), "|": (1100, "xfy"), "->": (1050, "xfy"), "*->": (1050, "xfy"),
    ",": (1000, "xfy"), "::": (1000, "xfx"),
    "=": (700, "xfx"), "\\=": (700, "xfx"), "==": (700, "xfx"), "\\==": (700, "xfx"),
    "@<": (700, "xfx"), "@>": (700, "xfx"), "@=<": (700, "xfx"), "@>=": (700, "xfx"),
    "=..": (700, "xfx"), "is": (700, "xfx"), "=:=": (700, "xfx"), "=\\=": (700, "xfx"),
    "<": (700, "xfx"), ">": (700, "xfx"), "=<": (700, "xfx"), ">=": (700, "xfx"),
    "=>": (700, "yfx"),  # ProbLog's table (used by library(aggregate)'s constraints)
    ":": (200, "xfy"),
    "+": (500, "yfx"), "-": (500, "yfx"), "/\\": (500, "yfx"), "\\/": (500, "yfx"),
    "xor": (500, "yfx"),
    "*": (400, "yfx"), "/": (400, "yfx"), "//": (400, "yfx"), "rem": (400, "yfx"),
    "mod": (400, "yfx"), "div": (400, "yfx"), "<<": (400, "yfx"), ">>": (400, "yfx"),
    "**": (200, "xfx"), "^": (200, "xfy"),
}
PREFIX_OPS: dict[str, tuple[int, str]] = {
    ":-": (1200, "fx"), "?-": (1200, "fx"), "\\+": (900, "fy"), "not": (900, "fy"),
    "-": (200, "fy"), "+": (200, "fy"), "\\": (200, "fy"),
    "dynamic": (1150, "fx"), "discontiguous": (1150, "fx"),
}


_SYMBOL_CHARS = frozenset("+-*/\\^<>=~:.?@#&$")
# Prefix operators written in operator notation (`-a`), as ProbLog prints `- a`.
_PREFIX_WRITTEN = frozenset({"-", "+", "\\"})


def _escape(text: str, quote: str) -> str:
    """Escape a quoted atom or string body so the parser reads it back unchanged."""
    text = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return text.replace("\n", "\\n").replace("\t", "\\t")


def format_atom(name: str) -> str:
    """Quote an atom name if Prolog syntax needs it.

    >>> format_atom("a"), format_atom("hello world"), format_atom(","), format_atom("+")
    ('a', "'hello world'", "','", '+')
    >>> format_atom("café"), format_atom("Été"), format_atom("日本")
    ('café', "'Été'", "'日本'")
    """
    if _PLAIN_ATOM.match(name) or name in _SOLO_ATOMS or _is_unicode_name(name):
        return name
    if _SYMBOL_ATOM.match(name) and name != "." and "/*" not in name:
        return name
    return "'" + _escape(name, "'") + "'"


def _is_unicode_name(name: str) -> bool:
    """True for a non-ASCII name the lexer reads as an unquoted atom, e.g. `café`."""
    if name.isascii() or not (name[0].isalpha() and name[0].islower()):
        return False
    return all(c == "_" or c.islower() or c.isupper() or "0" <= c <= "9" for c in name[1:])


def _is_operator_atom(term: Term) -> TypeGuard[Struct]:
    return (
        isinstance(term, Struct) and not term.args
        and (term.functor in INFIX_OPS or term.functor in PREFIX_OPS)
    )


def format_term(term: Term, max_priority: int = 999) -> str:
    """Write a term the way ProbLog prints query atoms, e.g. `add([a, b],[c, d],49)`.

    The output always reads back as the same term (spaces are added where ProbLog would
    glue two symbol tokens together, e.g. `a- -1`, and operator atoms used as operands are
    parenthesised, e.g. `(-)=a`).

    >>> format_term(Struct("add", (make_list([Struct("a")]), Num(49))))
    'add([a],49)'
    >>> format_term(Struct("-", (Struct("a"), Num(-1))))
    'a- -1'
    >>> format_term(Struct("-", (Struct("a"),))), format_term(Struct("-", (Num(1),)))
    ('-a', '-(1)')
    """
    if not isinstance(term, Struct):
        return str(term)
    name, args = term.functor, term.args
    if name == "." and len(args) == 2:
        return _format_list(term)
    if len(args) == 2 and name in INFIX_OPS and name != "|":
        return _format_infix(name, args, max_priority)
    if len(args) == 1 and name == "{}":
        return "{" + format_term(args[0], 1200) + "}"
    if len(args) == 1 and name in _PREFIX_WRITTEN:
        text = _format_prefix(name, args[0])
        if text is not None:
            return f"({text})" if PREFIX_OPS[name][0] > max_priority else text
    atom = format_atom(name)
    if not args:
        return atom
    if name == "\\+" and len(args) > 1:  # `\+(a, b)` would read as `\+((a, b))`
        atom = "'" + _escape(name, "'") + "'"
    return atom + "(" + ",".join(format_term(a) for a in args) + ")"


def format_query(atom: Term) -> str:
    r"""Write a query atom as ProbLog prints its answer key: `\+a` for a negated query.

    Args:
        atom: the ground query atom, `\+(A)` when the query is `query(\+ A)`.

    Returns:
        The key text; anything else is written by `format_term`.

    >>> format_query(Struct("\\+", (Struct("p", (Num(1),)),))), format_query(Struct("a"))
    ('\\+p(1)', 'a')
    """
    if isinstance(atom, Struct) and atom.functor == "$call" and len(atom.args) == 2:
        return format_query(atom.args[1])  # a query call's own answer atom (grounding)
    if isinstance(atom, Struct) and atom.functor == "\\+" and len(atom.args) == 1:
        inner = format_term(atom.args[0])
        return "\\+" + (" " if inner[0] in _SYMBOL_CHARS else "") + inner
    return format_term(atom)


def _format_prefix(name: str, arg: Term) -> str | None:
    """Write `-a`, `- -a`, `-(a=b)`; None when the functional form must stay (`-(1)`)."""
    if isinstance(arg, Num) or _is_operator_atom(arg):
        return None  # `-1` and `- 1` would read back as the number -1 (as in ProbLog)
    priority, kind = PREFIX_OPS[name]
    text = format_term(arg, priority if kind == "fy" else priority - 1)
    if text[0].isdigit() or text[0] == "(":
        return None  # `-2^2` would read back as (-2)^2, `-(a, b)` as a binary term
    if text[0] in _SYMBOL_CHARS:
        return f"{name} {text}"
    return name + text


def _format_list(term: Term) -> str:
    items = [format_term(x) for x in iter_list(term)]
    tail = list_tail(term)
    body = ", ".join(items)
    if tail != NIL:
        body += " | " + format_term(tail)
    return "[" + body + "]"


def _operand(term: Term, max_priority: int) -> str:
    if _is_operator_atom(term):
        return "(" + format_atom(term.functor) + ")"
    return format_term(term, max_priority)


def _format_infix(name: str, args: tuple[Term, ...], max_priority: int) -> str:
    priority, kind = INFIX_OPS[name]
    left_max = priority if kind[0] == "y" else priority - 1
    right_max = priority if kind[2] == "y" else priority - 1
    left = _operand(args[0], left_max)
    right = _operand(args[1], right_max)
    if name == ",":
        text = f"{left}, {right}"
    elif name == ";":
        text = f"{left}; {right}"
    elif name.isalpha():
        text = f"{left} {name} {right}"
    else:
        gap_left = " " if left[-1] in _SYMBOL_CHARS and name[0] in _SYMBOL_CHARS else ""
        gap_right = " " if right[0] in _SYMBOL_CHARS and name[-1] in _SYMBOL_CHARS else ""
        text = f"{left}{gap_left}{name}{gap_right}{right}"
    return f"({text})" if priority > max_priority else text
