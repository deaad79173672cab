"""Answers ruled out by the evidence, as ProbLog omits them from non-ground queries.

ProbLog fixes each evidence atom's node to its observed value while grounding and drops an
answer of a non-ground query (`query(c(_))`, or `query(Q) :- Body`) whose node becomes
false; a ground query (`query(c(1))`) is still printed, with probability 0. Node identity
in ProbLog follows single-literal rules (`f :- c(1). c(1) :- a.` makes `f`, `c(1)` and `a`
one node), so evidence on `f` fixes the fact `a`. This module reproduces that: evidence
fixes the literal its atom reduces to; an atom is ruled out when every one of its ground
rules has a literal known to be false, or needs an atom that is itself ruled out.
"""

from __future__ import annotations

from typing import Any

from cortexlog.grounding.engine import Engine
from cortexlog.grounding.solver import Neg


def ruled_out(eng: Engine, evidence: dict[Any, bool]) -> set[Any]:
    """The atoms that are false once the evidence atoms' nodes are fixed.

    Args:
        eng: the engine after grounding queries and evidence (its recorded rules).
        evidence: `{atom key: observed value}`.

    Returns:
        The atom keys known to be false (empty without negative evidence effects).
    """
    if not evidence:
        return set()
    by_head: dict[Any, list[tuple[Any, ...]]] = {}
    for head, lits in eng.rules:
        by_head.setdefault(head, []).append(lits)
    fixed: dict[Any, bool] = {}
    for atom, value in evidence.items():
        node, positive = _reduce(atom, by_head, eng.det)
        fixed[node] = value if positive else not value

    def blocked(lit: Any) -> bool:  # a literal that cannot hold (without its atom's support)
        if type(lit) is Neg:
            return fixed.get(lit.node) is True or lit.node in eng.det
        return fixed.get(lit) is False

    # Least fixpoint of the atoms that may still be true (a worklist over rule counters): an
    # atom supported only through a cycle is never derived (ProbLog grounds with the
    # evidence fixed, so it finds no proof).
    waiting: list[int] = []  # per rule: positive body atoms not yet known possible
    users: dict[Any, list[int]] = {}
    heads: list[Any] = []
    todo = [h for h in by_head if h in eng.det or fixed.get(h) is True]
    for head, rules in by_head.items():
        if fixed.get(head) is False:
            continue
        for lits in rules:
            if any(blocked(x) for x in lits):
                continue
            needs = {x for x in lits if type(x) is not Neg and x in by_head}
            for x in needs:
                users.setdefault(x, []).append(len(heads))
            heads.append(head)
            waiting.append(len(needs))
            if not needs:
                todo.append(head)
    possible: set[Any] = set()
    while todo:
        atom = todo.pop()
        if atom in possible:
            continue
        possible.add(atom)
        for r in users.get(atom, ()):
            waiting[r] -= 1
            if waiting[r] == 0:
                todo.append(heads[r])
    return {h for h in by_head if h not in possible}


def _reduce(atom: Any, by_head: dict[Any, list[tuple[Any, ...]]], det: set[Any]) -> Any:
    """The node `atom` is identical to through single-literal rules, and its polarity."""
    positive = True
    seen: set[Any] = set()
    while atom not in det and atom not in seen:
        seen.add(atom)
        rules = by_head.get(atom, ())
        if len(rules) != 1 or len(rules[0]) != 1:
            break
        lit = rules[0][0]
        if type(lit) is Neg:
            positive, atom = not positive, lit.node
        else:
            atom = lit
    return atom, positive


def drop_ruled_out(queries: list[Any], out: set[Any], open_answers: dict[Any, Any]) -> list[Any]:
    """Drop answers of non-ground queries that the evidence rules out, as ProbLog does.

    A query all of whose answers are ruled out is kept once as the query atom itself
    (probability 0, printed with ProbLog's variable names), like a query without answers.

    Args:
        queries: the query atoms' keys; out: the keys `ruled_out` found;
        open_answers: each answer of a non-ground query -> the query atom's key.

    Returns:
        The kept keys, in order.
    """
    survivors = {open_answers.get(q) for q in queries if q not in out}
    kept: dict[Any, None] = {}
    for q in queries:
        whole = open_answers.get(q)
        if whole is None or q not in out:
            kept[q] = None
        elif whole not in survivors:
            kept[whole] = None
    return list(kept)
