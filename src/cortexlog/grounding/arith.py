"""Arithmetic evaluation (`is/2`, comparisons) with ProbLog's (Python's) semantics.

`/` is true division (`7/2` is `3.5`, `6/2` is `3.0`), `//` floors, `mod` follows the
sign of the divisor, `round` rounds half to even, as ProbLog computes them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

from cortexlog.grounding.convert import show
from cortexlog.grounding.internal import EvalError, Flt, PStr, V


def _sign(x: float) -> int | float:
    if isinstance(x, float):
        return 1.0 if x > 0 else -1.0 if x < 0 else 0.0
    return 1 if x > 0 else -1 if x < 0 else 0


FUNCTIONS: dict[tuple[str, int], Callable[..., Any]] = {
    ("+", 2): lambda a, b: a + b,
    ("-", 2): lambda a, b: a - b,
    ("*", 2): lambda a, b: a * b,
    ("/", 2): lambda a, b: a / b,
    ("//", 2): lambda a, b: a // b,
    ("mod", 2): lambda a, b: a % b,
    ("rem", 2): lambda a, b: a % b,
    ("div", 2): lambda a, b: (a - (a % b)) // b,
    ("**", 2): lambda a, b: a**b,
    ("^", 2): lambda a, b: a**b,
    ("/\\", 2): lambda a, b: a & b,
    ("\\/", 2): lambda a, b: a | b,
    ("xor", 2): lambda a, b: a ^ b,
    ("<<", 2): lambda a, b: a << b,
    (">>", 2): lambda a, b: a >> b,
    ("min", 2): min,
    ("max", 2): max,
    ("atan2", 2): math.atan2,
    ("atan", 2): math.atan2,
    ("+", 1): lambda a: a,
    ("-", 1): lambda a: -a,
    ("\\", 1): lambda a: ~a,
    ("abs", 1): abs,
    ("sign", 1): _sign,
    ("integer", 1): int,
    ("float", 1): float,
    ("float_integer_part", 1): lambda f: int(f),
    ("float_fractional_part", 1): lambda f: f - int(f),
    ("ceiling", 1): lambda x: int(math.ceil(x)),
    ("round", 1): lambda x: int(round(x)),
    ("floor", 1): lambda x: int(math.floor(x)),
    ("truncate", 1): lambda x: int(math.trunc(x)),
    ("exp", 2): math.pow,
    ("pi", 0): lambda: math.pi,
    ("e", 0): lambda: math.e,
    ("inf", 0): lambda: float("inf"),
    ("nan", 0): lambda: float("nan"),
    ("epsilon", 0): lambda: sys.float_info.epsilon,
}
for _name in (
    "exp log log10 sqrt sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh "
    "lgamma gamma erf erfc"
).split():
    FUNCTIONS[(_name, 1)] = getattr(math, _name)


def evaluate(t: Any) -> int | float:
    """Evaluate an arithmetic expression.

    Args:
        t: an internal term (numbers, evaluable functors, bound variables).

    Returns:
        The value, an `int` or a `float`.

    Raises:
        EvalError: instantiation error, type error (non-evaluable term) or evaluation error.

    >>> evaluate(("+", 1, ("*", 2, 3)))
    7
    >>> evaluate(("/", 7, 2))
    3.5
    """
    while type(t) is V and t.ref is not None:
        t = t.ref
    tt = type(t)
    if tt is int:
        return t
    if tt is Flt or tt is float:
        return float(t)
    if tt is V:
        raise EvalError(
            "instantiation error: arithmetic on an unbound variable",
            "bind the variable before evaluating it (move the goal that binds it earlier)",
        )
    args: tuple[Any, ...]
    if tt is str:
        name, args = t, ()
    elif tt is tuple:
        name, args = t[0], t[1:]
    else:
        assert tt is PStr
        raise EvalError(f"type error: {show(t)} is a string, not a number")
    fn = FUNCTIONS.get((name, len(args)))
    if fn is None:
        raise EvalError(
            f"type error: {show(t)} is not an arithmetic expression "
            f"({name}/{len(args)} is not an evaluable function)",
            "arithmetic works on numbers and functions such as +, -, *, /, mod, min, sqrt",
        )
    values = [evaluate(a) for a in args]
    try:
        return fn(*values)
    except ZeroDivisionError:
        raise EvalError(f"evaluation error: division by zero in {show(t)}") from None
    except (ValueError, OverflowError, TypeError) as exc:
        raise EvalError(f"evaluation error in {show(t)}: {exc}") from None


def compare(op: str, a: Any, b: Any) -> bool:
    """Evaluate both sides and compare them with `op` (`<`, `=<`, `>`, `>=`, `=:=`, `=\\=`)."""
    x, y = evaluate(a), evaluate(b)
    if op == "<":
        return x < y
    if op == "=<":
        return x <= y
    if op == ">":
        return x > y
    if op == ">=":
        return x >= y
    if op == "=:=":
        return x == y
    return x != y
