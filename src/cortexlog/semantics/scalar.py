"""Scalar (Python float) forms of the built-in structures' operations.

`ScalarOps` is what a structure needs to be evaluated on a small circuit with plain float
arithmetic, without torch: the one-off queries of `Program.query` and `cortexlog query`.
Each function mirrors its tensor kernel in `ops.py` / `possibilistic.py` (same formula,
same edge cases: `log(0) = -inf`, all `-inf` log-sums), so both evaluations agree up to
float rounding of the summation order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_LOG_HALF = -math.log(2.0)

ScalarReduce = Callable[[Sequence[float]], float]


@dataclass(frozen=True)
class ScalarOps:
    """A structure's operations on Python floats.

    Attributes:
        add: n-ary OR of a non-empty sequence of carrier values.
        mul: n-ary AND of a non-empty sequence of carrier values.
        encode: input probability -> carrier value.
        decode: carrier value -> reported value (a float, or a bool for `boolean`).
        encode_categorical: a whole categorical distribution -> carrier values, when the
            encoding is not elementwise (possibility transforms).
        condition: `(joint, evidence) -> conditioned value`, or None when the structure
            reports the joint value of query and evidence.
    """

    add: ScalarReduce
    mul: ScalarReduce
    encode: Callable[[float], float]
    decode: Callable[[float], float | bool]
    encode_categorical: Callable[[Sequence[float]], list[float]] | None = None
    condition: Callable[[float, float], float] | None = None


def identity(x: float) -> float:
    """Return `x` as a float."""
    return float(x)


def fsum(xs: Sequence[float]) -> float:
    """Correctly rounded sum (`math.fsum`)."""
    return math.fsum(xs)


def prod(xs: Sequence[float]) -> float:
    """Product (`math.prod`)."""
    return float(math.prod(xs))


def plain_sum(xs: Sequence[float]) -> float:
    """Left-to-right sum (log-space products, where `fsum` would reject `-inf + inf`)."""
    return float(sum(xs))


def safe_log(p: float) -> float:
    """`log(p)`, with `log(0) = -inf`.

    >>> safe_log(1.0), safe_log(0.0)
    (0.0, -inf)
    """
    return math.log(p) if p > 0 else -math.inf


def log1mexp(x: float) -> float:
    """`log(1 - exp(x))` for `x <= 0` (Maechler 2012), `-inf` at `x = 0`.

    >>> log1mexp(0.0), log1mexp(-math.inf) == 0.0, round(log1mexp(math.log(0.5)), 12)
    (-inf, True, -0.69314718056)
    """
    x = min(x, 0.0)
    if x == 0.0:
        return -math.inf
    if x > _LOG_HALF:
        return math.log(-math.expm1(x))
    return math.log1p(-math.exp(x))


def logsumexp(xs: Sequence[float]) -> float:
    """`log(sum(exp(x)))`; all `-inf` gives `-inf`.

    >>> round(logsumexp([0.0, 0.0]), 12), logsumexp([-math.inf, -math.inf])
    (0.69314718056, -inf)
    """
    m = max(xs)
    if not math.isfinite(m):
        m = 0.0
    s = math.fsum(math.exp(x - m) for x in xs)
    return math.log(s) + m if s > 0 else -math.inf


def exp(x: float) -> float:
    """`exp(x)`."""
    return math.exp(x)


def probsum(xs: Sequence[float]) -> float:
    """Probabilistic sum `1 - prod(1 - x)` (product t-conorm).

    >>> probsum([0.5, 0.5])
    0.75
    """
    return 1.0 - math.prod(1.0 - x for x in xs)


def log_probsum(xs: Sequence[float]) -> float:
    """Product t-conorm in log space: `log(1 - prod(1 - exp(x)))`."""
    return log1mexp(sum(log1mexp(x) for x in xs))


def luk_and(xs: Sequence[float]) -> float:
    """Lukasiewicz t-norm `max(0, sum(x) - (k - 1))`.

    >>> luk_and([0.75, 0.5])
    0.25
    """
    return max(0.0, sum(xs) - (len(xs) - 1))


def luk_or(xs: Sequence[float]) -> float:
    """Lukasiewicz t-conorm `min(1, sum(x))`."""
    return min(1.0, sum(xs))


def possible(p: float) -> float:
    """Boolean carrier: 1 where the probability is non-zero."""
    return 1.0 if p > 0 else 0.0


def truth(x: float) -> bool:
    """Report a Boolean carrier value as a bool."""
    return x > 0.5


def dubois_prade(p: Sequence[float]) -> list[float]:
    """Dubois-Prade optimal probability -> possibility transformation of one distribution.

    >>> dubois_prade([0.5, 0.3, 0.2])
    [1.0, 0.5, 0.2]
    """
    return [min(1.0, sum(pj for pj in p if pj <= pi)) for pi in p]


def binary_possibility(p: float) -> float:
    """Possibility that a Boolean fact of probability `p` is true (`1` if `p >= 1/2`).

    >>> binary_possibility(0.8), binary_possibility(0.3)
    (1.0, 0.3)
    """
    return dubois_prade([p, 1.0 - p])[0]


def divide(a: float, b: float) -> float:
    """`a / b` with IEEE results for `b = 0` (nan for `0 / 0`, else a signed infinity)."""
    if b == 0.0:
        return math.nan if a == 0.0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def subtract(a: float, b: float) -> float:
    """`a - b` (conditioning in log space)."""
    return a - b
