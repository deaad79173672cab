"""Builtins on atoms: `atom_number/2`, library(string)'s `concat/2`, `join/3`, `str2lst/2`,
`lst2str/2` and `str2int/2` (ProbLog's), and `'$atom_concat'/3` (for libraries).

The library(string) builtins read each element as its text (an atom's name, a string's
characters, a number or compound term as written) and give atoms, as ProbLog's.

Same conventions as `cortexlog.grounding.builtins`: every builtin takes the trail and its
internal arguments and returns whether it succeeded (bindings stay on the trail).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from cortexlog.grounding.builtins import list_items, make_list
from cortexlog.grounding.convert import show, type_name
from cortexlog.grounding.internal import EvalError, Flt, PStr, V, deref, unify


def _number_text(n: Any) -> str:
    """A number as ProbLog's `atom_number/2` writes it (`str` of the Python value)."""
    return str(float(n)) if type(n) is Flt else str(n)


def _atom_number(trail: list[V], atom: Any, num: Any) -> bool:
    """atom_number(A, N): N is the number A reads as (integral values as integers, as
    ProbLog), or A the atom of number N; fails for an atom that is not a number."""
    atom, num = deref(atom), deref(num)
    if type(atom) is V:
        if type(num) is not int and type(num) is not Flt:
            raise EvalError(f"instantiation error: atom_number/2 needs an atom or a number, "
                            f"got {show(atom)} and {show(num)}")
        return unify(atom, _number_text(num), trail)
    if type(atom) is not str:
        raise EvalError(f"type error: atom_number/2 expects an atom, got {type_name(atom)}")
    if type(num) is not V:
        return type(num) in (int, Flt) and atom == _number_text(num)
    try:
        value = float(atom)
    except ValueError:
        return False
    if not math.isfinite(value):
        return False
    return unify(num, int(value) if value == round(value) else Flt(value), trail)


def _atom_concat(trail: list[V], a: Any, b: Any, ab: Any) -> bool:
    """'$atom_concat'(A, B, AB): AB is the atom of A's name followed by B's (both bound)."""
    a, b = deref(a), deref(b)
    if type(a) is not str or type(b) is not str:
        raise EvalError(f"instantiation error: '$atom_concat'/3 needs two atoms, got "
                        f"{show(a)} and {show(b)}")
    return unify(ab, a + b, trail)


def _text(t: Any, what: str) -> str:
    """The text of a bound term (an atom's name, a string's characters, a number)."""
    t = deref(t)
    if type(t) is str:
        return t
    if type(t) is PStr:
        return t.value
    if type(t) is int or type(t) is Flt:
        return _number_text(t)
    if type(t) is V:
        raise EvalError(f"instantiation error: {what} must be bound")
    return show(t)


def _concat(trail: list[V], items: Any, out: Any) -> bool:
    """concat(List, Atom): the texts of List's elements, joined."""
    texts = [_text(x, "an element of concat/2's list") for x in list_items(items, "concat/2")]
    return unify(out, "".join(texts), trail)


def _join(trail: list[V], sep: Any, items: Any, out: Any) -> bool:
    """join(Sep, List, Atom): the texts of List's elements, joined by Sep's text."""
    texts = [_text(x, "an element of join/3's list") for x in list_items(items, "join/3")]
    return unify(out, _text(sep, "join/3's separator").join(texts), trail)


def _str2lst(trail: list[V], text: Any, out: Any) -> bool:
    """str2lst(Text, Chars): the one-character atoms of Text."""
    return unify(out, make_list(list(_text(text, "str2lst/2's text"))), trail)


def _lst2str(trail: list[V], items: Any, out: Any) -> bool:
    """lst2str(List, Atom): join('', List, Atom)."""
    return _join(trail, "", items, out)


def _str2int(trail: list[V], text: Any, out: Any) -> bool:
    """str2int(Text, N): the integer Text reads as."""
    try:
        value = int(_text(text, "str2int/2's text"))
    except ValueError:
        raise EvalError(f"type error: str2int/2 of {show(deref(text))}, not an integer") from None
    return unify(out, value, trail)


DET: dict[tuple[str, int], Callable[..., bool]] = {
    ("atom_number", 2): _atom_number,
    ("concat", 2): _concat,
    ("join", 3): _join,
    ("str2lst", 2): _str2lst,
    ("lst2str", 2): _lst2str,
    ("str2int", 2): _str2int,
    ("$atom_concat", 3): _atom_concat,
}
