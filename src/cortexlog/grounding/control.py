"""Control constructs: conjunction, disjunction, if-then-else, negation, call/N, findall.

Negation, findall/3, forall/2 and if-then-else conditions evaluate their goal completely
first; a goal that depends on a call still being evaluated (recursion through them) is
not stratified and raises a `GroundingError`. The condition of if-then-else must be
deterministic: its first solution may not depend on probabilistic facts.
`once/1` is `call/1`, as in ProbLog (it keeps every solution, and with it every proof's
probability). `findall/3` over a probabilistic goal follows ProbLog: one result list per
subset of the probabilistic solutions (those in the subset true, the others false).
"""

from __future__ import annotations

import itertools
from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.builtins import make_list, order_key
from cortexlog.grounding.convert import show
from cortexlog.grounding.internal import SymbolicEscape, V, deref, undo, unify, unify_head
from cortexlog.grounding.keys import keyify, unkey
from cortexlog.grounding.reflect import REFLECT
from cortexlog.grounding.solver import Cont, ControlHandler, Solutions, Solver, condition, negate
from cortexlog.grounding.symbolic import Con, has_lin
from cortexlog.grounding.tabling import INF

MAX_FINDALL_CHOICES = 16


def solve_complete(
    eng: Solver, goal: Any, loc: Any, depth: int, what: str, first_only: bool = False,
    template: Any = None,
) -> list[tuple[tuple[Any, ...], Any]]:
    """Solve `goal` completely; return `(literals, template copy)` per solution.

    Raises:
        GroundingError: when the goal depends on a call still under evaluation.
    """
    if depth > eng.limits.max_depth:
        raise eng.limit("max_depth", eng.limits.max_depth, loc)
    saved, eng.min_read = eng.min_read, INF
    barrier = len(eng.stack)
    m = len(eng.trail)
    out: list[tuple[tuple[Any, ...], Any]] = []
    for lits in eng.solve((goal, loc, None), (), depth + 1):
        out.append((lits, None if template is None else keyify(template, {})))
        if first_only or (not lits and template is None):
            break
    undo(eng.trail, m)
    bad = eng.min_read < barrier
    eng.min_read = min(saved, eng.min_read)
    if bad:
        raise GroundingError(
            f"{what} of {show(goal)} depends recursively on the atom being defined "
            "(the program is not stratified)",
            loc,
            "negation, findall/3 and if-then-else conditions may not be part of a cycle",
        )
    return out


