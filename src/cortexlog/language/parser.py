"""Prolog operator-precedence parser: tokens -> terms, using the tables in `terms.py`.

Follows ISO Prolog with SWI-style leniency: a prefix operator whose priority exceeds the
context still applies (its argument is parsed at the context's maximum), and an operator
standing alone (`f(-)`, `[+, -]`, `(-) = X`) is an ordinary atom. Quoted atoms are never
operators. As in ProbLog, `\\+(a, b)` is the negation of a conjunction: `\\+((a, b))`.
"""

from __future__ import annotations

from cortexlog.errors import ParseError
from cortexlog.language.lexer import (
    K_END,
    K_EOF,
    K_FLOAT,
    K_INT,
    K_NAME,
    K_PUNCT,
    K_QNAME,
    K_STR,
    K_VAR,
    SourceText,
    Token,
)
from cortexlog.language.terms import INFIX_OPS, NIL, PREFIX_OPS, Num, Str, Struct, Term, Var

_CLOSERS = {")": "(", "]": "[", "}": "{"}
_START_KINDS = {K_NAME, K_QNAME, K_VAR, K_INT, K_FLOAT, K_STR}
_PAREN_HINT = "wrap the term in parentheses"


def _show(tok: Token) -> str:
    """Describe a token for an error message."""
    kind, value = tok[0], tok[1]
    if kind == K_EOF:
        return "end of file"
    if kind == K_END:
        return "end of clause '.'"
    if kind == K_QNAME:
        return f"atom '{value}'"
    if kind == K_STR:
        return f'string "{value}"'
    return f"'{value}'"


def _conjunction(goals: tuple[Term, ...]) -> Term:
    """`(g1, (g2, ...))` of two or more goals.

    >>> str(_conjunction((Struct("a"), Struct("b"), Struct("c"))))
    '(a, b, c)'
    """
    out = goals[-1]
    for g in reversed(goals[:-1]):
        out = Struct(",", (g, out))
    return out


