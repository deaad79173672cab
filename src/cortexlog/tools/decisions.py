"""Searching decisions on a compiled circuit: the shared core of `cortexlog dt` and `map`.

A *strategy* gives each decision (a choice group of the ground program, or one option of
it) the value 0 or 1. The program is compiled once (`compile.dispatch`) and each strategy
is one float evaluation of the circuit with the decided options' probabilities set to 0
or 1 (`circuits.scalar`, torch-free). The search is ProbLog's: exhaustive (strategies in
binary order, the first decision the most significant bit, the first best one kept) or
local (one flip at a time, as `problog dt -s local`). Exhaustive search refuses more than
`max_decisions` decisions (2^n evaluations).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cortexlog.circuits.scalar import evaluate_scalar
from cortexlog.compile.dispatch import compile_ground_program
from cortexlog.compile.evaluate import scalar_literals
from cortexlog.compile.variables import CompiledCircuit
from cortexlog.errors import CortexlogError, SourceLocation
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.semantics.builtin import PROBABILITY

#: Default bound on the decisions of an exhaustive search (2^16 circuit evaluations).
MAX_DECISIONS = 16
SEARCHES = ("exhaustive", "local")


@dataclass(frozen=True)
class Decision:
    """One decision: option `option` of choice group `group`, printed as `name`."""

    name: str
    group: int
    option: int


@dataclass(frozen=True)
class SearchResult:
    """The best strategy found.

    Attributes:
        choices: `(decision name, 0 or 1)` per decision, in decision order.
        score: its expected utility (`dt`) or MAP score (`map`).
        evaluated: how many strategies were evaluated.
    """

    choices: tuple[tuple[str, int], ...]
    score: float
    evaluated: int

    def text(self) -> str:
        """ProbLog's output: `name:\\tvalue` per decision (sorted, names right-aligned),
        then `SCORE: s`."""
        lines = []
        if self.choices:
            width = max(len(n) for n, _ in self.choices)
            lines = [f"{n:>{width}}:\t{v:<2}" for n, v in sorted(self.choices)]
        return "".join(f"{x}\n" for x in lines) + f"SCORE: {self.score!r}\n"

    def json(self) -> dict[str, Any]:
        """JSON-ready: `{"choices": {name: 0|1}, "score": s, "evaluated": n}`."""
        return {"choices": dict(self.choices), "score": self.score,
                "evaluated": self.evaluated}


class Evaluator:
    """The compiled program, evaluated under strategies.

    Args:
        gp: the ground program (float weights; decisions carry any placeholder).
        decisions: the decisions.
    """

    def __init__(self, gp: GroundProgram, decisions: Sequence[Decision]) -> None:
        from cortexlog.compile.weights import float_group_probs

        self.decisions = tuple(decisions)
        self.compiled: CompiledCircuit = compile_ground_program(gp, PROBABILITY)
        self.base = float_group_probs(gp)
        self.n_queries = len(self.compiled.queries)

    def outputs(self, values: Sequence[int]) -> tuple[list[float], float]:
        """The unnormalised query outputs and P(evidence) under a strategy.

        Args:
            values: 0 or 1 per decision.

        Returns:
            `(P(query and evidence) per query, P(evidence))`.
        """
        probs = [list(p) for p in self.base]
        for d, v in zip(self.decisions, values, strict=True):
            if not v:
                probs[d.group][d.option] = 0.0
        for d, v in zip(self.decisions, values, strict=True):
            if v:  # the chosen option excludes its group's others
                probs[d.group] = [1.0 if i == d.option else 0.0
                                  for i in range(len(probs[d.group]))]
        pos, neg = scalar_literals(self.compiled, PROBABILITY, probs)
        out = evaluate_scalar(self.compiled.circuit, PROBABILITY, pos, neg)
        return out[: self.n_queries], out[-1]


def search(
    n: int, score: Callable[[tuple[int, ...]], float | None], method: str = "exhaustive",
    max_decisions: int = MAX_DECISIONS, location: SourceLocation | None = None,
    initial: Sequence[int] | None = None,
) -> tuple[tuple[int, ...], float, int]:
    """The best strategy over `n` binary decisions.

    Args:
        n: how many decisions.
        score: a strategy's score, None when it is not allowed (it is then skipped).
        method: "exhaustive" or "local" (`SEARCHES`).
        max_decisions: the most decisions an exhaustive search accepts.
        location: the program, for errors.
        initial: the local search's starting strategy (default all 0).

    Returns:
        `(strategy, score, strategies evaluated)`.

    Raises:
        CortexlogError: an unknown method, too many decisions, or no allowed strategy.

    >>> search(2, lambda s: s[0] - s[1])
    ((1, 0), 1, 4)
    """
    if method not in SEARCHES:
        raise CortexlogError(f"unknown search {method!r}", location,
                             f"use one of: {', '.join(SEARCHES)}")
    if method == "local":
        return _local(n, score, tuple(initial or (0,) * n), location)
    if n > max_decisions:
        raise CortexlogError(
            f"{n} decisions: exhaustive search would evaluate 2^{n} strategies "
            f"(the limit is {max_decisions} decisions)", location,
            "raise --max-decisions, or search locally with --search local")
    best: tuple[tuple[int, ...], float] | None = None
    evaluated = 0
    for i in range(1 << n):
        strategy = tuple((i >> (n - 1 - k)) & 1 for k in range(n))
        s = score(strategy)
        if s is None:
            continue
        evaluated += 1
        if best is None or s > best[1]:
            best = (strategy, s)
    if best is None:
        raise CortexlogError("no strategy satisfies the constraints on the decisions",
                             location, "check the evidence on decision atoms")
    return best[0], best[1], evaluated


def _local(n: int, score: Callable[[tuple[int, ...]], float | None],
           start: tuple[int, ...], location: SourceLocation | None
           ) -> tuple[tuple[int, ...], float, int]:
    """ProbLog's local search: flip decisions in turn until a full pass improves none."""
    current = list(start)
    best = score(tuple(current))
    if best is None:
        raise CortexlogError("the starting strategy of the local search is not allowed",
                             location, "use --search exhaustive")
    evaluated, last = 1, None
    while True:
        for k in range(n):
            if last == k:
                return tuple(current), best, evaluated
            current[k] = 1 - current[k]
            s = score(tuple(current))
            evaluated += 1
            if s is None or s <= best:
                current[k] = 1 - current[k]
            else:
                best, last = s, k
        if last is None:
            return tuple(current), best, evaluated
