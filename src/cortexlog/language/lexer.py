"""Tokenizer for ProbLog / DeepProbLog text: one master regex, one pass, no backtracking.

Tokens are plain tuples `(kind, value, start, layout_before, end)` for speed: `kind` is one of
the `K_*` constants, `value` the token text (or decoded value for numbers, quoted atoms and
strings), `start` the character offset and `layout_before` whether whitespace or a comment
precedes the token (needed for `f(` versus `f (` and for `-1` versus `- 1`), and `end`
the offset just after the token.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import Any

from cortexlog.errors import ParseError, SourceLocation

K_NAME = "name"  # unquoted atom: letters or symbol characters or a solo char (!, ;)
K_QNAME = "qname"  # quoted atom 'like this'
K_VAR = "var"
K_INT = "int"
K_FLOAT = "float"
K_STR = "str"  # "double quoted"
K_PUNCT = "punct"  # ( ) [ ] { } , |
K_END = "end"  # the '.' that ends a clause
K_EOF = "eof"

# The value's type follows the kind (str for names, variables and strings; int or float
# for numbers; None at the end), which a tuple type cannot say: hence Any.
Token = tuple[str, Any, int, bool, int]

_MASTER_TEMPLATE = r"""
    \s*(?:
    (?P<name>[a-z{lower}][A-Za-z0-9_{alnum}]*)
  | (?P<punct>[()\[\]{{}},|])
  | (?P<var>[A-Z_{upper}][A-Za-z0-9_{alnum}]*)
  | (?P<float>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)
  | (?P<char>0'(?:\\[^\n]|''|[^\\'\n]))
  | (?P<int>0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|\d+)
  | (?P<end>\.(?=\s|%|\Z))
  | (?P<comment>%[^\n]*|/\*.*?\*/)
  | (?P<bad>/\*)
  | (?P<sym>\?(?=::)|::(?=\\\+(?![+\-*\\^<>=~:.?@#&$/]))|(?:[+\-*\\^<>=~:.?@#&$]+|/(?!\*))+)
  | (?P<qname>'(?:[^'\\\n]|\\(?:x[0-9a-fA-F]+\\|[0-7]+\\|\n|[^\n])|'')*')
  | (?P<str>"(?:[^"\\\n]|\\(?:x[0-9a-fA-F]+\\|[0-7]+\\|\n|[^\n])|"")*")
  | (?P<solo>[!;])
  | (?P<eof>\Z)
  | (?P<other>.)
    )
    """
_MASTER = re.compile(_MASTER_TEMPLATE.format(lower="", upper="", alnum=""),
                     re.VERBOSE | re.DOTALL)


_CASED_LIMIT = 0x20000


def _char_class(chars: list[str]) -> str:
    """Write characters as the body of a regex class, runs of code points as ranges."""
    parts: list[str] = []
    i = 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and ord(chars[j + 1]) == ord(chars[j]) + 1:
            j += 1
        parts.append(re.escape(chars[i]) + ("-" + re.escape(chars[j]) if j > i else ""))
        i = j + 1
    return "".join(parts)


@functools.cache
def _unicode_master() -> re.Pattern[str]:
    """The master regex extended to letters of any script (built on first non-ASCII text).

    As in ProbLog (and Prolog): a lowercase letter starts an atom, an uppercase letter a
    variable, and names continue with `_`, ASCII digits and any cased letter.
    """
    # Every cased character lies below U+20000 (planes 2-16 hold CJK ideographs, tags and
    # private use only), so the scan stops there: ~20 ms instead of ~150 ms.
    cased = [c for c in map(chr, range(0x80, _CASED_LIMIT)) if c.islower() or c.isupper()]
    lower = [c for c in cased if c.islower() and c.isalpha()]
    upper = [c for c in cased if c.isupper() and c.isalpha()]
    pattern = _MASTER_TEMPLATE.format(
        lower=_char_class(lower), upper=_char_class(upper), alnum=_char_class(cased)
    )
    return re.compile(pattern, re.VERBOSE | re.DOTALL)


_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
    "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`", "e": "\x1b", "s": " ", "\n": "",
}
_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]+\\?|[0-7]+\\?|.)|''|\"\"", re.DOTALL)


class SourceText:
    """A program text with fast offset -> (line, col) conversion.

    Args:
        text: the program text.
        name: the file name used in error locations.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._line_starts: list[int] | None = None

    def location(self, offset: int) -> SourceLocation:
        """Return the 1-based file:line:col of a character offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        line = bisect_right(self._line_starts, offset)
        return SourceLocation(self.name, line, offset - self._line_starts[line - 1] + 1)

    def error(self, offset: int, message: str, hint: str | None = None) -> ParseError:
        """Build a ParseError located at a character offset."""
        return ParseError(message, self.location(offset), hint)


def _unescape(body: str, src: SourceText, start: int) -> str:
    """Decode the escapes of a quoted atom or string body (quotes already stripped)."""
    if "\\" not in body and "''" not in body and '""' not in body:
        return body

    def replace(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok in ("''", '""'):
            return tok[0]
        code = m.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        digits = code.rstrip("\\")
        if code[0] == "x" and len(digits) > 1:
            return chr(int(digits[1:], 16))
        if code[0] in "01234567":
            return chr(int(digits, 8))
        raise src.error(
            start + 1 + m.start(), f"unknown escape sequence '\\{code}' in quoted text",
            "write '\\\\' for a backslash; valid escapes: \\n \\t \\r \\\\ \\' \\\" \\xHH\\",
        )

    try:
        return _ESCAPE_RE.sub(replace, body)
    except (ValueError, OverflowError):
        raise src.error(start, "character code out of range in escape sequence") from None


def _char_code(text: str, src: SourceText, start: int) -> int:
    """Decode a `0'c` character code literal."""
    body = text[2:]
    if body == "''":
        return ord("'")
    return ord(_unescape(body, src, start + 1)) if body.startswith("\\") else ord(body)


def _unterminated(src: SourceText, pos: int) -> ParseError:
    """Explain a character the master regex could not start a token with."""
    ch = src.text[pos]
    if ch in "'\"":
        what = "quoted atom" if ch == "'" else "string"
        return src.error(
            pos, f"unterminated {what}: no closing {ch} on this line",
            f"close the {what} with {ch}; a quote inside it is written \\{ch} or {ch}{ch}",
        )
    if src.text.startswith("/*", pos):
        return src.error(pos, "unterminated block comment: '/*' without '*/'",
                         "close the comment with '*/'")
    if ch == "0":  # bad char code such as 0'
        return src.error(pos, "bad character code literal", "write 0'a for the code of a")
    return src.error(pos, f"unexpected character {ch!r}",
                     "remove it, or put it inside a quoted atom 'like this'")


def tokenize(src: SourceText) -> tuple[list[Token], set[str]]:
    """Split a text into tokens, ending with an EOF token.

    Args:
        src: the source text.

    Returns:
        The tokens, and the set of variable names the text uses.

    >>> toks, names = tokenize(SourceText("p(X, 'a b', -1.5).", "t"))
    >>> [t[1] for t in toks]
    ['p', '(', 'X', ',', 'a b', ',', '-', 1.5, ')', '.', None]
    >>> sorted(names)
    ['X']
    """
    tokens: list[Token] = []
    append = tokens.append
    var_names: set[str] = set()
    layout = True
    text = src.text
    master = _MASTER if text.isascii() else _unicode_master()
    for m in master.finditer(text):
        kind = m.lastgroup
        assert kind is not None  # every alternative of _MASTER is a named group
        start = m.start(kind)
        if start != m.start():
            layout = True
        if kind == "name" or kind == "punct" or kind == "sym" or kind == "solo":
            append((K_PUNCT if kind == "punct" else K_NAME, m.group(kind), start, layout,
                    m.end()))
        elif kind == "comment":
            layout = True
            continue
        elif kind == "var":
            value = m.group(kind)
            var_names.add(value)
            append((K_VAR, value, start, layout, m.end()))
        elif kind == "int":
            value = m.group(kind)
            base = 0 if len(value) > 2 and value[1] in "xob" else 10
            if len(value) > 4000:
                raise src.error(start, "integer literal too long (more than 4000 digits)")
            append((K_INT, int(value, base), start, layout, m.end()))
        elif kind == "float":
            append((K_FLOAT, float(m.group(kind)), start, layout, m.end()))
        elif kind == "end":
            append((K_END, ".", start, layout, m.end()))
        elif kind == "qname" or kind == "str":
            body = _unescape(m.group(kind)[1:-1], src, start)
            append((K_QNAME if kind == "qname" else K_STR, body, start, layout, m.end()))
        elif kind == "char":
            append((K_INT, _char_code(m.group(kind), src, start), start, layout, m.end()))
        elif kind == "eof":
            break
        else:
            raise _unterminated(src, start)
        layout = False
    append((K_EOF, None, len(text), layout, len(text)))
    if has_aggregates(text):
        tokens = _aggregate_terms(tokens)
    return tokens, var_names


def has_aggregates(text: str) -> bool:
    """Whether `text` may hold an aggregate head argument `name<Var>` (a cheap scan)."""
    return "<" in text and _AGGREGATE.search(text) is not None


#: ProbLog's aggregate head argument `avg<X>` (`name<Var>` without spaces).
_AGGREGATE = re.compile(r"[a-z][A-Za-z0-9_]*<[A-Z_][A-Za-z0-9_]*>")


def _aggregate_terms(tokens: list[Token]) -> list[Token]:
    """Rewrite each `name<Var>` argument (followed by `,` or `)`) as `'$aggregate'(name, Var)`.

    ProbLog reads `s(G, sum<X>) :- body.` as an aggregate over the body's solutions; the
    statement reader turns the term into that rule (see `language.statements`).
    """
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if (t[0] == K_NAME and t[1][0].isalpha() and i + 4 < n
                and tokens[i + 1][1] == "<" and tokens[i + 2][0] == K_VAR
                and tokens[i + 3][1] == ">" and tokens[i + 4][1] in (",", ")")
                and not any(tokens[i + k][3] for k in (1, 2, 3))):
            v = tokens[i + 2]
            out += [(K_NAME, "$aggregate", t[2], t[3], t[2]), (K_PUNCT, "(", t[2], False, t[2]),
                    (K_NAME, t[1], t[2], False, t[4]), (K_PUNCT, ",", t[4], False, t[4]),
                    (K_VAR, v[1], v[2], False, v[4]), (K_PUNCT, ")", v[4], False, v[4] + 1)]
            i += 4
            continue
        out.append(t)
        i += 1
    return out
