"""Ground program -> propositional formula DAG, with least-model handling of positive cycles.

Each atom's formula is the OR over its rules of the AND of the body literals' formulas.
Atoms are processed by strongly connected component of the dependency graph, dependencies
first. A cyclic component is made acyclic in one of two ways: "break" (default) searches
each needed atom's derivations depth first, a revisit of an atom on the current path being
FALSE (`cortexlog.compile.cycles`); "unroll" iterates the immediate-consequence operator
restricted to the component `S` from all-FALSE `|S|` times, which reaches the least
fixpoint in every world (each non-final step makes at least one more atom true), stopping
early when hash-consing shows the formulas stopped changing. Negation is pushed to the literals
(De Morgan), so the DAG is in negation normal form. Negation must be stratified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind
from cortexlog.compile.cycles import CycleBreaker
from cortexlog.compile.linear import constraint_node, diagram_order
from cortexlog.compile.variables import CompiledCircuit, InputVar, allocate_variables
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import (
    ChoiceVar,
    GroundProgram,
    GroundRule,
    LinearConstraint,
    Literal,
)
from cortexlog.language.terms import Struct


@dataclass(frozen=True)
class Formula:
    """The formula DAG of a ground program.

    Attributes:
        circuit: NNF DAG; outputs are the query atoms, then the evidence atoms.
        variables: circuit variable meanings (see `cortexlog.compile.variables`).
        group_vars: the circuit variables of each group.
        queries: query atoms (outputs `0..nq-1`).
        evidence: `(atom, value)` pairs (outputs `nq..`).
        components: the relevant atoms by strongly connected component, dependencies
            first, each with a flag "cyclic" (lets a compiler iterate cycles itself).
        bodies: the rule bodies of each relevant atom.
        leading_groups: the groups of linear constraints, in their diagrams' order; an
            SDD compiler puts their variables first, in this order (`lead`), which keeps
            the diagrams' size (any order interleaving two numbers' digits badly is
            exponential).
    """

    circuit: Circuit
    variables: tuple[InputVar, ...]
    group_vars: tuple[tuple[int, ...], ...]
    queries: tuple[Struct, ...]
    evidence: tuple[tuple[Struct, bool], ...]
    components: tuple[tuple[tuple[Struct, ...], bool], ...] = ()
    bodies: Mapping[Struct, tuple[tuple[Literal, ...], ...]] = field(default_factory=dict)
    leading_groups: tuple[int, ...] = ()

    def compiled(self, circuit: Circuit, conditioned: bool) -> CompiledCircuit:
        """A compilation of this formula, with the meaning of its variables and outputs.

        Args:
            circuit: the compiled circuit (outputs as `CompiledCircuit` describes).
            conditioned: see `CompiledCircuit`.

        Returns:
            The circuit with this formula's variables, groups and queries.
        """
        return CompiledCircuit(circuit, self.variables, self.group_vars, self.queries, conditioned)


class _NNF:
    """A `CircuitBuilder` wrapper that can negate nodes (De Morgan, memoised)."""

    def __init__(self, n_vars: int, idempotent: bool = True) -> None:
        self.b = CircuitBuilder(n_vars=n_vars, idempotent=idempotent)
        self._lit: dict[int, tuple[int, bool]] = {}
        self._neg: dict[int, int] = {self.b.true(): self.b.false(), self.b.false(): self.b.true()}

    def literal(self, var: int, positive: bool) -> int:
        node = self.b.literal(var, positive)
        self._lit[node] = (var, positive)
        return node

    def negate(self, node: int) -> int:
        """The NNF node of NOT `node` (iterative, children first)."""
        stack = [node]
        while stack:
            n = stack[-1]
            if n in self._neg:
                stack.pop()
                continue
            kind = self.b.kind(n)
            if kind in (Kind.POS, Kind.NEG):
                var, pos = self._lit[n]
                self._neg[n] = self.literal(var, not pos)
                stack.pop()
                continue
            todo = [c for c in self.b.children(n) if c not in self._neg]
            if todo:
                stack.extend(todo)
                continue
            negs = [self._neg[c] for c in self.b.children(n)]
            self._neg[n] = self.b.disj(negs) if kind == Kind.AND else self.b.conj(negs)
            stack.pop()
        return self._neg[node]


def _sccs(roots: Iterable[Struct], deps: dict[Struct, list[Struct]]) -> list[list[Struct]]:
    """Tarjan's SCCs (iterative), in dependencies-first order."""
    index: dict[Struct, int] = {}
    low: dict[Struct, int] = {}
    on_stack: set[Struct] = set()
    stack: list[Struct] = []
    out: list[list[Struct]] = []
    for root in roots:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
                on_stack.add(v)
            succ = deps.get(v, [])
            if i < len(succ):
                work.append((v, i + 1))
                w = succ[i]
                if w not in index:
                    work.append((w, 0))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


