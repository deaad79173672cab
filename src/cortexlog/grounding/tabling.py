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

from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding.database import Predicate
from cortexlog.grounding.internal import Mark, V, undo, unify
from cortexlog.grounding.keys import keyify, unkey
from cortexlog.grounding.limits import GroundingLimits

INF = 1 << 60  # "no low link": above any stack position

# The grounder's vocabulary. Internal terms are plain Python values (`internal.py`), so
# these name what a value is rather than constrain it.
#: An internal term: an atom `str`, an `int`/`Flt`, a `PStr`, a compound tuple, a `V`...
Term = Any
#: A variant key (`keys.keyify`): a term whose variables are numbered `Mark`s; the
#: key of a ground term is the term itself, so a ground atom is its own key.
Key = Hashable
#: A body literal of a ground rule: a ground atom (its key), a `ChoiceVar`, a `Neg`, a
#: `symbolic.Con`, or an auxiliary atom `('$aux', i)`.
Lit = Hashable
#: The literals of one solution, in order (a conjunction).
Body = tuple[Lit, ...]
#: Where a goal or clause comes from (None for generated goals).
Loc = SourceLocation | None
#: An answer of a table: its key, and whether it is ground (then the key is the atom).
Answer = tuple[Key, bool]

S = TypeVar("S")
#: Where clause solutions go: `add(into, goal, literals, location)` per solution, the goal's
#: bindings on the trail (`Tabling.add_answer` into a table, or per-proof collection).
AddAnswer = Callable[[S, Term, Body, Loc], None]


class Table:
    """The answers of one call variant, and its evaluation state.

    Attributes:
        answers: the answers so far, in the order found.
        answer_keys: their keys (to add each answer once).
        complete: no answer can be added any more (its SCC is complete).
        active: its clauses are being run (it is on the engine's `stack`).
        stack_pos: its position on the stack while active (Tarjan's index).
        low_link: the lowest stack position it reads from (its SCC's leader's position).
        stamp: the engine's pass stamp when its clauses last ran.
        owner: the table whose evaluation re-runs it (set when it is left incomplete).
        completion_index: its position on the engine's `completion` list (-1: never run).
        min_consumed: fewest answers a finished consumer of this table had seen.
        alias: its answers' own atoms `'$call'(call, Answer)` (ProbLog keeps each call's
            answers apart), for non-ground calls of mode-testing programs (`call_modes`).
    """

    __slots__ = ("answers", "answer_keys", "complete", "active", "stack_pos", "low_link",
                 "stamp", "owner", "completion_index", "min_consumed", "alias", "call")

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.answer_keys: set[Key] = set()
        self.complete = False
        self.active = False
        self.stack_pos = 0
        self.low_link = 0
        self.stamp = -1
        self.owner: Table | None = None
        self.completion_index = -1
        self.min_consumed = INF
        self.alias: dict[Key, Key] | None = None
        self.call = 0


