"""Evaluate ground arithmetic terms (`1/6`, `0.5*0.2`, `exp(-1)`) to Python numbers.

Used by the parser to fold probability annotations; the grounder may reuse it.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from cortexlog.language.terms import Num, Struct, Term


class ArithmeticError_(Exception):
    """A term that is not evaluable arithmetic (internal: callers turn it into a located error)."""


def _div(a: float, b: float) -> float:
    return a / b


def _intdiv(a: float, b: float) -> float:
    if not (isinstance(a, int) and isinstance(b, int)):
        raise ArithmeticError_("'//' needs integers")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _int_only(fn: Callable[[int, int], int], name: str) -> Callable[[float, float], float]:
    def wrapped(a: float, b: float) -> float:
        if not (isinstance(a, int) and isinstance(b, int)):
            raise ArithmeticError_(f"'{name}' needs integers")
        return fn(a, b)

    return wrapped


def _power(a: float, b: float) -> float:
    if isinstance(a, int) and isinstance(b, int) and abs(b) > 256:
        a = float(a)  # avoid building astronomically large integers
    result = a**b
    if isinstance(result, complex):
        raise ArithmeticError_("power of a negative number is not real")
    return result


def _shift_left(a: int, b: int) -> int:
    if b > 4096:
        raise ArithmeticError_("shift count too large")
    return a << b


_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _div, "//": _intdiv,
    "**": lambda a, b: float(_power(a, b)), "^": _power, "min": min, "max": max,
    "mod": _int_only(operator.mod, "mod"),
    "rem": _int_only(lambda a, b: a - b * int(_intdiv(a, b)), "rem"),
    "div": _int_only(operator.floordiv, "div"), "atan2": math.atan2, "atan": math.atan2,
    ">>": _int_only(operator.rshift, ">>"), "<<": _int_only(_shift_left, "<<"),
    "/\\": _int_only(operator.and_, "/\\"), "\\/": _int_only(operator.or_, "\\/"),
    "xor": _int_only(operator.xor, "xor"), "log": lambda a, b: math.log(b) / math.log(a),
}
_UNARY: dict[str, Callable[[float], float]] = {
    "-": operator.neg, "+": operator.pos, "abs": abs, "sqrt": math.sqrt, "exp": math.exp,
    "log": math.log, "log2": math.log2, "sin": math.sin, "cos": math.cos, "tan": math.tan,
    "asin": math.asin, "acos": math.acos, "atan": math.atan, "sinh": math.sinh,
    "cosh": math.cosh, "tanh": math.tanh, "float": float, "integer": lambda x: int(round(x)),
    "floor": math.floor, "ceiling": math.ceil, "round": lambda x: int(round(x)),
    "truncate": math.trunc, "sign": lambda x: (x > 0) - (x < 0),
}
_CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e, "inf": math.inf, "nan": math.nan}


def evaluate(term: Term) -> int | float:
    """Evaluate a ground arithmetic term as Prolog's `is/2` would.

    Args:
        term: the term, e.g. `Struct('/', (Num(1), Num(6)))`.

    Returns:
        The value (int or float).

    Raises:
        ArithmeticError_: the term is not ground arithmetic, or evaluation fails.

    >>> evaluate(Struct('/', (Num(1), Num(4))))
    0.25
    >>> evaluate(Struct('*', (Num(2), Num(3))))
    6
    """
    if isinstance(term, Num):
        return term.value
    if not isinstance(term, Struct):
        raise ArithmeticError_(f"'{term}' is not a number")
    args = term.args
    try:
        if not args and term.functor in _CONSTANTS:
            return _CONSTANTS[term.functor]
        if len(args) == 1 and term.functor in _UNARY:
            return _UNARY[term.functor](evaluate(args[0]))
        if len(args) == 2 and term.functor in _BINARY:
            return _BINARY[term.functor](evaluate(args[0]), evaluate(args[1]))
    except (ArithmeticError, ValueError, OverflowError, TypeError) as exc:
        raise ArithmeticError_(f"cannot evaluate '{term}': {exc}") from None
    raise ArithmeticError_(f"'{term.signature}' is not an arithmetic function")
