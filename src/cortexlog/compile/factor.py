"""Factor a free categorical group out of the queries before knowledge compilation.

When every rule of a query `q` conjoins exactly one positive option of a choice group `G`
whose options occur in no other literal of the program, then

    q  =  OR_o ( G = o  AND  C_o ),     C_o = OR of the rest of q's rules that pick `o`.

The terms are mutually exclusive (`G` takes one value) and each conjunction is
decomposable (`G` occurs nowhere in `C_o`), so compiling the rest of the program with one
query per value (`C_o`, written `'$option'(q, o)`) and adding this OR/AND layer on top in
the circuit IR gives a deterministic, decomposable circuit of `q`: its value is
`⊕_o w(G=o) ⊗ C_o` in every semiring (probability, logprob, MPE max-times,
possibilistic max-min), i.e. exactly the weighted model count of `q`.

This is how logic-in-the-loss constraints `consistent :- addition(I0, I1, S),
sum(I0, I1, S)` compile: the sum head is a 199-valued group at N=2 (more than mv-sdd's
64 values, and too slow as a one-hot SDD), while `C_s = addition(I0, I1, s)` is the
pattern logic-in-the-architecture already compiles. An option may be referenced directly
or through an alias atom defined only by `a :- G=o` (how a neural AD's head atoms ground).

The composed circuit keeps the conventions of the compiled one (`conditioned` outputs;
OPTION indicators occur only positively, their negation weighs the semiring one, as in
`compile_mvsdd`); a factored query's output mentions each value of `G` in exactly one
term, and every other output (and the evidence) is conjoined with `OR_o (G = o)`, so every
output stays smooth over `G` (the max-based semirings need that).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from cortexlog.circuits.ir import CircuitBuilder, copy_into
from cortexlog.compile.variables import CompiledCircuit, InputVar, VarKind, allocate_variables
from cortexlog.grounding.ground_program import (
    ChoiceVar,
    GroundProgram,
    GroundRule,
    LinearConstraint,
    Literal,
)
from cortexlog.language.terms import Num, Struct

SUBQUERY = "$option"


@dataclass(frozen=True)
class FreeGroup:
    """A group factored out of some queries, and the program left to compile.

    Attributes:
        group: the factored group's index in the original program.
        terms: per factored query, its `(option, sub-query atom)` pairs in option order.
        reduced: the program without the group; factored queries replaced by sub-queries.
    """

    group: int
    terms: dict[Struct, tuple[tuple[int, Struct], ...]]
    reduced: GroundProgram


def _aliases(gp: GroundProgram) -> dict[Struct, ChoiceVar]:
    """Atoms defined only by one rule `a :- G=o` (positive), neither queried nor observed."""
    bodies: dict[Struct, list[tuple[Literal, ...]]] = defaultdict(list)
    for r in gp.rules:
        bodies[r.head].append(r.body)
    out = {}
    visible = set(gp.queries) | {a for a, _ in gp.evidence}
    for head, bs in bodies.items():
        if len(bs) == 1 and len(bs[0]) == 1 and bs[0][0].positive \
                and isinstance(bs[0][0].node, ChoiceVar) and head not in visible:
            out[head] = bs[0][0].node
    return out


def _mentions(lit: Literal, alias: dict[Struct, ChoiceVar]) -> ChoiceVar | None:
    """The option a body literal refers to (directly or via an alias), else None."""
    node = lit.node
    if isinstance(node, ChoiceVar):
        return node
    return alias.get(node) if isinstance(node, Struct) else None


def _candidate_groups(gp: GroundProgram, alias: dict[Struct, ChoiceVar]) -> list[int]:
    """Groups (>= 2 options) whose every mention is one positive literal of a query rule."""
    queries = set(gp.queries)
    used = {lit.node for r in gp.rules for lit in r.body} | {a for a, _ in gp.evidence}
    bad: set[int] = {g for r in gp.rules for lit in r.body
                     if isinstance(lit.node, LinearConstraint) for g in lit.node.groups}
    seen: set[int] = set()
    per_head: dict[Struct, list[set[int]]] = defaultdict(list)
    for r in gp.rules:
        if r.head in alias:
            continue  # an alias rule is the option's definition, not a use
        groups = [(c.group, lit.positive) for lit in r.body
                  if (c := _mentions(lit, alias)) is not None]
        counts: dict[int, int] = defaultdict(int)
        for g, positive in groups:
            counts[g] += 1
            seen.add(g)
            if not positive or r.head not in queries or r.head in used:
                bad.add(g)
        bad.update(g for g, n in counts.items() if n > 1)
        per_head[r.head].append(set(counts))
    for sets in per_head.values():
        common = set.intersection(*sets)
        bad.update(set.union(*sets) - common)  # some rule of the query lacks the group
    return [g for g in sorted(seen - bad) if len(gp.groups[g].weights) >= 2]


def find_free_group(gp: GroundProgram) -> FreeGroup | None:
    """Find the largest free categorical group of a ground program and factor it out.

    Args:
        gp: the ground program.

    Returns:
        The factorisation, or None when no group qualifies (see module doc).
    """
    alias = _aliases(gp)
    candidates = _candidate_groups(gp, alias)
    if not candidates:
        return None
    g = max(candidates, key=lambda h: len(gp.groups[h].weights))
    rules: list[GroundRule] = []
    subs: dict[Struct, dict[int, Struct]] = defaultdict(dict)
    for r in gp.rules:
        if alias.get(r.head, ChoiceVar(-1, -1)).group == g:
            continue
        picked = [c for lit in r.body
                  if (c := _mentions(lit, alias)) is not None and c.group == g]
        if not picked:
            rules.append(GroundRule(r.head, tuple(_shift(lit, g) for lit in r.body)))
            continue
        o = picked[0].index
        sub = subs[r.head].setdefault(o, Struct(SUBQUERY, (r.head, Num(o))))
        rest = tuple(_shift(lit, g) for lit in r.body
                     if (c := _mentions(lit, alias)) is None or c.group != g)
        rules.append(GroundRule(sub, rest))
    terms = {q: tuple(sorted(s.items())) for q, s in subs.items()}
    queries = [a for q in gp.queries for a in ([s for _, s in terms[q]] if q in terms else [q])]
    reduced = GroundProgram(gp.groups[:g] + gp.groups[g + 1:], tuple(rules),
                            tuple(dict.fromkeys(queries)), gp.evidence)
    return FreeGroup(g, terms, reduced)


def _shift(lit: Literal, g: int) -> Literal:
    """Renumber a choice literal for the program without group `g`."""
    node = lit.node
    if isinstance(node, ChoiceVar) and node.group > g:
        return Literal(ChoiceVar(node.group - 1, node.index), lit.positive)
    if isinstance(node, LinearConstraint) and max(node.groups) > g:
        groups = tuple(h - (h > g) for h in node.groups)
        return Literal(dataclasses.replace(node, groups=groups), lit.positive)
    return lit


def compile_factored(
    gp: GroundProgram, compile_fn: Callable[[GroundProgram], CompiledCircuit]
) -> CompiledCircuit:
    """Compile a program, factoring free categorical groups out first (recursively).

    Args:
        gp: the ground program.
        compile_fn: the knowledge compiler for what is left (e.g. `compile_mvsdd`); it
            must return a `conditioned` circuit whose outputs mention every group.

    Returns:
        A `CompiledCircuit` of `gp` (its variables are `allocate_variables(gp)`).
    """
    free = find_free_group(gp)
    if free is None:
        return compile_fn(gp)
    return compose(compile_factored(free.reduced, compile_fn), gp, free)


def compose(inner: CompiledCircuit, gp: GroundProgram, free: FreeGroup) -> CompiledCircuit:
    """Put the factored group back: `q = OR_o (G=o AND C_o)` over the inner circuit.

    Args:
        inner: the compiled `free.reduced`.
        gp: the original program.
        free: the factorisation.

    Returns:
        The compiled circuit of `gp`'s queries (then the evidence output).
    """
    variables, group_vars = allocate_variables(gp)
    g = free.group
    remap = [_full_var(var, g, variables, group_vars) for var in inner.variables]
    b = CircuitBuilder(len(variables))
    ids = copy_into(inner.circuit, b, lambda v, pos: b.literal(remap[v], pos))
    out_of = {q: ids[o] for q, o in zip(inner.queries, inner.circuit.outputs, strict=False)}
    value = [b.literal(v) for v in group_vars[g]]  # options in order (+ NONE last)
    some = b.disj(value)  # smooths the other outputs over G (matters for max semirings)
    outputs = []
    for q in gp.queries:
        if q in free.terms:
            outputs.append(b.disj(b.conj([value[o], out_of[s]]) for o, s in free.terms[q]))
        else:
            outputs.append(b.conj([out_of[q], some]))
    outputs.append(b.conj([ids[inner.circuit.outputs[-1]], some]))
    return CompiledCircuit(b.build(outputs), variables, group_vars, tuple(gp.queries),
                           inner.conditioned)


def _full_var(var: InputVar, g: int, variables: tuple[InputVar, ...],
              group_vars: tuple[tuple[int, ...], ...]) -> int:
    """The original program's variable for a variable of the reduced program."""
    group = var.group + (var.group >= g)
    vs = group_vars[group]
    v = vs[-1] if var.kind == VarKind.NONE else vs[var.index]
    assert variables[v].kind == var.kind and variables[v].group == group
    return v