def _conj(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    return eng.solve((goal[1], loc, (goal[2], loc, rest)), lits, depth)


def _disj(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    left = deref(goal[1])
    if type(left) is tuple and len(left) == 3 and left[0] == "->":
        yield from _ite(eng, left[1], left[2], goal[2], loc, rest, lits, depth)
        return
    yield from eng.solve((left, loc, rest), lits, depth)
    yield from eng.solve((goal[2], loc, rest), lits, depth)


def _ite(
    eng: Solver, cond: Any, then: Any, other: Any, loc: Any, rest: Cont, lits: Any, depth: int
) -> Solutions:
    m = len(eng.trail)
    first = solve_complete(eng, cond, loc, depth, "the if-then-else condition", True, cond)
    if not first:
        yield from eng.solve((other, loc, rest), lits, depth)
        return
    cond_lits, copy = first[0]
    if eng.lins and any(type(x) is Con for x in cond_lits):
        raise SymbolicEscape("an if-then-else condition on a symbolic value")
    if cond_lits:
        raise GroundingError(
            f"the condition {show(cond)} of an if-then-else is probabilistic",
            loc,
            "if-then-else needs a deterministic condition; use (C, Then ; \\+ C, Else)",
        )
    if unify(cond, unkey(copy, {}), eng.trail):
        yield from eng.solve((then, loc, rest), lits, depth)
    undo(eng.trail, m)


def _if_then(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    return _ite(eng, goal[1], goal[2], "fail", loc, rest, lits, depth)


def _not(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    sols = solve_complete(eng, goal[1], loc, depth, "the negation")
    if not sols:
        yield from eng.solve(rest, lits, depth)
    elif all(s for s, _ in sols):
        lit = negate(condition(eng, [s for s, _ in sols]))
        yield from eng.solve(rest, (*lits, lit), depth)


def _forall(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    return _not(eng, ("\\+", (",", goal[1], ("\\+", goal[2]))), loc, rest, lits, depth)


def _call(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    target = deref(goal[1])
    extra = goal[2:]
    if type(target) is V:
        raise GroundingError("instantiation error: call/N of an unbound variable", loc)
    if extra:
        if type(target) is str:
            target = (target, *extra)
        elif type(target) is tuple:
            target = (*target, *extra)
        else:
            raise GroundingError(f"type error: {show(target)} is not callable", loc)
    return eng.solve((target, loc, rest), lits, depth)


def _try_call(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    """try_call/1: call/1, except that a goal of an undefined predicate fails."""
    target = deref(goal[1])
    tt = type(target)
    key = (target, 0) if tt is str else (target[0], len(target) - 1) if tt is tuple else None
    if key is None or not eng.defines(key):
        return iter(())
    return eng.solve((target, loc, rest), lits, depth)


def _clause_indices(
    eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int
) -> Solutions:
    """'$clause_indices'(Call, Indices): the sorted distinct first arguments of the clause
    heads of Call's predicate that unify with Call (library(cut)'s clause order)."""
    call = deref(goal[1])
    if type(call) is not tuple:
        raise GroundingError(f"library(cut): {show(call)} has no index argument", loc)
    pred = eng.db.get((call[0], len(call) - 1))
    found: dict[Any, None] = {}
    trail = eng.trail
    for e in pred.entries if pred is not None else ():
        frame: list[Any] = [None] * e.nvars
        m = len(trail)
        if unify_head(e.head, call, frame, trail):
            found[keyify(call[1], {})] = None
        undo(trail, m)
    keys = sorted(found, key=lambda k: order_key(unkey(k, {})))
    m = len(trail)
    if unify(goal[2], make_list([unkey(k, {}) for k in keys]), trail):
        yield from eng.solve(rest, lits, depth)
    undo(trail, m)


def _check_result(goal: Any, loc: Any) -> None:
    result = deref(goal[3])
    if not (type(result) is V or result == "[]" or (
            type(result) is tuple and len(result) == 3 and result[0] == ".")):
        raise GroundingError(  # ProbLog: a call mode error
            f"type error: the result of {goal[0]}/3 must be a variable or a list, "
            f"got {show(result)}", loc,
        )


def _findall(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    _check_result(goal, loc)
    sols = eng.per_proof(  # one solution per proof, duplicates included (as ProbLog)
        lambda: solve_complete(eng, goal[2], loc, depth, "findall/3", template=goal[1])
    )
    return _results(eng, goal, loc, rest, lits, depth, sols, allow_empty=True)


def _all(eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int) -> Solutions:
    """all/3 (ProbLog): findall/3 over distinct answers, failing when there is none."""
    _check_result(goal, loc)
    merged: dict[Any, list[tuple[Any, ...]]] = {}
    for s, copy in solve_complete(eng, goal[2], loc, depth, "all/3", template=goal[1]):
        merged.setdefault(copy, []).append(s)
    sols = [
        ((), copy) if any(not s for s in proofs) else ((condition(eng, proofs),), copy)
        for copy, proofs in merged.items()
    ]
    return _results(eng, goal, loc, rest, lits, depth, sols, allow_empty=False)


def _results(
    eng: Solver, goal: Any, loc: Any, rest: Cont, lits: Any, depth: int,
    sols: list[tuple[tuple[Any, ...], Any]], allow_empty: bool,
) -> Solutions:
    """One result list per subset of the probabilistic solutions (the rest false)."""
    prob = [(s, c) for s, c in sols if s]
    if eng.lins and any(has_lin(c) or any(type(x) is Con for x in s) for s, c in sols):
        raise SymbolicEscape(f"{goal[0]}/3 over symbolic values")
    if len(prob) > MAX_FINDALL_CHOICES:
        raise GroundingError(
            f"{goal[0]}/3 over {show(goal[2])} has {len(prob)} probabilistic solutions; "
            f"at most {MAX_FINDALL_CHOICES} are supported (one result per subset)",
            loc,
            "aggregate over deterministic goals, or restructure the program",
        )
    conds = [condition(eng, [s]) for s, _ in prob]
    for pattern in itertools.product((True, False), repeat=len(prob)):
        if _contradictory([s for s, _ in prob], pattern):
            continue
        items, body = [], []
        j = 0
        for s, copy in sols:
            if s:
                take = pattern[j]
                body.append(conds[j] if take else negate(conds[j]))
                j += 1
                if not take:
                    continue
            items.append(copy)
        if not items and not allow_empty:
            continue
        fresh: dict[Any, V] = {}
        result = make_list([unkey(c, fresh) for c in items])
        m = len(eng.trail)
        if unify(goal[3], result, eng.trail):
            yield from eng.solve(rest, (*lits, *body), depth)
        undo(eng.trail, m)


def _contradictory(proofs: list[tuple[Any, ...]], pattern: tuple[bool, ...]) -> bool:
    """Whether a findall subset is false by its literals alone, as ProbLog omits it.

    ProbLog builds each result list's formula from the proofs' nodes and drops a list whose
    conjunction collapses to false (a proof both taken and not taken, e.g. two solutions
    proved by the same fact). Here: a taken literal whose negation is taken, or a proof left
    out whose literals all hold in the taken proofs.
    """
    taken = {lit for s, t in zip(proofs, pattern, strict=True) if t for lit in s}
    if any(negate(lit) in taken for lit in taken):
        return True
    return any(not t and taken.issuperset(s) for s, t in zip(proofs, pattern, strict=True))


CONTROL: dict[tuple[str, int], ControlHandler] = {
    (",", 2): _conj,
    (";", 2): _disj,
    ("->", 2): _if_then,
    ("\\+", 1): _not,
    ("not", 1): _not,
    ("once", 1): _call,  # ProbLog: once/1 is call/1 (every solution, probabilistic or not)
    ("forall", 2): _forall,
    ("findall", 3): _findall,
    ("all", 3): _all,
    ("$clause_indices", 2): _clause_indices,
    ("try_call", 1): _try_call,
    **REFLECT,
}
for _n in range(1, 9):
    CONTROL[("call", _n)] = _call
