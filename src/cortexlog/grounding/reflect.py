"""Reading the program's own clauses: `clause/2` and `clause/3`, as ProbLog.

`clause(Head, Body)` unifies `Head` and `Body` with the head and body of each clause of the
program (a fact's body is `true`), in source order; it is deterministic: a probabilistic
clause is listed like a deterministic one. `clause(Head, Body, P)` also gives the clause's
probability (`1.0` for a deterministic clause). With `Head` unbound every clause of the
program is listed. Annotated disjunctions and neural declarations have no single head:
calling `clause/2,3` on one is an "unsupported" error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import DET, PROB, Entry
from cortexlog.grounding.internal import Flt, V, deref, inst, undo, unify
from cortexlog.grounding.solver import Cont, ControlHandler, Solutions, Solver

DOCS_HINT = "see 'Not supported' in docs/language.md"


def _entries(eng: Solver, head: Any, loc: Any) -> Iterator[Entry]:
    """The entries `clause/2,3` may list for `head`: its predicate's, or all of them."""
    th = type(head)
    if th is V:
        for every in list(eng.db.values()):
            yield from every.entries
        return
    if th is str:
        key = (head, 0)
    elif th is tuple:
        key = (head[0], len(head) - 1)
    else:
        raise GroundingError(f"type error: clause/2 of {show(head)}, which is not callable", loc)
    pred = eng.db.get(key)
    if pred is not None:
        yield from pred.entries


def _body(e: Entry, frame: list[Any]) -> Any:
    """The clause body as one term (`true` for a fact, a right-nested `,` otherwise)."""
    if not e.body:
        return "true"
    body = inst(e.body[-1], frame)
    for g in reversed(e.body[:-1]):
        body = (",", inst(g, frame), body)
    return body


def clause_solutions(
    eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int
) -> Solutions:
    """`clause(Head, Body)` and `clause(Head, Body, Prob)`: one solution per clause.

    Args:
        eng: the engine; goal: the call; loc: its location; rest: the goals after it;
        lits: the literals so far; depth: the nesting depth.

    Returns:
        The solutions of `rest` after each clause's head, body (and probability) unify.
    """
    head = deref(goal[1])
    trail = eng.trail
    for e in _entries(eng, head, loc):
        if e.kind not in (DET, PROB):
            raise GroundingError(
                f"unsupported: clause/{len(goal) - 1} on the annotated disjunction or neural "
                f"declaration at {e.location} is not implemented by cortexlog", loc, DOCS_HINT)
        frame: list[Any] = [None] * e.nvars
        m = len(trail)
        parts = [(goal[1], inst(e.head, frame)), (goal[2], _body(e, frame))]
        if len(goal) == 4:
            prob = Flt(1.0) if e.kind == DET else inst(e.probs[0], frame)
            parts.append((goal[3], prob))
        if all(unify(a, b, trail) for a, b in parts):
            yield from eng.solve(rest, lits, depth)
        undo(trail, m)


REFLECT: dict[tuple[str, int], ControlHandler] = {
    ("clause", 2): clause_solutions,
    ("clause", 3): clause_solutions,
}
