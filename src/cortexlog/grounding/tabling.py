"""Variant tables and SCC completion: the answer bookkeeping half of the grounding engine.

Every call to a user predicate is tabled by its variant. A new table is evaluated at once
(all matching clauses); a call to a table still being evaluated reads its answers so far
and marks the strongly connected component (Tarjan-style `low` links). The SCC's leader
re-runs its clauses (re-evaluating incomplete member tables once per iteration) until no
new answer appears, then completes the SCC. Each successful clause instance is recorded
as a ground rule `head :- literals`; deterministic atoms contribute no literal.
`Tabling` holds this state; `engine.Engine` adds the solver loop over goal lists and
runs a table's clauses (`run_clauses`, with `resolution.resolve_clauses`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from cortexlog.errors import GroundingError
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import Predicate
from cortexlog.grounding.internal import V, keyify, undo, unify, unkey
from cortexlog.grounding.limits import GroundingLimits

INF = 1 << 60

S = TypeVar("S")
#: Where clause solutions go: `add(into, goal, literals, location)` per solution, the goal's
#: bindings on the trail (`Tabling.add_answer` into a table, or per-proof collection).
AddAnswer = Callable[[S, Any, tuple[Any, ...], Any], None]


class Table:
    """The answers of one call variant, and its evaluation state."""

    __slots__ = ("answers", "ansset", "complete", "active", "pos", "low", "stamp", "owner",
                 "cidx", "watch")

    def __init__(self) -> None:
        self.answers: list[tuple[Any, bool]] = []
        self.ansset: set[Any] = set()
        self.complete = False
        self.active = False
        self.pos = 0
        self.low = 0
        self.stamp = -1
        self.owner: Table | None = None
        self.cidx = -1
        self.watch = INF  # fewest answers a finished consumer of this table had seen


class Tabling:
    """Tables, SCC completion state and recorded ground rules (the base of `Engine`).

    Args:
        limits: the resource limits.
    """

    def __init__(self, limits: GroundingLimits) -> None:
        self.limits = limits
        self.trail: list[V] = []
        self.tables: dict[Any, Table] = {}
        self.stack: list[Table] = []
        self.compl: list[Table] = []
        self.stamp = 0
        self.n_answers = 0
        self.n_reads = 0
        self.min_read = INF
        self.missed = 0  # answers added after a consumer of their table had finished
        self.open_reads = 0  # consumers of incomplete tables not finished yet
        self.rules: dict[tuple[Any, tuple[Any, ...]], None] = {}
        self.det: set[Any] = set()
        # Mode-dependent predicates (`call_modes`) and, for their answers, the rule bodies
        # recorded by each call's table.
        self.watched: set[tuple[str, int]] = set()
        self.by_call: dict[Any, dict[Any, set[tuple[Any, ...]]]] = {}
        self.by_call_loc: dict[Any, Any] = {}

    def run_clauses(
        self, goal: Any, pred: Predicate, depth: int, add: AddAnswer[S], into: S
    ) -> None:
        """Run every clause of `pred` that may match `goal`: `add(into, ...)` per solution.

        Args:
            goal: the call (bindings are undone afterwards).
            pred: the predicate's entries.
            depth: the nesting depth of the clause bodies.
            add: receives each solution (`Engine` resolves clauses with `resolution`).
            into: the first argument of `add` (here the call's table).
        """
        raise NotImplementedError

    def limit(self, what: str, value: Any, loc: Any, unit: str = "") -> GroundingError:
        """The error for an exceeded limit, naming it and how to raise it."""
        return GroundingError(
            f"grounding exceeded {what}={value}{unit}",
            loc,
            f"the program may loop or be very large; raise it with "
            f"GroundingLimits({what}=...) if the program is correct",
        )

    def call(self, goal: Any, pred: Predicate, loc: Any, depth: int) -> Iterator[Any]:
        """Call a user predicate through its table; yield each answer's literal (or None)."""
        seen: dict[V, Any] = {}
        vkey = keyify(goal, seen)
        t = self.tables.get(vkey)
        if t is None:
            t = self.tables[vkey] = Table()
            self.evaluate(t, goal, pred, loc, depth)
        elif not t.complete:
            if t.active:
                low = t.pos
            elif t.stamp != self.stamp:
                self.evaluate(t, goal, pred, loc, depth)
                low = INF
            else:
                low = self.find_active(t).low
            if low != INF:
                self.n_reads += 1
                top = self.stack[-1]
                if low < top.low:
                    top.low = low
                if low < self.min_read:
                    self.min_read = low
        answers = t.answers
        det = self.det
        trail = self.trail
        watch = not t.complete  # a consumer of answers that may still grow
        if watch:
            self.open_reads += 1
        if not seen:
            if answers:
                yield None if vkey in det else vkey
        else:
            i = 0
            while i < len(answers):
                a, ground = answers[i]
                i += 1
                m = len(trail)
                if unify(goal, a if ground else unkey(a, {}), trail):
                    yield None if a in det else a
                undo(trail, m)
        if watch:  # not reached when the consumer is abandoned: open_reads stays raised
            self.open_reads -= 1
            if len(answers) < t.watch:
                t.watch = len(answers)

    def find_active(self, t: Table) -> Table:
        """Follow the owner links of an incomplete table to the active table of its SCC."""
        x = t
        while not x.active:
            assert x.owner is not None
            x = x.owner
        t.owner = x
        return x

    def evaluate(self, t: Table, goal: Any, pred: Predicate, loc: Any, depth: int) -> None:
        """Evaluate a table: run its clauses, iterating an SCC leader to a fixpoint."""
        if depth > self.limits.max_depth:
            raise self.limit("max_depth", self.limits.max_depth, loc)
        reeval = t.cidx >= 0
        if not reeval:
            t.cidx = len(self.compl)
            self.compl.append(t)
        t.active = True
        t.pos = t.low = len(self.stack)
        self.stack.append(t)
        while True:
            t.stamp = self.stamp
            n_ans, n_reads = self.n_answers, self.n_reads
            missed, open_reads = self.missed, self.open_reads
            self.run_clauses(goal, pred, depth + 1, self.add_answer, t)
            if reeval or t.low < t.pos or n_ans == self.n_answers or n_reads == self.n_reads:
                break
            if self.missed == missed and self.open_reads == open_reads:
                break  # every consumer of this pass saw every answer: nothing new to derive
            self.stamp += 1
        self.stack.pop()
        t.active = False
        if t.low == t.pos and not reeval:
            for x in self.compl[t.cidx :]:
                x.complete = True
            del self.compl[t.cidx :]
            return
        low = t.low
        if reeval and t.owner is not None:
            low = min(low, self.find_active(t).low)
        if self.stack:
            parent = self.stack[-1]
            parent.low = min(parent.low, low)
            t.owner = parent
            self.min_read = min(self.min_read, low)
            self.n_reads += 1

    def add_answer(self, t: Table, goal: Any, lits: tuple[Any, ...], loc: Any) -> None:
        """Record an answer of table `t` and the ground rule that derives it."""
        seen: dict[V, Any] = {}
        a = keyify(goal, seen)
        if a not in t.ansset:
            t.ansset.add(a)
            if len(t.answers) >= t.watch:
                self.missed += 1  # a consumer of `t` finished before this answer
            t.answers.append((a, not seen))
            self.n_answers += 1
        if seen:
            if lits:
                raise GroundingError(
                    f"non-ground probabilistic answer {show(goal)}", loc,
                    "every variable of a probabilistic atom must be bound by its clause body",
                )
            self.det.add(a)
            return
        if len(lits) > 1:
            lits = tuple(dict.fromkeys(lits))
        if self.watched and (a if type(a) is str else a[:1]) and self._watched(a):
            self.by_call.setdefault(a, {}).setdefault(t, set()).add(lits)
            self.by_call_loc.setdefault(a, loc)
        self.add_rule(a, lits, loc)

    def _watched(self, a: Any) -> bool:
        key = (a, 0) if type(a) is str else (a[0], len(a) - 1)
        return key in self.watched

    def add_rule(self, head: Any, lits: tuple[Any, ...], loc: Any) -> None:
        """Record a ground rule (deduplicated)."""
        rk = (head, lits)
        if rk not in self.rules:
            self.rules[rk] = None
            if len(self.rules) > self.limits.max_rules:
                raise self.limit("max_rules", self.limits.max_rules, loc)
            if not lits:
                self.det.add(head)
