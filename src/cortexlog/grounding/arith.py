"""Arithmetic evaluation (`is/2`, comparisons) of internal terms with ProbLog's semantics.

The evaluable functions are `language.arith.FUNCTIONS`, the one table shared with the
parser's folding of probability annotations.
"""

from __future__ import annotations

from typing import Any

from cortexlog.grounding.convert import show
from cortexlog.grounding.internal import EvalError, Flt, PStr, V
from cortexlog.language.arith import FUNCTIONS


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
