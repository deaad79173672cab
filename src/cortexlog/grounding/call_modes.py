"""Mode-dependent predicates: answers that differ with how the predicate is called.

ProbLog keeps the answers of each call (`fill(_)`, `fill(unknown)`) as separate nodes. With
pure clauses the ground rules of an answer are the same whatever the call, so cortexlog
shares one atom per answer. A clause that tests instantiation or term identity (`==`,
`nonvar/1`, `var/1`, ...) can derive an answer differently in a call with a free variable
than in a ground call; sharing the atom would then give a wrong probability. Such
predicates are watched: when two calls derive the same answer with different ground rules,
grounding stops with an "unsupported" error instead of answering wrongly.
"""

from __future__ import annotations

from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.convert import show
from cortexlog.language.ast import AnnotatedDisjunction, Clause, ProgramAST
from cortexlog.language.terms import Struct, Term

#: Builtins whose success depends on how instantiated their arguments are.
MODE_TESTS = frozenset({
    "==/2", "\\==/2", "var/1", "nonvar/1", "ground/1", "@</2", "@>/2", "@=</2", "@>=/2",
    "compare/3", "is_list/1", "atom/1", "atomic/1", "compound/1", "callable/1",
    "number/1", "integer/1", "float/1",
})


def mode_dependent(program: ProgramAST) -> set[tuple[str, int]]:
    """The predicates with a clause whose body calls a mode test (`MODE_TESTS`).

    Args:
        program: the parsed program.

    Returns:
        Their `(name, arity)` keys.
    """
    out: set[tuple[str, int]] = set()
    for c in program.clauses:
        if isinstance(c, Clause) and c.body is not None and _tests_mode(c.body):
            out.add((c.head.functor, c.head.arity))
        elif isinstance(c, AnnotatedDisjunction) and c.body is not None and _tests_mode(c.body):
            out.update((h.functor, h.arity) for _, h in c.heads)
    return out


def _tests_mode(body: Term) -> bool:
    todo = [body]
    while todo:
        t = todo.pop()
        if isinstance(t, Struct):
            if t.signature in MODE_TESTS:
                return True
            todo.extend(t.args)
    return False


def check_calls(by_call: dict[Any, dict[Any, set[tuple[Any, ...]]]], det: set[Any],
                neg: type, locs: dict[Any, Any]) -> None:
    """Raise when two calls of a watched predicate derive one answer by different rules.

    Args:
        by_call: `{answer atom: {call variant: {rule bodies}}}` recorded while grounding.
        det: the atoms known to be true (their literals are dropped before comparing).
        neg: the engine's negative-literal type.
        locs: a source location of each answer's clause.

    Raises:
        GroundingError: "unsupported", naming the answer and the two calls.
    """
    for atom, calls in by_call.items():
        if len(calls) < 2:
            continue
        seen: dict[frozenset[frozenset[Any]], Any] = {}
        for call, bodies in calls.items():
            norm = frozenset(
                frozenset(x for x in lits if x not in det)
                for lits in bodies
                if not any(type(x) is neg and getattr(x, "node", None) in det for x in lits)
            )
            if any(not b for b in norm):
                norm = frozenset({frozenset()})
            seen.setdefault(norm, call)
        if len(seen) > 1:
            a, b = list(seen.values())[:2]
            raise GroundingError(
                f"unsupported: the answer {show(atom)} is derived differently by the calls "
                f"{show(a)} and {show(b)} (its clauses test instantiation, e.g. ==/2 or "
                "nonvar/1, and ProbLog keeps the answers of each call apart)",
                locs.get(atom),
                "call the predicate with the same instantiation everywhere, or test with "
                "=/2 instead of ==/2 (see 'Not supported' in docs/language.md)",
            )
