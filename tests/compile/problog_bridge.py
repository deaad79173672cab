"""ProbLog as a test oracle: its ground `LogicFormula` as a `GroundProgram`, its SDD answers.

ProbLog (a dev dependency) grounds a program text; every AND/OR node of its formula becomes
a derived atom `node(i)`, every probabilistic atom an option of a choice group (ADs keep
their ProbLog group), and each query/evidence atom a rule pointing at its node. Atom names
are kept as text (`Struct(str(name))`), which is enough to compare answers.
"""

from __future__ import annotations

import math
from typing import Any

from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import Num, Struct


def problog_ground(text: str) -> Any:
    """Ground a ProbLog program text with ProbLog itself.

    Args:
        text: ProbLog source.

    Returns:
        ProbLog's `LogicFormula`.
    """
    from problog.formula import LogicFormula
    from problog.program import PrologString

    return LogicFormula.create_from(PrologString(text), label_all=True)


def problog_sdd(lf: Any) -> dict[str, float]:
    """ProbLog's own SDD compilation and evaluation of its ground formula.

    Args:
        lf: ProbLog's ground `LogicFormula`.

    Returns:
        P(query | evidence) per query, keyed by ProbLog's text of the atom.
    """
    from problog import get_evaluatable

    result = get_evaluatable("sdd").create_from(lf).evaluate()
    return {str(k): float(v) for k, v in result.items()}


def from_problog_formula(lf: Any) -> GroundProgram:
    """Convert a ProbLog `LogicFormula` into a `GroundProgram`.

    Args:
        lf: the ground formula (`problog.formula.LogicFormula`).

    Returns:
        The equivalent ground program; queries and evidence keep ProbLog's order and
        are named `Struct(str(name))`.

    >>> gp = from_problog_formula(problog_ground("0.3::a. b :- \\\\+a. query(b)."))
    >>> [str(q) for q in gp.queries], len(gp.groups), len(gp.rules)
    (['b'], 1, 1)
    """
    group_index: dict[Any, int] = {}
    options: list[list[tuple[float, Struct]]] = []
    choice_of: dict[int, ChoiceVar] = {}
    rules: list[GroundRule] = []
    true_nodes: set[int] = set()
    for key, node, kind in lf:
        if kind == "atom":
            if node.probability is True or node.is_extra:
                true_nodes.add(key)
                continue
            gkey = ("fact", key) if node.group is None else ("ad", node.group)
            g = group_index.setdefault(gkey, len(options))
            if g == len(options):
                options.append([])
            choice_of[key] = ChoiceVar(g, len(options[g]))
            options[g].append((float(node.probability), Struct(str(node.name))))
        else:
            head = _derived(key)
            kids = node.children
            bodies = [kids] if kind == "conj" else [(c,) for c in kids]
            for body in bodies:
                rules.append(GroundRule(head, tuple(_lit(c) for c in body)))
    # Children may precede their atom definitions: fix literals referring to choices late.
    rules = [_resolve(r, choice_of, true_nodes) for r in rules]
    groups = tuple(
        ChoiceGroup(
            tuple(w for w, _ in opts),
            tuple(label for _, label in opts),
            len(opts) >= 2 and math.isclose(sum(w for w, _ in opts), 1.0, abs_tol=1e-12),
        )
        for opts in options
    )
    queries, evidence = [], []
    for name, key in lf.queries():
        queries.append(_named(name, key, choice_of, true_nodes, rules))
    for name, key, value in lf.evidence_all():
        atom = _named(name, key, choice_of, true_nodes, rules)
        evidence.append((atom, bool(value > 0) if not isinstance(value, bool) else value))
    return GroundProgram(groups, tuple(dict.fromkeys(rules)), tuple(dict.fromkeys(queries)),
                         tuple(evidence))


def _derived(key: int) -> Struct:
    """The derived atom of ProbLog node `key` (node 0 never gets a rule: FALSE)."""
    return Struct("node", (Num(key),))


def _lit(key: int) -> Literal:
    """A placeholder literal on node `abs(key)`, resolved by `_resolve`."""
    return Literal(_derived(abs(key)), key > 0)


def _node_key(node: Struct | ChoiceVar) -> int:
    """The ProbLog node number `K` of a placeholder atom `node(K)` made by `_lit`."""
    if isinstance(node, Struct) and node.arity == 1 and isinstance(node.args[0], Num):
        return int(node.args[0].value)
    raise CompileError(f"internal error: {node} is not a placeholder node(K) atom",
                       hint="report this as a bug in tests/compile/problog_bridge.py")


def _resolve(
    rule: GroundRule, choice_of: dict[int, ChoiceVar], true_nodes: set[int]
) -> GroundRule:
    """Replace placeholder literals on atom nodes by choice literals (or drop TRUE ones)."""
    body = []
    for lit in rule.body:
        key = _node_key(lit.node)
        if key in true_nodes:
            if not lit.positive:  # body contains FALSE: drop the rule body as unsatisfiable
                return GroundRule(rule.head, (Literal(_derived(0), True),))
            continue
        node = choice_of.get(key, lit.node)
        body.append(Literal(node, lit.positive))
    return GroundRule(rule.head, tuple(body))


def _named(
    name: Any, key: int | None, choice_of: dict[int, ChoiceVar], true_nodes: set[int],
    rules: list[GroundRule],
) -> Struct:
    """The atom for a query/evidence name, with a rule linking it to its node."""
    atom = Struct(str(name))
    if key is None:
        return atom  # FALSE: no rule
    if key == 0:
        rules.append(GroundRule(atom, ()))
    else:
        rules.append(_resolve(GroundRule(atom, (_lit(key),)), choice_of, true_nodes))
    return atom