class Tabling:
    """Tables, SCC completion state and recorded ground rules (the base of `Engine`).

    Args:
        limits: the resource limits.
    """

    def __init__(self, limits: GroundingLimits) -> None:
        self.limits = limits
        self.trail: list[V] = []  # the bound variables, undone on backtracking
        self.tables: dict[Key, Table] = {}  # call variant -> its table
        self.stack: list[Table] = []  # the active tables, innermost last
        self.completion: list[Table] = []  # the incomplete tables, in order of first run
        self.stamp = 0  # the evaluation pass (an SCC leader's re-run starts a new one)
        # Progress counters: an SCC leader re-runs its clauses while a pass added answers
        # (`n_answers`) that consumers may have missed, and read incomplete tables.
        self.n_answers = 0
        self.n_reads = 0  # reads of incomplete tables (and tables left incomplete)
        # The lowest stack position read (`control.solve_complete` resets it to find reads
        # below its goal: negation or findall through recursion).
        self.min_read = INF
        self.missed = 0  # answers added after a consumer of their table had finished
        self.open_reads = 0  # consumers of incomplete tables not finished yet
        self.rules: dict[tuple[Key, Body], None] = {}  # the ground rules, in order
        self.det: set[Key] = set()  # atoms known true (a rule with an empty body)
        # Mode-dependent predicates (`call_modes`) and, for their answers, the rule bodies
        # recorded by each call's table.
        self.watched: set[tuple[str, int]] = set()
        self.alias_queries = False  # the queries' own calls get answer atoms too (`alias`)
        self.by_call: dict[Key, dict[Table, set[Body]]] = {}
        self.by_call_loc: dict[Key, Loc] = {}

    def run_clauses(
        self, goal: Term, pred: Predicate, depth: int, add: AddAnswer[S], into: S
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

    def limit(self, what: str, value: float, loc: Loc, unit: str = "") -> GroundingError:
        """The error for an exceeded limit, naming it and how to raise it."""
        return GroundingError(
            f"grounding exceeded {what}={value}{unit}",
            loc,
            f"the program may loop or be very large; raise it with "
            f"GroundingLimits({what}=...) if the program is correct",
        )

    def call(self, goal: Term, pred: Predicate, loc: Loc, depth: int) -> Iterator[Lit | None]:
        """Call a user predicate through its table; yield each answer's literal.

        Args:
            goal: the call; bound to each answer in turn (undone before the next).
            pred: its predicate.
            loc: the call's location.
            depth: the nesting depth.

        Yields:
            The answer's atom, or None when it is known true (deterministic).
        """
        seen: dict[V, Mark] = {}
        vkey = keyify(goal, seen)
        t = self.tables.get(vkey)
        if t is None:
            t = self.tables[vkey] = Table()
            if seen and (depth or self.alias_queries) and self.watched:  # own answer atoms
                t.alias, t.call = {}, len(self.tables)
            self.evaluate(t, goal, pred, loc, depth)
        elif not t.complete:
            if t.active:
                low = t.stack_pos
            elif t.stamp != self.stamp:
                self.evaluate(t, goal, pred, loc, depth)
                low = INF
            else:
                low = self.find_active(t).low_link
            if low != INF:
                self.n_reads += 1
                top = self.stack[-1]
                if low < top.low_link:
                    top.low_link = low
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
            alias = t.alias
            i = 0
            while i < len(answers):
                a, ground = answers[i]
                i += 1
                m = len(trail)
                if unify(goal, a if ground else unkey(a, {}), trail):
                    if alias is not None:  # a query (depth 0) keeps a true answer's atom
                        a = alias[a]
                    yield None if a in det and (depth or alias is None) else a
                undo(trail, m)
        if watch:  # not reached when the consumer is abandoned: open_reads stays raised
            self.open_reads -= 1
            if len(answers) < t.min_consumed:
                t.min_consumed = len(answers)

    def find_active(self, t: Table) -> Table:
        """Follow the owner links of an incomplete table to the active table of its SCC."""
        x = t
        while not x.active:
            assert x.owner is not None
            x = x.owner
        t.owner = x
        return x

    def evaluate(self, t: Table, goal: Term, pred: Predicate, loc: Loc, depth: int) -> None:
        """Evaluate a table: run its clauses, iterating an SCC leader to a fixpoint.

        Args:
            t: the call's table (new, or incomplete and not run in this pass).
            goal: the call.
            pred: its predicate.
            loc: the call's location.
            depth: the nesting depth.
        """
        if depth > self.limits.max_depth:
            raise self.limit("max_depth", self.limits.max_depth, loc)
        reeval = t.completion_index >= 0
        if not reeval:
            t.completion_index = len(self.completion)
            self.completion.append(t)
        t.active = True
        t.stack_pos = t.low_link = len(self.stack)
        self.stack.append(t)
        while True:
            t.stamp = self.stamp
            n_ans, n_reads = self.n_answers, self.n_reads
            missed, open_reads = self.missed, self.open_reads
            self.run_clauses(goal, pred, depth + 1, self.add_answer, t)
            if (reeval or t.low_link < t.stack_pos or n_ans == self.n_answers
                    or n_reads == self.n_reads):
                break
            if self.missed == missed and self.open_reads == open_reads:
                break  # every consumer of this pass saw every answer: nothing new to derive
            self.stamp += 1
        self.stack.pop()
        t.active = False
        if t.low_link == t.stack_pos and not reeval:  # t leads its SCC: complete it
            for x in self.completion[t.completion_index :]:
                x.complete = True
            del self.completion[t.completion_index :]
            return
        low = t.low_link
        if reeval and t.owner is not None:
            low = min(low, self.find_active(t).low_link)
        if self.stack:
            parent = self.stack[-1]
            parent.low_link = min(parent.low_link, low)
            t.owner = parent
            self.min_read = min(self.min_read, low)
            self.n_reads += 1

    def add_answer(self, t: Table, goal: Term, lits: Body, loc: Loc) -> None:
        """Record an answer of table `t` and the ground rule that derives it.

        Args:
            t: the call's table.
            goal: the call, bound to the answer.
            lits: the literals of the clause solution.
            loc: the clause's location.
        """
        seen: dict[V, Mark] = {}
        a = keyify(goal, seen)
        if a not in t.answer_keys:
            t.answer_keys.add(a)
            if len(t.answers) >= t.min_consumed:
                self.missed += 1  # a consumer of `t` finished before this answer
            t.answers.append((a, not seen))
            self.n_answers += 1
        if t.alias is not None:  # this call's own atom for the answer
            a = t.alias.get(a) or t.alias.setdefault(a, ("$call", t.call, a))
            seen = {}
        if not lits and (seen or t.alias is not None):
            self.det.add(a)
            return
        if len(lits) > 1:
            lits = tuple(dict.fromkeys(lits))
        if self.watched and t.alias is None and (a if type(a) is str else a[:1]) and \
                self._watched(a):
            self.by_call.setdefault(a, {}).setdefault(t, set()).add(lits)
            self.by_call_loc.setdefault(a, loc)
        self.add_rule(a, lits, loc)

    def _watched(self, a: Term) -> bool:
        key = (a, 0) if type(a) is str else (a[0], len(a) - 1)
        return key in self.watched

    def add_rule(self, head: Key, lits: Body, loc: Loc) -> None:
        """Record a ground rule `head :- lits` (deduplicated); an empty body makes `head` true.

        Raises:
            GroundingError: more rules than `limits.max_rules`.
        """
        rk = (head, lits)
        if rk not in self.rules:
            self.rules[rk] = None
            if len(self.rules) > self.limits.max_rules:
                raise self.limit("max_rules", self.limits.max_rules, loc)
            if not lits:
                self.det.add(head)
