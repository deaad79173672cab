"""The grounding engine's solver loop: SLD resolution of goal lists over tabled calls.

`Engine.solve` runs control constructs (`control.CONTROL`), ground facts, tabled user
predicates (through `tabling.Tabling`, their clauses run by `resolution`) and builtins; it
also holds the choice groups and the located errors. It implements `solver.Solver`, the
interface the modules it uses are written against (the module order is in `solver`).
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from cortexlog.errors import GroundingError
from cortexlog.grounding import atoms, builtins, lists
from cortexlog.grounding.control import CONTROL
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import Predicate, index_key
from cortexlog.grounding.internal import EvalError, V, first_arg, undo, unify
from cortexlog.grounding.library import UNSUPPORTED, exported_by
from cortexlog.grounding.limits import GroundingLimits
from cortexlog.grounding.proofs import PerProof
from cortexlog.grounding.resolution import ad_call, fact_literal, resolve_clauses
from cortexlog.grounding.solver import Cont, ControlHandler, Group, Solutions, Subquery
from cortexlog.grounding.symbolic import has_lin, solve_builtin
from cortexlog.grounding.tabling import AddAnswer, S, Tabling

DET_BUILTINS = {**builtins.DET, **lists.DET, **atoms.DET}
NONDET_BUILTINS = {**builtins.NONDET, **lists.NONDET}

T = TypeVar("T")


class Engine(Tabling):
    """Grounding state: the clause database, choice groups and the solver loop.

    Tables, the trail and recorded rules are kept by the `Tabling` base. While a findall
    goal is solved, `proofs` holds the per-proof call strategy (`per_proof`).

    Args:
        db: the clause database (`build_database`).
        limits: the resource limits.
    """

    def __init__(self, db: dict[tuple[str, int], Predicate], limits: GroundingLimits) -> None:
        super().__init__(limits)
        self.db = db
        self.control: dict[tuple[str, int], ControlHandler] = CONTROL
        self.fact_lits: dict[Any, Any] = {}
        self.group_index: dict[Any, int] = {}
        self.groups: list[Group] = []
        self.aux: dict[tuple[Any, ...], Any] = {}
        self.steps = 0
        # The arithmetic path (`symbolic`): allowed at all, and whether a value was made
        # symbolic yet (builtins look for symbolic arguments only then).
        self.symbolic = False
        self.subquery: Subquery | None = None  # what subquery/2,3,5 calls (`ground`)
        self.lins = False
        self.rv_values: dict[int, tuple[int, ...]] = {}
        # Answers with more values than this become inputs (`symbolic.answer_input`).
        self.answer_limit: int | None = None
        self.answer_inputs: list[tuple[Any, int, tuple[int, ...], Any]] = []
        self.unknown_fail = False
        # Python-defined builtins of `:- use_module('lib.py').` (`pyextern.load`).
        self.externs: dict[tuple[str, int], Callable[..., Any]] = {}
        self.deadline = time.monotonic() + limits.max_seconds
        # The per-proof call strategy while a findall goal is solved, else None; the one
        # made for this engine (its restored predicates are built once).
        self.proofs: PerProof | None = None
        self._per_proof: PerProof | None = None

    # --- the strategies ------------------------------------------------------------------

    def run_clauses(
        self, goal: Any, pred: Predicate, depth: int, add: AddAnswer[S], into: S
    ) -> None:
        """Run every clause of `pred` that may match `goal`: `add(into, ...)` per solution.

        Args:
            goal: the call (bindings are undone afterwards).
            pred: the predicate's entries.
            depth: the nesting depth of the clause bodies.
            add: receives each solution (`add_answer`, for tables).
            into: the first argument of `add` (the call's table).
        """
        resolve_clauses(self, goal, pred, index_key(first_arg(goal)), depth, add, into)

    def per_proof(self, run: Callable[[], T]) -> T:
        """Run `run()` with user predicates solved one solution per proof (findall/3).

        Args:
            run: what to run, e.g. solving a findall goal completely.

        Returns:
            What `run` returns.
        """
        if self.proofs is not None:  # already inside a findall goal
            return run()
        if self._per_proof is None:
            self._per_proof = PerProof(self)
        self.proofs = self._per_proof
        try:
            return run()
        finally:
            self.proofs = None

    def defines(self, key: tuple[str, int]) -> bool:
        """Whether `key` names a predicate of the program, a control construct or a builtin."""
        return (key in self.db or key in self.control or key in DET_BUILTINS
                or key in NONDET_BUILTINS or key in self.externs)

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

    def solve(self, cont: Cont, lits: tuple[Any, ...], depth: int) -> Solutions:
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
            proofs = self.proofs
            # Ground facts need no table; inside findall/3, repeated facts are proofs too.
            facts = pred.facts and (proofs is None or not pred.repeats)
            if facts and self.symbolic and tg is tuple:
                sym = ad_call(self, goal, pred.candidates(index_key(first_arg(goal))))
                if sym:  # integer-valued AD facts: the value stays symbolic
                    self.lins = True
                    for head, _, anyone in sym:
                        m = len(trail)
                        if unify(head, goal, trail):
                            yield from self.solve(rest, (*lits, anyone), depth)
                        undo(trail, m)
                    return
            if facts:
                fact_lits = self.fact_lits
                for e in pred.candidates(index_key(first_arg(goal)) if tg is tuple else None):
                    m = len(trail)
                    if unify(e.head, goal, trail):
                        lit = fact_lits.get(e, e)
                        if lit is e:
                            lit = fact_literal(self, e)
                        yield from self.solve(rest, lits if lit is None else (*lits, lit), depth)
                    undo(trail, m)
                return
            answers = (self.call(goal, pred, loc, depth) if proofs is None
                       else proofs.call(goal, key, pred, loc, depth))
            for lit in answers:
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
        gen = NONDET_BUILTINS.get(key) or self.externs.get(key)
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
