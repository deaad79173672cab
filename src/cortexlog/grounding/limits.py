"""Resource limits of grounding."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GroundingLimits:
    """Bounds that make grounding fail with a clear error instead of hanging.

    Attributes:
        max_depth: maximum nesting of predicate calls (tabled evaluations, negations,
            findall) before giving up; guards against infinitely growing calls such as
            `nat(s(X)) :- nat(X)`.
        max_rules: maximum number of distinct ground rules recorded.
        max_seconds: wall-clock budget in seconds.

    >>> GroundingLimits(max_rules=10).max_rules
    10
    """

    max_depth: int = 20_000
    max_rules: int = 5_000_000
    max_seconds: float = 600.0
