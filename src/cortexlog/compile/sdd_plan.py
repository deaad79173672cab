"""Compile a formula's atoms into SDDs component by component, iterating cycles in SDD space.

A cyclic component is iterated from all-FALSE with the immediate-consequence operator;
because SDDs are canonical, the iteration stops as soon as no atom's SDD changes (often
far fewer than `|component|` steps, the bound that is always enough).
"""

from __future__ import annotations

from collections.abc import Callable

from pysdd.sdd import SddManager, SddNode

from cortexlog.compile.formula import Formula
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import ChoiceVar, Literal
from cortexlog.language.terms import Struct

Fold = Callable[[SddManager, list[SddNode], bool], SddNode]


def compile_components(m: SddManager, formula: Formula, fold: Fold) -> list[SddNode]:
    """SDDs of the formula's outputs (queries, then evidence atoms), each referenced.

    Args:
        m: the manager (SDD variable `v + 1` is circuit variable `v`).
        formula: a formula with `components` and `bodies`.
        fold: balanced conjoin/disjoin of a list (returns an unreferenced node; the
            inputs must be kept referenced by the caller).

    Returns:
        One referenced SDD per output (deref them when done).
    """
    value: dict[Struct, SddNode] = {}
    negated: dict[Struct, SddNode] = {}

    def lit(x: Literal, current: dict[Struct, SddNode]) -> SddNode:
        node = x.node
        if isinstance(node, ChoiceVar):
            v = formula.group_vars[node.group][node.index] + 1
            return m.literal(v if x.positive else -v)
        if not isinstance(node, Struct):
            raise CompileError(
                "a linear constraint (the grounder's arithmetic path) cannot be compiled "
                "with cycles='unroll'", hint="compile it with cycles='break' (the default)")
        if node in current:
            return current[node]  # positive (stratified: no negation inside a component)
        base = value.get(node)
        if base is None:
            return m.false() if x.positive else m.true()
        if x.positive:
            return base
        if node not in negated:
            neg = m.negate(base)
            neg.ref()
            negated[node] = neg
        return negated[node]

    def step(atoms: tuple[Struct, ...], current: dict[Struct, SddNode]) -> dict[Struct, SddNode]:
        out = {}
        for a in atoms:
            terms = []
            for body in formula.bodies.get(a, ()):
                t = fold(m, [lit(x, current) for x in body], True)
                t.ref()
                terms.append(t)
            r = fold(m, terms, False)
            r.ref()
            for t in terms:
                t.deref()
            out[a] = r
        return out

    for atoms, cyclic in formula.components:
        if not cyclic:
            value.update(step(atoms, {}))
            continue
        current = {a: m.false() for a in atoms}
        for _ in range(len(atoms)):
            nxt = step(atoms, current)
            same = all(nxt[a].id == current[a].id for a in atoms)
            for a in atoms:
                current[a].deref()
            current = nxt
            if same:
                break
        value.update(current)
    names = list(formula.queries) + [a for a, _ in formula.evidence]
    outs = []
    for a in names:
        node = value.get(a, m.false())
        node.ref()
        outs.append(node)
    for node in list(value.values()) + list(negated.values()):
        node.deref()
    return outs
