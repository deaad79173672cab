"""ProbLog's names for the variables that a query's answer keeps (`p(f(X5))`).

ProbLog numbers the variables of a clause's context and renumbers them at every call.
Only the level of the queried predicate's own clause shows in the answer's names:

- the query's variables are -1, -2, ... in order of first occurrence;
- a clause of the queried predicate starts with its head unified with the query; its
  variables still unbound and not the query's get the next numbers below the lowest
  number present in the context, in order of the clause's variables (head first, then
  the body, left to right; each `_` is a variable of its own);
- after every call in the body (a user predicate or a builtin: `=`, `findall/3`, `true`
  for a fact with variables, ...) every unbound variable of the context gets a new number,
  counting down from below the lowest number present when the call started: first those
  reached from the call's own variables (in their order of first occurrence in the call,
  each one's value left to right), then the rest of the context in clause variable order;
- a conjunction runs its calls in turn, each branch of a disjunction starts from the same
  context, and a negation (`\\+ G`, `not(G)`) leaves the context as it is;
- the answer is the clause head in the final context, `-k` printed `Xk`.

What the callee does inside never shows: only the shape of the answer it returns. So two
clauses, or two derivations through one clause, that give the same answer with different
numbers are two answers for ProbLog (`p(f(X3))` and `p(f(X6))`), each deterministic when
one of its derivations is. Answers are recomputed this way only for queries whose answers
keep a variable (rare: such answers must be deterministic).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cortexlog.grounding.database import DET
from cortexlog.grounding.internal import Named, V, deref, inst, mark, undo, unify_head
from cortexlog.grounding.keys import name_vars
from cortexlog.grounding.solver import Solver

#: A numbering: each unbound variable of the context -> its (negative) ProbLog number.
Numbers = dict[V, int]


def named_answers(eng: Solver, goal: Any, loc: Any) -> dict[Any, bool] | None:
    """The answers of a query goal under ProbLog's variable names.

    Args:
        eng: the engine (its tables already hold the goal's answers).
        goal: the query atom (internal term, unbound afterwards).
        loc: the query's location (for errors of the body's calls).

    Returns:
        Each answer that keeps a variable, its variables as `Named("Xk")`, mapped to whether
        one of its derivations is deterministic; None when the goal is not a predicate of
        the program.
    """
    goal = deref(goal)
    key = (goal, 0) if type(goal) is str else (goal[0], len(goal) - 1)
    pred = eng.db.get(key)
    if pred is None:
        return None
    query_vars: Numbers = {}
    for v in _cells(goal):
        query_vars[v] = -(len(query_vars) + 1)
    out: dict[Any, bool] = {}
    trail = eng.trail
    for e in pred.entries:
        if e.kind != DET:  # probabilistic clauses: an answer keeping a variable is an error
            continue
        frame: list[Any] = [None] * e.nvars
        m = len(trail)
        if unify_head(e.head, goal, frame, trail):
            for i in range(e.nvars):
                if frame[i] is None:
                    frame[i] = V()
            nums: Numbers = {}
            for v, n in query_vars.items():
                c = deref(v)
                if type(c) is V and c not in nums:
                    nums[c] = n
            low = min([nums[c] for c in _context(frame) if c in nums], default=0)
            for c in _context(frame):
                if c not in nums:
                    low -= 1
                    nums[c] = low
            # A fact's body is ProbLog's `true`: one call (as is each `true` conjunct).
            goals = e.body if e.written is None else e.written
            body = [inst(g, frame) for g in goals] or ["true"]
            for final, lits in _run(eng, body, frame, nums, (), e.location or loc):
                seen: dict[V, Named] = {}
                answer = _named(goal, final, seen)
                if seen:
                    out[answer] = out.get(answer, False) or not lits
        undo(trail, m)
    return out


def _cells(t: Any) -> Iterator[V]:
    """The unbound variables of a term, left to right, each once."""
    seen: dict[V, None] = {}
    stack = [t]
    while stack:
        t = deref(stack.pop())
        if type(t) is V:
            if t not in seen:
                seen[t] = None
                yield t
        elif type(t) is tuple:
            stack.extend(reversed(t[1:]))


def _context(frame: list[Any]) -> list[V]:
    """The unbound variables of a clause context, in clause variable order, each once."""
    return list(_cells(("$ctx", *frame)))


def _run(eng: Solver, goals: list[Any], frame: list[Any], nums: Numbers, lits: Any,
         loc: Any) -> Iterator[tuple[Numbers, Any]]:
    """Solve a clause body goal by goal, numbering the context as ProbLog does."""
    if not goals:
        yield nums, lits
        return
    g, rest = deref(goals[0]), goals[1:]
    if type(g) is tuple and len(g) == 3 and g[0] == ",":
        yield from _run(eng, [g[1], g[2], *rest], frame, nums, lits, loc)
        return
    if type(g) is tuple and len(g) == 3 and g[0] == ";":
        yield from _run(eng, [g[1], *rest], frame, nums, lits, loc)
        yield from _run(eng, [g[2], *rest], frame, nums, lits, loc)
        return
    negation = type(g) is tuple and len(g) == 2 and g[0] in ("\\+", "not")
    low = min([nums.get(c, 0) for c in _context(frame)], default=0)
    call_vars = list(_cells(g))
    for found in eng.solve((g, loc, None), lits, 1):
        if negation:
            yield from _run(eng, rest, frame, nums, found, loc)
            continue
        new: Numbers = {}
        n = low
        for c in [*_cells(("$call", *call_vars)), *_context(frame)]:
            if c not in new:
                n -= 1
                new[c] = n
        yield from _run(eng, rest, frame, new, found, loc)


def _named(t: Any, nums: Numbers, seen: dict[V, Named]) -> Any:
    """The key of a term, each unbound variable `Named("Xk")` after its number `-k`."""
    # Every variable of the head is in the context; `len(seen)` guards the rest.
    return name_vars(t, seen, lambda v: f"X{-nums.get(v, -len(seen) - 1)}")


def variant(t: Any, seen: dict[Named, Any] | None = None) -> Any:
    """The variant key of a named answer (its `Named` variables as `Mark`s, in order)."""
    if seen is None:
        seen = {}
    if type(t) is Named:
        m = seen.get(t)
        if m is None:
            m = seen[t] = mark(len(seen))
        return m
    if type(t) is tuple:
        return (t[0], *[variant(a, seen) for a in t[1:]])
    return t
