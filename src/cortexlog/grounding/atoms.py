"""Builtins on atoms: `atom_number/2` (ProbLog's) and `'$atom_concat'/3` (for libraries).

Same conventions as `cortexlog.grounding.builtins`: every builtin takes the trail and its
internal arguments and returns whether it succeeded (bindings stay on the trail).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from cortexlog.grounding.convert import show, type_name
from cortexlog.grounding.internal import EvalError, Flt, V, deref, unify


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


DET: dict[tuple[str, int], Callable[..., bool]] = {
    ("atom_number", 2): _atom_number,
    ("$atom_concat", 3): _atom_concat,
}
