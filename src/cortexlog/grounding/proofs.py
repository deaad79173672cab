"""Per-proof solving for findall/3: one solution per proof, as ProbLog collects them.

Tabling answers each call variant once, so `item(1). item(1).` or `h(X) :- g(X).` with two
proofs of `g(1)` would give findall/3 a single `1`. ProbLog's findall/3 keeps every proof
(it enumerates the branches of each answer's formula), so while a findall goal is solved
the engine calls user predicates through a `PerProof` strategy (`Engine.per_proof`) instead
of their tables: a predicate's clauses are resolved directly and every clause solution
(with its own literals) is one solution. A call that is already being expanded (recursion)
falls back to the ordinary table, which is how ProbLog also ends a cyclic proof
(`p(1). p(X) :- p(Y), X = Y.` collects `[1, 1]`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortexlog.grounding.database import Entry, Predicate, index_key
from cortexlog.grounding.internal import first_arg, undo, unify
from cortexlog.grounding.keys import keyify, unkey
from cortexlog.grounding.resolution import resolve_clauses
from cortexlog.grounding.solver import Solver, condition

#: A collected clause solution: `(answer key, literals)`.
Proof = tuple[Any, tuple[Any, ...]]


class WithRepeats(Predicate):
    """A predicate with its repeated deterministic facts back in place (`item(1)` twice).

    Resolved clause by clause (`facts` is False), so each copy of a fact is one proof.
    """

    def candidates(self, key: Any) -> list[Entry]:
        """Every entry (heads are unified one by one)."""
        return self.entries


def with_repeats(pred: Predicate) -> WithRepeats:
    """`pred` with its repeated deterministic facts restored, in source order."""
    entries = list(pred.entries)
    for pos, e in reversed(pred.repeats):
        entries.insert(pos, e)
    return WithRepeats(entries=entries, facts=False)


class PerProof:
    """The per-proof call strategy of findall/3 (see the module docstring).

    Args:
        eng: the engine whose user predicates it calls.
    """

    __slots__ = ("eng", "expanding", "restored")

    def __init__(self, eng: Solver) -> None:
        self.eng = eng
        # The predicates with repeated facts, restored (the others are used as they are).
        self.restored = {k: with_repeats(p) for k, p in eng.db.items() if p.repeats}
        self.expanding: set[Any] = set()  # variant keys of the calls being expanded

    def call(
        self, goal: Any, key: tuple[str, int], pred: Predicate, loc: Any, depth: int
    ) -> Iterator[Any]:
        """Solve a user predicate call per proof; yield one literal (or None) per proof.

        Args:
            goal: the call.
            key: its predicate's `(name, arity)`.
            pred: its predicate in the engine's database.
            loc: the call's location.
            depth: the nesting depth.
        """
        eng = self.eng
        pred = self.restored.get(key, pred)
        vkey = keyify(goal, {})
        if vkey in self.expanding:
            yield from eng.call(goal, pred, loc, depth)
            return
        if depth > eng.limits.max_depth:
            raise eng.limit("max_depth", eng.limits.max_depth, loc)
        found: list[Proof] = []
        self.expanding.add(vkey)
        try:
            index = index_key(first_arg(goal))
            resolve_clauses(eng, goal, pred, index, depth + 1, _collect, found)
        finally:
            self.expanding.discard(vkey)
        yield from _replay(eng, goal, found)


def _collect(found: list[Proof], answer: Any, lits: tuple[Any, ...], loc: Any) -> None:
    """Per-proof collection: each clause solution is one proof (`(answer key, literals)`)."""
    found.append((keyify(answer, {}), lits))


def _replay(eng: Solver, goal: Any, found: list[Proof]) -> Iterator[Any]:
    """Bind `goal` to each collected proof's answer; yield one literal for its conjunction."""
    trail = eng.trail
    for key, lits in found:
        m = len(trail)
        if unify(goal, unkey(key, {}), trail):
            yield None if not lits else condition(eng, [lits])
        undo(trail, m)
