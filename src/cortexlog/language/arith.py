"""ProbLog's arithmetic: the one table of evaluable functions, and `evaluate` over AST terms.

`/` is true division (`7/2` is `3.5`, `6/2` is `3.0`), `//` floors, `mod` follows the
sign of the divisor, `round` rounds half to even, integers are unbounded, as ProbLog (Python)
computes them. The parser folds probability annotations with `evaluate`; the grounder's
`is/2` (`grounding.arith`) evaluates its internal terms with the same `FUNCTIONS` table.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

from cortexlog.language.terms import Num, Struct, Term


class ArithmeticError_(Exception):
    """A term that is not evaluable arithmetic (internal: callers turn it into a located error)."""


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


def evaluate(term: Term) -> int | float:
    """Evaluate a ground arithmetic AST term as ProbLog's `is/2` would.

    Args:
        term: the term, e.g. `Struct('/', (Num(1), Num(6)))`.

    Returns:
        The value (int or float).

    Raises:
        ArithmeticError_: the term is not ground arithmetic, or evaluation fails.

    >>> evaluate(Struct('/', (Num(1), Num(4))))
    0.25
    >>> evaluate(Struct('//', (Num(-7), Num(2))))
    -4
    """
    if isinstance(term, Num):
        return term.value
    if not isinstance(term, Struct):
        raise ArithmeticError_(f"'{term}' is not a number")
    fn = FUNCTIONS.get((term.functor, len(term.args)))
    if fn is None:
        raise ArithmeticError_(f"'{term.signature}' is not an arithmetic function")
    values = [evaluate(a) for a in term.args]
    try:
        return fn(*values)
    except (ArithmeticError, ValueError, OverflowError, TypeError) as exc:
        raise ArithmeticError_(f"cannot evaluate '{term}': {exc}") from None