CYCLE_METHODS = ("break", "unroll")


def check_cycle_method(cycles: str) -> None:
    """Raise CompileError naming the valid methods when `cycles` is not one of them.

    Args:
        cycles: a cycle method name.

    >>> check_cycle_method("unroll")
    """
    if cycles not in CYCLE_METHODS:
        raise CompileError(
            f"unknown cycle method {cycles!r}; valid: {', '.join(CYCLE_METHODS)}",
            hint="'unroll' iterates the rules to a fixpoint, 'break' cuts each cycle "
            "as ProbLog does (docs/semantics.md)",
        )


def build_formula(gp: GroundProgram, cycles: str = "break", idempotent: bool = True) -> Formula:
    """Build the formula DAG of the query and evidence atoms of a ground program.

    Args:
        gp: the ground program.
        cycles: how positive cycles become an acyclic formula: "break" (default;
            ancestor-based cycle breaking, `cortexlog.compile.cycles`) or "unroll"
            (iterate the immediate-consequence operator; the formula also carries
            `components`/`bodies` so the SDD compiler iterates in SDD space).
        idempotent: merge repeated children of AND/OR nodes (`a, a` is `a`): right for
            Boolean functions; False keeps them for the non-idempotent t-norms.

    Returns:
        The `Formula`; atoms without rules are FALSE, empty-body rules TRUE.

    Raises:
        CompileError: a choice literal refers to no option, negation is not stratified,
            or `cycles` is unknown.

    >>> from cortexlog.grounding.ground_program import ChoiceGroup, GroundRule, Literal
    >>> a, b = Struct("a"), Struct("b")
    >>> gp = GroundProgram(
    ...     groups=(ChoiceGroup((0.5,), (a,), False),),
    ...     rules=(GroundRule(a, (Literal(ChoiceVar(0, 0)),)), GroundRule(a, (Literal(b),)),
    ...            GroundRule(b, (Literal(a),))),
    ...     queries=(b,))
    >>> f = build_formula(gp)
    >>> [f.circuit.kinds[o].name for o in f.circuit.outputs]
    ['POS']
    """
    check_cycle_method(cycles)
    variables, group_vars = allocate_variables(gp)
    nnf = _NNF(len(variables), idempotent)
    rules_of: dict[Struct, list[GroundRule]] = {}
    for rule in gp.rules:
        rules_of.setdefault(rule.head, []).append(rule)
    deps = {
        h: list(dict.fromkeys(x.node for r in rs for x in r.body if isinstance(x.node, Struct)))
        for h, rs in rules_of.items()
    }
    roots = list(gp.queries) + [a for a, _ in gp.evidence]
    value: dict[Struct, int] = {}
    leading: dict[int, None] = {}

    def lit_node(lit: Literal, current: dict[Struct, int]) -> int:
        node = lit.node
        if isinstance(node, ChoiceVar):
            ok = 0 <= node.group < len(gp.groups)
            if not (ok and 0 <= node.index < len(gp.groups[node.group].weights)):
                raise CompileError(f"body literal refers to missing choice option {node}")
            return nnf.literal(group_vars[node.group][node.index], lit.positive)
        if isinstance(node, LinearConstraint):
            leading.update(dict.fromkeys(diagram_order(node)))
            return constraint_node(nnf.b, nnf.literal, node, group_vars, lit.positive)
        n = current.get(node, value.get(node, nnf.b.false()))
        return n if lit.positive else nnf.negate(n)

    def step(atoms: list[Struct], current: dict[Struct, int]) -> dict[Struct, int]:
        return {
            a: nnf.b.disj(
                nnf.b.conj(lit_node(lit, current) for lit in r.body) for r in rules_of.get(a, [])
            )
            for a in atoms
        }

    sccs = _sccs(roots, deps)
    needed = _entry_atoms(sccs, deps, roots)
    components = []
    for comp in sccs:
        members = set(comp)
        cyclic = len(comp) > 1 or comp[0] in deps.get(comp[0], [])
        components.append((tuple(comp), cyclic))
        if not cyclic:
            value.update(step(comp, {}))
            continue
        _check_stratified(comp, members, rules_of)
        if cycles == "break":
            breaker = CycleBreaker(
                comp, rules_of, lambda lit: lit_node(lit, {}), nnf.b.conj, nnf.b.disj,
                nnf.b.false(),
            )
            value.update({a: breaker.formula(a) for a in comp if a in needed})
            continue
        current = {a: nnf.b.false() for a in comp}
        for _ in range(len(comp)):
            nxt = step(comp, current)
            if nxt == current:
                break
            current = nxt
        value.update(current)
    outputs = [value.get(q, nnf.b.false()) for q in gp.queries]
    outputs += [value.get(a, nnf.b.false()) for a, _ in gp.evidence]
    if cycles == "break":
        components = []
    return Formula(
        circuit=nnf.b.build(outputs),
        variables=variables,
        group_vars=group_vars,
        queries=tuple(gp.queries),
        evidence=tuple(gp.evidence),
        components=tuple(components),
        bodies={a: tuple(r.body for r in rules_of.get(a, ())) for c, _ in components for a in c},
        leading_groups=tuple(leading),
    )


