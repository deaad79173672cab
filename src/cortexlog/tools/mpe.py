"""`cortexlog mpe`: the most probable world given the evidence, with atom names.

The world is an assignment of every relevant choice group (an option, or none). Options
that no rule uses are summed out first (they join the group's "none"), as ProbLog's
relevant ground program drops them. The SDD circuit's evidence output (evidence and group
constraints, smooth) is evaluated in max-product, then walked down from the output along
a maximising child of each OR: the literals reached are the world (Darwiche's argmax
walk; `cortexlog.circuits.mpe` is the same argmax with torch's gradients). Torch-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.circuits.scalar import evaluate_scalar
from cortexlog.compile.evaluate import check_no_neural, scalar_literals
from cortexlog.compile.formula import build_formula
from cortexlog.compile.sdd_compile import compile_sdd
from cortexlog.compile.variables import CompiledCircuit, VarKind
from cortexlog.compile.weights import float_group_probs
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import format_query, format_term
from cortexlog.semantics.builtin import PROBABILITY
from cortexlog.tools.naming import name_program


@dataclass(frozen=True)
class MPEResult:
    """The most probable world.

    Attributes:
        probability: its probability (joint with the evidence), 0.0 when unsatisfiable.
        atoms: `(atom text, truth)` pairs: the values in the world of the queries that
            depend on a choice, or, without queries, every used choice option (named as
            `cortexlog ground` names it).
        satisfiable: False when the evidence has probability 0 (no world).
    """

    probability: float
    atoms: tuple[tuple[str, bool], ...]
    satisfiable: bool = True

    def text(self) -> str:
        """ProbLog's `mpe` output: one atom per line (`\\+atom` when false), then the
        probability."""
        if not self.satisfiable:
            return "% The model is not satisfiable.\n"
        lines = [a if v else "\\+" + a for a, v in self.atoms]
        return "".join(f"{x}\n" for x in lines) + f"% Probability: {self.probability:.10g}\n"

    def json(self) -> dict[str, Any]:
        """JSON-ready: `{"atoms": [[atom, truth], ...], "probability": p}` (ProbLog's keys
        are `atoms` and `prob`)."""
        if not self.satisfiable:
            return {"satisfiable": False, "atoms": None, "probability": 0.0}
        return {"satisfiable": True, "atoms": [list(a) for a in self.atoms],
                "probability": self.probability}


def relevant_options(gp: GroundProgram) -> GroundProgram:
    """The same program with each group's unused options summed into its "none" option.

    Args:
        gp: the ground program.

    Returns:
        A ground program whose groups keep only options some rule uses (renumbered).
    """
    used = {lit.node for r in gp.rules for lit in r.body if isinstance(lit.node, ChoiceVar)}
    groups: list[ChoiceGroup] = []
    index: dict[ChoiceVar, ChoiceVar] = {}
    for g, group in enumerate(gp.groups):
        keep = [i for i in range(len(group.weights)) if ChoiceVar(g, i) in used]
        for j, i in enumerate(keep):
            index[ChoiceVar(g, i)] = ChoiceVar(g, j)
        groups.append(ChoiceGroup(
            tuple(group.weights[i] for i in keep), tuple(group.labels[i] for i in keep),
            group.exhaustive and len(keep) == len(group.weights), group.location))
    rules = tuple(
        GroundRule(r.head, tuple(
            Literal(index[lit.node], lit.positive) if isinstance(lit.node, ChoiceVar) else lit
            for lit in r.body))
        for r in gp.rules)
    return GroundProgram(tuple(groups), rules, gp.queries, gp.evidence)


def most_probable_world(gp: GroundProgram) -> MPEResult:
    """The most probable world of a ground program given its evidence.

    Args:
        gp: the ground program (no neural weights).

    Returns:
        The `MPEResult`.

    >>> from cortexlog.program import Program
    >>> r = most_probable_world(Program.from_string(
    ...     "0.4::a. 0.3::b. c :- a. c :- b. evidence(c). query(a). query(b).").ground())
    >>> r.atoms, round(r.probability, 6)
    ((('a', True), ('b', False)), 0.28)
    """
    check_no_neural(gp)
    gp = relevant_options(gp)
    formula = build_formula(gp)
    compiled = compile_sdd(formula)
    probs = float_group_probs(gp)
    pos, neg = scalar_literals(compiled, PROBABILITY, probs)
    value, assignment = _argmax(compiled.circuit, compiled.circuit.outputs[-1], pos, neg)
    if value <= 0.0:
        return MPEResult(0.0, (), satisfiable=False)
    chosen = _choices(compiled, probs, assignment)
    probability = 1.0
    for g, option in enumerate(chosen):
        if probs[g]:
            probability *= probs[g][option] if option >= 0 else 1.0 - sum(probs[g])
    if gp.queries:
        truth = _world_truth(compiled, chosen)
        fixed = [formula.circuit.kinds[o] in (Kind.TRUE, Kind.FALSE)
                 for o in formula.circuit.outputs]
        atoms = tuple((format_query(q), truth[k]) for k, q in enumerate(compiled.queries)
                      if not fixed[k])  # ProbLog lists no deterministic query
    else:
        names = name_program(gp).names
        atoms = tuple((format_term(names[ChoiceVar(g, i)]), option == i)
                      for g, option in enumerate(chosen) for i in range(len(probs[g])))
    return MPEResult(probability, atoms)


def _argmax(
    circuit: Circuit, root: int, pos: list[float], neg: list[float]
) -> tuple[float, dict[int, bool]]:
    """Max-product value of `root` and the literals of one maximising world."""
    val = [0.0] * circuit.n_nodes
    for i, (k, v, ch) in enumerate(zip(circuit.kinds, circuit.vars, circuit.children,
                                       strict=True)):
        if k == Kind.AND:
            p = 1.0
            for c in ch:
                p *= val[c]
            val[i] = p
        elif k == Kind.OR:
            val[i] = max(val[c] for c in ch)
        elif k in (Kind.POS, Kind.NEG):
            val[i] = pos[v] if k == Kind.POS else neg[v]
        else:
            val[i] = 1.0 if k == Kind.TRUE else 0.0
    assignment: dict[int, bool] = {}
    stack, seen = [root], set()
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        k = circuit.kinds[i]
        if k == Kind.AND:
            stack.extend(circuit.children[i])
        elif k == Kind.OR:
            stack.append(max(circuit.children[i], key=val.__getitem__))
        elif k in (Kind.POS, Kind.NEG):
            assignment[circuit.vars[i]] = k == Kind.POS
    return val[root], assignment


def _choices(
    compiled: CompiledCircuit, probs: list[tuple[float, ...]], assignment: dict[int, bool]
) -> list[int]:
    """Per group the chosen option (-1: none); unconstrained groups take their likeliest."""
    chosen: list[int] = []
    for g, vars_ in enumerate(compiled.group_vars):
        weights = list(probs[g])
        best = max(range(-1, len(weights)),
                   key=lambda i: weights[i] if i >= 0 else 1.0 - sum(weights))
        option = None
        for v in vars_:
            var = compiled.variables[v]
            if v not in assignment:
                continue
            if var.kind == VarKind.FACT:
                option = 0 if assignment[v] else -1
            elif assignment[v]:
                option = var.index if var.kind == VarKind.OPTION else -1
        chosen.append(best if option is None else option)
    return chosen


def _world_truth(compiled: CompiledCircuit, chosen: list[int]) -> list[bool]:
    """Whether each query output holds in the world given by each group's chosen option."""
    truth = []
    for var in compiled.variables:
        option = chosen[var.group]
        truth.append(option == -1 if var.kind == VarKind.NONE else option == var.index)
    pos = [1.0 if t else 0.0 for t in truth]
    neg = [0.0 if t else 1.0 for t in truth]
    out = evaluate_scalar(compiled.circuit, PROBABILITY, pos, neg)
    return [v > 0.0 for v in out[: len(compiled.queries)]]
