"""The tabled top-down engine: SLD resolution with variant tabling and SCC fixpoints.

Every call to a user predicate is tabled by its variant. A new table is evaluated at once
(all matching clauses); a call to a table still being evaluated reads its answers so far
and marks the strongly connected component (Tarjan-style `low` links). The SCC's leader
re-runs its clauses (re-evaluating incomplete member tables once per iteration) until no
new answer appears, then completes the SCC. Each successful clause instance is recorded
as a ground rule `head :- literals`; deterministic atoms contribute no literal.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Iterator
from typing import Any

from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding import builtins, lists
from cortexlog.grounding.database import Predicate, index_key
from cortexlog.grounding.internal import EvalError, V, deref, keyify, show, undo, unify, unkey
from cortexlog.grounding.library import exported_by
from cortexlog.grounding.limits import GroundingLimits

DET_BUILTINS = {**builtins.DET, **lists.DET}
NONDET_BUILTINS = {**builtins.NONDET, **lists.NONDET}
INF = 1 << 60

# A body goal list: (goal, location, rest) or None.
Cont = tuple[Any, SourceLocation | None, Any] | None


class Neg:
    """A negative literal on an atom or choice option (internal)."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return type(other) is Neg and other.node == self.node

    def __hash__(self) -> int:
        return hash(("$neg", self.node))


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


class Engine:
    """Grounding state: tables, the trail, recorded rules and choice groups.

    Args:
        db: the clause database (`build_database`).
        limits: the resource limits.
    """

    def __init__(self, db: dict[tuple[str, int], Predicate], limits: GroundingLimits) -> None:
        from cortexlog.grounding.control import CONTROL
        from cortexlog.grounding.resolution import fact_literal, resolve_clauses

        self.db = db
        self.limits = limits
        self.control = CONTROL
        self.resolve_clauses = resolve_clauses
        self.fact_literal = fact_literal
        self.fact_lits: dict[Any, Any] = {}
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
        self.group_index: dict[Any, int] = {}
        self.groups: list[tuple[tuple[Any, ...], tuple[Any, ...], bool, SourceLocation]] = []
        self.aux: dict[tuple[Any, ...], Any] = {}
        self.steps = 0
        self.deadline = time.monotonic() + limits.max_seconds

    # --- errors -------------------------------------------------------------------------

    def located(self, exc: EvalError, key: tuple[str, int], loc: Any) -> GroundingError:
        """Turn a builtin's `EvalError` into a located `GroundingError`."""
        return GroundingError(f"in {key[0]}/{key[1]}: {exc.message}", loc, exc.hint)

    def undefined(self, key: tuple[str, int], loc: Any) -> GroundingError:
        """The error for a call to a predicate with no clauses and no builtin."""
        names = [f"{n}/{a}" for n, a in self.db]
        names += [f"{n}/{a}" for n, a in DET_BUILTINS]
        close = difflib.get_close_matches(f"{key[0]}/{key[1]}", names, n=4, cutoff=0.6)
        same = [f"{n}/{a}" for n, a in self.db if n == key[0]]
        similar = list(dict.fromkeys(same + close))
        lib = exported_by(key)
        if lib is not None:
            return GroundingError(
                f"unknown predicate {key[0]}/{key[1]}", loc,
                f"{key[0]}/{key[1]} is defined in library({lib}): add "
                f":- use_module(library({lib})).",
            )
        hint = "check the spelling"
        if similar:
            hint += "; defined predicates with a similar name: " + ", ".join(similar)
        return GroundingError(f"unknown predicate {key[0]}/{key[1]}", loc, hint)

    def limit(self, what: str, value: Any, loc: Any, unit: str = "") -> GroundingError:
        """The error for an exceeded limit, naming it and how to raise it."""
        return GroundingError(
            f"grounding exceeded {what}={value}{unit}",
            loc,
            f"the program may loop or be very large; raise it with "
            f"GroundingLimits({what}=...) if the program is correct",
        )

    def tick(self, loc: Any) -> None:
        """Check the time limit (called every few thousand steps)."""
        if time.monotonic() > self.deadline:
            raise self.limit("max_seconds", self.limits.max_seconds, loc, " s")

    # --- resolution ---------------------------------------------------------------------

    def solve(self, cont: Cont, lits: tuple[Any, ...], depth: int) -> Iterator[tuple[Any, ...]]:
        """Solve a goal list; yield the literals of each solution (bindings on the trail)."""
        if cont is None:
            yield lits
            return
        goal, loc, rest = cont
        self.steps += 1
        if not self.steps & 4095:
            self.tick(loc)
        while type(goal) is V and goal.ref is not None:
            goal = goal.ref
        tg = type(goal)
        if tg is tuple:
            key = (goal[0], len(goal) - 1)
        elif tg is str:
            key = (goal, 0)
        elif tg is V:
            raise GroundingError(
                "instantiation error: a goal is an unbound variable", loc,
                "bind the variable to a callable term before calling it",
            )
        else:
            raise GroundingError(f"type error: {show(goal)} is not callable", loc)
        ctl = self.control.get(key)
        if ctl is not None:
            yield from ctl(self, goal, loc, rest, lits, depth)
            return
        pred = self.db.get(key)
        trail = self.trail
        if pred is not None:
            if pred.facts:
                fact_lits = self.fact_lits
                for e in pred.candidates(index_key(_first(goal)) if tg is tuple else None):
                    m = len(trail)
                    if unify(e.head, goal, trail):
                        lit = fact_lits.get(e, e)
                        if lit is e:
                            lit = self.fact_literal(self, e)
                        yield from self.solve(rest, lits if lit is None else (*lits, lit), depth)
                    undo(trail, m)
                return
            for lit in self.call(goal, pred, loc, depth):
                yield from self.solve(rest, lits if lit is None else (*lits, lit), depth)
            return
        args = goal[1:] if tg is tuple else ()
        fn = DET_BUILTINS.get(key)
        if fn is not None:
            m = len(trail)
            try:
                ok = fn(trail, *args)
            except EvalError as exc:
                raise self.located(exc, key, loc) from None
            if ok:
                yield from self.solve(rest, lits, depth)
            undo(trail, m)
            return
        gen = NONDET_BUILTINS.get(key)
        if gen is None:
            raise self.undefined(key, loc)
        it = gen(trail, *args)
        while True:
            try:
                next(it)
            except StopIteration:
                return
            except EvalError as exc:
                raise self.located(exc, key, loc) from None
            yield from self.solve(rest, lits, depth)

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
            self.resolve_clauses(self, t, goal, pred, index_key(_first(goal)), depth + 1)
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
        self.add_rule(a, lits, loc)

    def add_rule(self, head: Any, lits: tuple[Any, ...], loc: Any) -> None:
        """Record a ground rule (deduplicated)."""
        rk = (head, lits)
        if rk not in self.rules:
            self.rules[rk] = None
            if len(self.rules) > self.limits.max_rules:
                raise self.limit("max_rules", self.limits.max_rules, loc)
            if not lits:
                self.det.add(head)


def _first(goal: Any) -> Any:
    return deref(goal[1]) if type(goal) is tuple else V()