def _entry_atoms(
    sccs: list[list[Struct]], deps: dict[Struct, list[Struct]], roots: list[Struct]
) -> set[Struct]:
    """Atoms needed from outside their component: roots and atoms other components use."""
    comp_of = {a: i for i, comp in enumerate(sccs) for a in comp}
    needed = set(roots)
    for head, body_atoms in deps.items():
        ci = comp_of.get(head)
        needed.update(b for b in body_atoms if comp_of.get(b) != ci)
    return needed


def _check_stratified(
    comp: list[Struct], members: set[Struct], rules_of: dict[Struct, list[GroundRule]]
) -> None:
    """Raise CompileError when a rule of a cyclic component negates a member."""
    for a in comp:
        for r in rules_of.get(a, []):
            for lit in r.body:
                if not lit.positive and lit.node in members:
                    raise CompileError(
                        f"negation is not stratified: {a} depends on \\+{lit.node}, "
                        "which depends on it again",
                        hint="rewrite the program so no atom depends negatively on itself "
                        "(ProbLog's well-founded semantics for such cycles is not supported)",
                    )


def lead(order: list[int], formula: Formula) -> list[int]:
    """A 1-based SDD variable order with the constraint groups' variables moved first.

    Args:
        order: a permutation of `1..n_vars`.
        formula: the formula (its `leading_groups` and `group_vars`).

    Returns:
        The variables of `formula.leading_groups` in that order, then the rest of `order`.
    """
    if not formula.leading_groups:
        return order
    first = [v + 1 for g in formula.leading_groups for v in formula.group_vars[g]]
    moved = set(first)
    return first + [v for v in order if v not in moved]