class TermParser:
    """Parse terms from a token list (the whole text, tokenized once).

    Args:
        src: the source text (for error locations).
        tokens: the tokens, ending with EOF.
        var_names: the variable names the text uses (fresh `_` names avoid them).
    """

    def __init__(self, src: SourceText, tokens: list[Token], var_names: set[str]) -> None:
        self.src = src
        self.toks = tokens
        self.pos = 0
        prefix = "_G"
        while any(name.startswith(prefix) for name in var_names):
            prefix += "_"
        self._anon_prefix = prefix
        self._anon_count = 0

    # --- errors -----------------------------------------------------------------------

    def error_at(self, tok: Token, message: str, hint: str | None = None) -> ParseError:
        """A ParseError located at the start of a token."""
        return self.src.error(tok[2], message, hint)

    def _unclosed(self, opener: Token, found: Token) -> ParseError:
        closer = {"(": ")", "[": "]", "{": "}"}[str(opener[1])]
        return self.error_at(
            opener, f"unbalanced '{opener[1]}': it is never closed (found {_show(found)} "
            f"at {self.src.location(found[2])}, expected '{closer}')",
            f"add the missing '{closer}'",
        )

    def _clash(self, tok: Token, max_prec: int) -> ParseError:
        prio = INFIX_OPS[str(tok[1])][0] if tok[1] in INFIX_OPS else 0
        return self.error_at(
            tok, f"operator priority clash: '{tok[1]}' (priority {prio}) cannot appear here "
            f"(maximum priority {max_prec})", _PAREN_HINT,
        )

    def unexpected(self, tok: Token, expected: str, max_prec: int = 1200) -> ParseError:
        """Explain a token that cannot continue the current term."""
        kind, value = tok[0], tok[1]
        if kind == K_PUNCT and value in _CLOSERS:
            return self.error_at(
                tok, f"unbalanced '{value}': no matching '{_CLOSERS[str(value)]}'",
                f"remove the '{value}' or add the missing '{_CLOSERS[str(value)]}'",
            )
        if kind == K_NAME and value in INFIX_OPS or (kind == K_PUNCT and value == ","):
            prio = INFIX_OPS[str(value)][0]
            if prio > max_prec:
                return self._clash(tok, max_prec)
        return self.error_at(tok, f"unexpected {_show(tok)}: expected {expected}")

    # --- terms --------------------------------------------------------------------------

    def parse(self, max_prec: int) -> tuple[Term, int]:
        """Parse one term of priority at most `max_prec`; return it and its priority."""
        left, left_prec = self._primary(max_prec)
        toks = self.toks
        while True:
            tok = toks[self.pos]
            kind, name = tok[0], tok[1]
            if kind == K_NAME:
                op = INFIX_OPS.get(name)
                if op is None:
                    break
            elif kind == K_PUNCT and (name == "," or name == "|"):
                op = INFIX_OPS[name]
                name = ";" if name == "|" else name
            else:
                break
            prio, typ = op
            if prio > max_prec:
                break
            left_max = prio if typ[0] == "y" else prio - 1
            if left_prec > left_max:
                raise self.error_at(
                    tok, f"operator priority clash: the left operand of '{tok[1]}' has "
                    f"priority {left_prec}, but '{tok[1]}' ({typ}, {prio}) accepts at most "
                    f"{left_max}", _PAREN_HINT,
                )
            self.pos += 1
            right, _ = self.parse(prio if typ[2] == "y" else prio - 1)
            left, left_prec = Struct(name, (left, right)), prio
        return left, left_prec

    def _primary(self, max_prec: int) -> tuple[Term, int]:
        toks = self.toks
        tok = toks[self.pos]
        kind, value = tok[0], tok[1]
        self.pos += 1
        if kind == K_NAME or kind == K_QNAME:
            nxt = toks[self.pos]
            if nxt[0] == K_PUNCT and nxt[1] == "(" and not nxt[3]:
                self.pos += 1
                args = self._args(nxt)
                if value == "\\+" and kind == K_NAME and len(args) > 1:
                    return Struct(value, (_conjunction(args),)), 0  # ProbLog: \+((a, b))
                return Struct(value, args), 0
            if kind == K_NAME:
                if value == "-" and (nxt[0] == K_INT or nxt[0] == K_FLOAT) and not nxt[3]:
                    self.pos += 1
                    return Num(-nxt[1]), 0
                if value in PREFIX_OPS and self._starts_operand(nxt):
                    prio, typ = PREFIX_OPS[value]
                    arg_max = min(prio if typ == "fy" else prio - 1, max_prec)
                    arg, _ = self.parse(arg_max)
                    if value == "-" and type(arg) is Num:  # `- 1`, `- (1)`: ProbLog's -1
                        return Num(-arg.value), 0
                    return Struct(value, (arg,)), min(prio, max_prec)
            return Struct(value), 0
        if kind == K_VAR:
            if value == "_":
                self._anon_count += 1
                return Var(f"{self._anon_prefix}{self._anon_count}"), 0
            return Var(value), 0
        if kind == K_INT or kind == K_FLOAT:
            return Num(value), 0
        if kind == K_STR:
            return Str(value), 0
        if kind == K_PUNCT:
            if value == "(":
                inner, _ = self.parse(1200)
                self._close(tok, ")")
                return inner, 0
            if value == "[":
                return self._list(tok), 0
            if value == "{":
                if toks[self.pos][1] == "}" and toks[self.pos][0] == K_PUNCT:
                    self.pos += 1
                    nxt = toks[self.pos]
                    if nxt[0] == K_PUNCT and nxt[1] == "(" and not nxt[3]:
                        self.pos += 1
                        return Struct("{}", self._args(nxt)), 0
                    return Struct("{}"), 0
                inner, _ = self.parse(1200)
                self._close(tok, "}")
                return Struct("{}", (inner,)), 0
        self.pos -= 1
        raise self.unexpected(tok, "a term", max_prec)

    def _starts_operand(self, nxt: Token) -> bool:
        """After a prefix operator: does `nxt` start its operand (else the op is an atom)?"""
        kind, value = nxt[0], nxt[1]
        if kind == K_NAME:
            if value in INFIX_OPS and value not in PREFIX_OPS:
                after = self.toks[self.pos + 1]
                return after[0] == K_PUNCT and after[1] == "(" and not after[3]
            return True
        if kind in _START_KINDS:
            return True
        return kind == K_PUNCT and value in ("(", "[", "{")

    def _close(self, opener: Token, closer: str) -> None:
        tok = self.toks[self.pos]
        if tok[0] == K_PUNCT and tok[1] == closer:
            self.pos += 1
            return
        if tok[0] in (K_END, K_EOF) or (tok[0] == K_PUNCT and tok[1] in _CLOSERS):
            raise self._unclosed(opener, tok)
        raise self.unexpected(tok, f"an operator or '{closer}'", 999 if closer != ")" else 1200)

    def _args(self, opener: Token) -> tuple[Term, ...]:
        args = []
        toks = self.toks
        while True:
            arg, _ = self.parse(999)
            args.append(arg)
            tok = toks[self.pos]
            if tok[0] == K_PUNCT:
                if tok[1] == ",":
                    self.pos += 1
                    continue
                if tok[1] == ")":
                    self.pos += 1
                    return tuple(args)
            if tok[0] in (K_END, K_EOF) or (tok[0] == K_PUNCT and tok[1] in _CLOSERS):
                raise self._unclosed(opener, tok)
            raise self.unexpected(tok, "',' or ')' after an argument", 999)

    def _list(self, opener: Token) -> Term:
        toks = self.toks
        tok = toks[self.pos]
        if tok[0] == K_PUNCT and tok[1] == "]":
            self.pos += 1
            nxt = toks[self.pos]
            if nxt[0] == K_PUNCT and nxt[1] == "(" and not nxt[3]:
                self.pos += 1
                return Struct("[]", self._args(nxt))
            return NIL
        items = []
        tail: Term = NIL
        while True:
            item, _ = self.parse(999)
            items.append(item)
            tok = toks[self.pos]
            if tok[0] == K_PUNCT and tok[1] == ",":
                self.pos += 1
                continue
            if tok[0] == K_PUNCT and tok[1] == "|":
                self.pos += 1
                tail, _ = self.parse(999)
            self._close(opener, "]")
            break
        for item in reversed(items):
            tail = Struct(".", (item, tail))
        return tail
