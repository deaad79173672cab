"""Reading the program: its clauses (`clause/2,3`) and its probabilities (`subquery/2,3,5`).

`clause(Head, Body)` unifies `Head` and `Body` with the head and body of each clause of the
program (a fact's body is `true`), in source order; it is deterministic: a probabilistic
clause is listed like a deterministic one. `clause(Head, Body, P)` also gives the clause's
probability (`1.0` for a deterministic clause). With `Head` unbound every clause of the
program is listed. Annotated disjunctions and neural declarations have no single head:
calling `clause/2,3` on one is an "unsupported" error.

`subquery(Goal, P)` runs a separate inference of `Goal` on the program (without its
evidence; `subquery(Goal, P, Evidence)` takes a list of atoms as evidence, true) and gives
one solution per answer of `Goal` with its probability `P`, a deterministic fact of the
outer program, as ProbLog. `subquery/5` accepts the semirings "prob" and "logprob" (both
give the probability) and ignores the evaluator name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.builtins import list_items
from cortexlog.grounding.convert import from_ast, show, to_ast
from cortexlog.grounding.database import DET, PROB, Entry
from cortexlog.grounding.internal import (
    EvalError,
    Flt,
    Named,
    PStr,
    V,
    deref,
    inst,
    resolve,
    undo,
    unify,
)
from cortexlog.grounding.keys import keyify, name_vars
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


def clause_query(eng: Solver, goal: Any, loc: Any) -> list[Any]:
    """The answers of `query(clause(H, B))`, as ProbLog gives them: each matching clause as
    stored, its variables named `V_0`, `V_1`, ... in order of first occurrence (head, then
    body), true; the query itself (false) when no clause matches.

    Args:
        eng: the engine; goal: the query atom `clause(H, B)`; loc: its location.

    Returns:
        The answer keys (each made true by a fact rule).
    """
    trail = eng.trail
    found: dict[Any, None] = {}
    for e in _entries(eng, deref(goal[1]), loc):
        if e.kind != DET:
            raise GroundingError(
                f"unsupported: a query of clause/2 on the probabilistic clause, annotated "
                f"disjunction or neural declaration at {e.location}", loc,
                "ask a predicate that calls clause/2; " + DOCS_HINT)
        frame: list[Any] = [None] * e.nvars
        head, body = inst(e.head, frame), _body(e, frame)
        m = len(trail)
        ok = unify(goal[1], head, trail) and unify(goal[2], body, trail)
        undo(trail, m)
        if ok:
            names: dict[V, Named] = {}
            found[("clause", _named(head, names), _named(body, names))] = None
    for answer in found:
        eng.add_rule(answer, (), loc)
    return list(found) or [keyify(goal, {})]


def _named(t: Any, names: dict[V, Named]) -> Any:
    """`t` with each unbound variable replaced by `V_i` (numbered in order of occurrence)."""
    return name_vars(t, names, lambda v: f"V_{len(names)}")


def subquery_solutions(
    eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int
) -> Solutions:
    """`subquery(Goal, P)`, `subquery(Goal, P, Evidence)`, `subquery(Goal, P, Ev, S, E)`.

    Args:
        eng: the engine; goal: the call; loc: its location; rest: the goals after it;
        lits: the literals so far; depth: the nesting depth.

    Returns:
        The solutions of `rest` per answer of Goal, with P its probability.
    """
    if eng.subquery is None:
        raise GroundingError("unsupported: subquery/N needs an evaluator; call it through "
                             "cortexlog.Program or the cortexlog command", loc, DOCS_HINT)
    target = deref(goal[1])
    if type(target) is V:
        raise GroundingError("instantiation error: subquery/N of an unbound goal", loc)
    evidence: list[Any] = []
    if len(goal) >= 4:
        try:
            evidence = [to_ast(resolve(e)) for e in list_items(deref(goal[3]), "evidence")]
        except EvalError as exc:
            raise GroundingError(f"subquery/N: {exc.message}", loc) from None
    if len(goal) == 6:
        semiring = deref(goal[4])
        name = semiring.value if type(semiring) is PStr else semiring
        if name not in ("prob", "logprob"):
            raise GroundingError(f"unsupported: subquery/5 with semiring {show(semiring)} "
                                 "(only \"prob\" and \"logprob\")", loc, DOCS_HINT)
    trail = eng.trail
    for atom, p in eng.subquery(to_ast(resolve(target)), evidence):
        m = len(trail)
        if unify(goal[1], from_ast(atom, {}), trail) and unify(goal[2], Flt(p), trail):
            yield from eng.solve(rest, lits, depth)
        undo(trail, m)


REFLECT: dict[tuple[str, int], ControlHandler] = {
    ("clause", 2): clause_solutions,
    ("clause", 3): clause_solutions,
    ("subquery", 2): subquery_solutions,
    ("subquery", 3): subquery_solutions,
    ("subquery", 5): subquery_solutions,
}
