"""The grounding engine's solver loop: SLD resolution of goal lists over tabled calls.

`Engine.solve` runs control constructs, ground facts, tabled user predicates (through
`tabling.Tabling`) and builtins; it also holds the choice groups and the located errors.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Iterator
from typing import Any

from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding import builtins, lists
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import Predicate, index_key
from cortexlog.grounding.internal import EvalError, V, first_arg, undo, unify
from cortexlog.grounding.library import UNSUPPORTED, exported_by
from cortexlog.grounding.limits import GroundingLimits
from cortexlog.grounding.symbolic import has_lin, solve_builtin
from cortexlog.grounding.tabling import Tabling

DET_BUILTINS = {**builtins.DET, **lists.DET}
NONDET_BUILTINS = {**builtins.NONDET, **lists.NONDET}

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


class Engine(Tabling):
    """Grounding state: the clause database, choice groups and the solver loop.

    Tables, the trail and recorded rules are kept by the `Tabling` base.

    Args:
        db: the clause database (`build_database`).
        limits: the resource limits.
    """

    def __init__(self, db: dict[tuple[str, int], Predicate], limits: GroundingLimits) -> None:
        from cortexlog.grounding.control import CONTROL
        from cortexlog.grounding.resolution import ad_call, fact_literal, resolve_clauses

        super().__init__(limits)
        self.db = db
        self.control = CONTROL
        self.resolve_clauses = resolve_clauses
        self.fact_literal = fact_literal
        self.ad_call = ad_call
        self.fact_lits: dict[Any, Any] = {}
        self.group_index: dict[Any, int] = {}
        self.groups: list[tuple[tuple[Any, ...], tuple[Any, ...], bool, SourceLocation]] = []
        self.aux: dict[tuple[Any, ...], Any] = {}
        self.steps = 0
        # The arithmetic path (`symbolic`): allowed at all, and whether a value was made
        # symbolic yet (builtins look for symbolic arguments only then).
        self.symbolic = False
        self.lins = False
        self.rv_values: dict[int, tuple[int, ...]] = {}
        # Answers with more values than this become inputs (`symbolic.answer_input`).
        self.answer_limit: int | None = None
        self.answer_inputs: list[tuple[Any, int, tuple[int, ...], Any]] = []
        self.unknown_fail = False
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
        missing = UNSUPPORTED.get(key)
        if missing is not None:
            return GroundingError(
                f"unsupported: {key[0]}/{key[1]} ({missing}) is not implemented by cortexlog",
                loc, "see 'Not supported' in docs/language.md",
            )
        hint = "check the spelling"
        if similar:
            hint += "; defined predicates with a similar name: " + ", ".join(similar)
        return GroundingError(f"unknown predicate {key[0]}/{key[1]}", loc, hint)

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
            if pred.facts and self.symbolic and tg is tuple:
                sym = self.ad_call(self, goal, pred.candidates(index_key(first_arg(goal))))
                if sym:  # integer-valued AD facts: the value stays symbolic
                    self.lins = True
                    for head, _, anyone in sym:
                        m = len(trail)
                        if unify(head, goal, trail):
                            yield from self.solve(rest, (*lits, anyone), depth)
                        undo(trail, m)
                    return
            if pred.facts:
                fact_lits = self.fact_lits
                for e in pred.candidates(index_key(first_arg(goal)) if tg is tuple else None):
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
        if self.lins and has_lin(goal):
            yield from solve_builtin(self, key, args, rest, lits, depth)
            return
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
            if self.unknown_fail:  # `:- unknown(fail).`: an undefined predicate fails
                return
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
