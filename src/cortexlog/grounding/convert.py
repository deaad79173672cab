"""Conversions between AST terms and the grounder's internal terms, and their display.

`to_template` and `from_ast` turn `cortexlog.language.terms` into clause templates and
internal terms (see `cortexlog.grounding.internal`); `to_ast` turns internal terms back;
`show` and `type_name` write internal terms for error messages.
"""

from __future__ import annotations

from typing import Any

from cortexlog.grounding.internal import (
    TC,
    Flt,
    Lin,
    Mark,
    Named,
    PStr,
    Slot,
    V,
    deref,
    number,
    resolve,
)
from cortexlog.language.terms import Num, Str, Struct, Term, Var


def to_template(term: Term, slots: dict[str, Slot]) -> Any:
    """Convert an AST term into a template, numbering its variables in `slots`."""
    if isinstance(term, Var):
        s = slots.get(term.name)
        if s is None:
            s = slots[term.name] = Slot(len(slots))
        return s
    if isinstance(term, Struct):
        if not term.args:
            return term.functor
        args = tuple(to_template(a, slots) for a in term.args)
        if any(type(a) in (Slot, TC) for a in args):
            return TC(term.functor, args)
        return (term.functor, *args)
    if isinstance(term, Num):
        return number(term.value)
    return PStr(term.value)


def from_ast(term: Term, env: dict[str, V]) -> Any:
    """Convert an AST term into an internal term, mapping variable names through `env`."""
    if isinstance(term, Var):
        v = env.get(term.name)
        if v is None:
            v = env[term.name] = V()
        return v
    if isinstance(term, Struct):
        if not term.args:
            return term.functor
        return (term.functor, *[from_ast(a, env) for a in term.args])
    if isinstance(term, Num):
        return number(term.value)
    return PStr(term.value)


def to_ast(t: Any) -> Term:
    """Convert a resolved internal term back into an AST term (variables become `_N`)."""
    t = deref(t)
    tt = type(t)
    if tt is str:
        return Struct(t)
    if tt is tuple:
        return Struct(t[0], tuple(to_ast(a) for a in t[1:]))
    if tt is int:
        return Num(t)
    if tt is Flt or tt is float:
        return Num(float(t))
    if tt is PStr:
        return Str(t.value)
    if tt is Mark:
        return Var(f"_{t.i}")
    if tt is Named:
        return Var(t.name)
    if tt is Lin:  # a symbolic integer: '$sym'(Const, Group-Coef, ...)
        terms = tuple(Struct("-", (Num(g), Num(c))) for g, c in t.terms)
        return Struct("$sym", (Num(t.const), *terms))
    return Var(f"_G{id(t)}")


def show(t: Any) -> str:
    """Write an internal term as ProbLog would (for messages)."""
    return str(to_ast(resolve(t)))


def type_name(t: Any) -> str:
    """A short description of a term's type, for error messages."""
    t = deref(t)
    tt = type(t)
    if tt is V:
        return "an unbound variable"
    if tt is str:
        return f"the atom {show(t)}"
    if tt is tuple:
        return f"the compound term {show(t)}"
    if tt is PStr:
        return f"the string {show(t)}"
    return f"the number {t}"
