"""Per-proof solving for findall/3: one solution per proof, as ProbLog collects them.

Tabling answers each call variant once, so `item(1). item(1).` or `h(X) :- g(X).` with two
proofs of `g(1)` would give findall/3 a single `1`. ProbLog's findall/3 keeps every proof
(it enumerates the branches of each answer's formula), so while a findall goal is solved
the engine's `call` is replaced by `_proof_call`: a user predicate's clauses are resolved
directly and every clause solution (with its own literals) is one solution. A call that is
already being expanded (recursion) falls back to the ordinary table, which is how ProbLog
also ends a cyclic proof (`p(1). p(X) :- p(Y), X = Y.` collects `[1, 1]`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from cortexlog.grounding.database import index_key
from cortexlog.grounding.internal import first_arg, keyify, undo, unify, unkey

if TYPE_CHECKING:
    from cortexlog.grounding.database import Predicate
    from cortexlog.grounding.engine import Engine
    from cortexlog.grounding.tabling import Table

T = TypeVar("T")


class _Proofs:
    """Stands in for a table: collects `(answer key, literals)` of each clause solution."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found: list[tuple[Any, tuple[Any, ...]]] = []


def per_proof(eng: Engine, run: Callable[[], T]) -> T:
    """Run `run()` with user predicates solved per proof (see the module docstring).

    Args:
        eng: the engine.
        run: what to run, e.g. solving a findall goal completely.

    Returns:
        What `run` returns.
    """
    if "call" in vars(eng):  # already inside a findall goal
        return run()
    from cortexlog.grounding.engine import Engine

    expanding: set[Any] = set()

    def add_answer(t: Table | _Proofs, goal: Any, lits: tuple[Any, ...], loc: Any) -> None:
        if type(t) is _Proofs:
            t.found.append((keyify(goal, {}), lits))
        else:
            Engine.add_answer(eng, t, goal, lits, loc)  # type: ignore[arg-type]

    def call(goal: Any, pred: Predicate, loc: Any, depth: int) -> Iterator[Any]:
        vkey = keyify(goal, {})
        if vkey in expanding:
            yield from Engine.call(eng, goal, pred, loc, depth)
            return
        if depth > eng.limits.max_depth:
            raise eng.limit("max_depth", eng.limits.max_depth, loc)
        proofs = _Proofs()
        expanding.add(vkey)
        try:
            key = index_key(first_arg(goal))  # the engine's first-argument index key
            eng.resolve_clauses(eng, proofs, goal, pred, key, depth + 1)  # type: ignore[arg-type]
        finally:
            expanding.discard(vkey)
        yield from _replay(eng, goal, proofs.found)

    db = eng.db
    eng.db = _proof_database(eng)
    eng.add_answer = add_answer  # type: ignore[method-assign]
    eng.call = call  # type: ignore[method-assign]
    try:
        return run()
    finally:
        del eng.add_answer, eng.call
        eng.db = db


class _WithRepeats:
    """A predicate with its repeated deterministic facts back in place (`item(1)` twice)."""

    __slots__ = ("entries", "facts")

    def __init__(self, pred: Predicate) -> None:
        self.entries = list(pred.entries)
        for pos, e in reversed(pred.repeats):
            self.entries.insert(pos, e)
        self.facts = False  # resolved clause by clause, so each copy is one proof

    def candidates(self, key: Any) -> list[Any]:
        """Every entry (heads are unified one by one)."""
        return self.entries


def _proof_database(eng: Engine) -> dict[tuple[str, int], Any]:
    """The engine's database with repeated facts restored (built once per engine)."""
    cached = vars(eng).get("_proof_db")
    if cached is None:
        cached = eng.db
        with_repeats = {k: _WithRepeats(p) for k, p in eng.db.items() if p.repeats}
        if with_repeats:
            cached = {**eng.db, **with_repeats}
        vars(eng)["_proof_db"] = cached
    return cached


def _replay(eng: Engine, goal: Any, found: list[tuple[Any, tuple[Any, ...]]]) -> Iterator[Any]:
    """Bind `goal` to each collected proof's answer; yield one literal for its conjunction."""
    from cortexlog.grounding.control import condition

    trail = eng.trail
    for key, lits in found:
        m = len(trail)
        if unify(goal, unkey(key, {}), trail):
            yield None if not lits else condition(eng, [lits])
        undo(trail, m)
