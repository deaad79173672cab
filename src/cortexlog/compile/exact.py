"""Exact inference: P(query | evidence) by weighted model counting on the compiled circuit."""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterable, Sequence

from pysdd.sdd import SddManager, SddNode

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind, copy_into
from cortexlog.circuits.scalar import evaluate_scalar
from cortexlog.compile.formula import Formula, build_formula
from cortexlog.compile.sdd_compile import (
    DEFAULT_LIMITS,
    DEFAULT_OPTIONS,
    CompileLimits,
    SddOptions,
    compile_sdd,
    compile_sdd_nodes,
)
from cortexlog.compile.variables import CompiledCircuit
from cortexlog.compile.weights import float_group_probs, float_literal_weights
from cortexlog.errors import CompileError
from cortexlog.grounding.deep import on_big_stack
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language.terms import Struct
from cortexlog.semantics.builtin import PROBABILITY

WMC_METHODS = ("sdd", "circuit")


def circuit_wmc(circuit: Circuit, pos: Iterable[float], neg: Iterable[float]) -> list[float]:
    """Sum-product value of every output, in float64 (`math.fsum` for the sums).

    Args:
        circuit: the circuit (smooth for a correct weighted model count).
        pos: weight of each variable's positive literal.
        neg: weight of each variable's negative literal.

    Returns:
        One float per output.

    >>> b = CircuitBuilder(n_vars=1)
    >>> c = b.build([b.disj([b.literal(0), b.literal(0, positive=False)])])
    >>> circuit_wmc(c, [0.25], [0.75])
    [1.0]
    """
    return evaluate_scalar(circuit, PROBABILITY, [float(x) for x in pos],
                           [float(x) for x in neg])


def formula_circuit(gp: GroundProgram, cycles: str = "unroll") -> CompiledCircuit:
    """The formula DAG as a circuit, without knowledge compilation (for fuzzy semantics).

    Args:
        gp: the ground program.
        cycles: how cycles become acyclic (see `build_formula`); "unroll" by default,
            because the fuzzy logics evaluate this circuit's structure, not just its
            Boolean function. Repeated conjuncts/disjuncts are kept (`a, a` is
            `a * a` under the product t-norm), see `CircuitBuilder`.

    Returns:
        A `CompiledCircuit` with `conditioned=False`: outputs are the bare query formulas
        (cycles made acyclic, least fixpoint), then the conjunction of the evidence
        literals. No exactly-one constraints; not deterministic/decomposable in general.
    """
    f = build_formula(gp, cycles, idempotent=False)
    c = f.circuit
    nq = len(f.queries)
    b = CircuitBuilder(n_vars=c.n_vars, idempotent=False)
    ids = copy_into(c, b)
    ev = [ids[o] if val else _negate(b, c, ids, o) for o, (_, val)
          in zip(c.outputs[nq:], f.evidence, strict=True)]
    outputs = [ids[o] for o in c.outputs[:nq]] + [b.conj(ev)]
    return f.compiled(b.build(outputs), conditioned=False)


def _negate(b: CircuitBuilder, c: Circuit, ids: list[int], node: int) -> int:
    """NNF negation of node `node` of `c` (De Morgan, recursive on the small evidence cone)."""
    memo: dict[int, int] = {}

    def neg(n: int) -> int:
        if n not in memo:
            k = c.kinds[n]
            if k in (Kind.POS, Kind.NEG):
                memo[n] = b.literal(c.vars[n], k == Kind.NEG)
            elif k == Kind.AND:
                memo[n] = b.disj([neg(x) for x in c.children[n]])
            elif k == Kind.OR:
                memo[n] = b.conj([neg(x) for x in c.children[n]])
            else:
                memo[n] = b.false() if k == Kind.TRUE else b.true()
        return memo[n]

    return neg(node)


def exact_probabilities(
    gp: GroundProgram,
    limits: CompileLimits = DEFAULT_LIMITS,
    options: SddOptions = DEFAULT_OPTIONS,
    cycles: str = "break",
    wmc: str = "sdd",
) -> dict[Struct, float]:
    """P(query | evidence) for every query, by weighted model counting on an SDD.

    Args:
        gp: the ground program (float weights only).
        limits: compilation size / time limits.
        options: SDD compilation settings.
        cycles: how cycles become acyclic, one of `CYCLE_METHODS` (see `build_formula`).
        wmc: "sdd" (default: PySDD's WMC on the SDD roots) or "circuit" (convert to a
            smooth `Circuit` and evaluate it with `circuit_wmc`), one of `WMC_METHODS`.

    Returns:
        A dict query atom -> probability, in query order.

    Raises:
        CompileError: inconsistent evidence (P(evidence) = 0), neural weights, or a limit.

    >>> from cortexlog.grounding.ground_program import ChoiceGroup, ChoiceVar, GroundRule
    >>> from cortexlog.grounding.ground_program import Literal
    >>> a, b = Struct("a"), Struct("b")
    >>> gp = GroundProgram((ChoiceGroup((0.3, 0.5), (a, b), False),),
    ...     (GroundRule(a, (Literal(ChoiceVar(0, 0)),)),), (a,))
    >>> exact_probabilities(gp)[a]
    0.3
    """
    if wmc not in WMC_METHODS:
        raise CompileError(f"unknown wmc method {wmc!r}; valid: {WMC_METHODS}")
    formula, values = _counts(gp, limits, options, cycles, wmc)
    p_evidence = values[-1]
    if p_evidence <= 0.0:
        raise _inconsistent(gp, limits, options, cycles)
    return {q: v / p_evidence for q, v in zip(formula.queries, values, strict=False)}


def _counts(gp: GroundProgram, limits: CompileLimits, options: SddOptions, cycles: str,
            wmc: str) -> tuple[Formula, list[float]]:
    """The formula and the weighted model count of every output (queries, evidence)."""
    probs = float_group_probs(gp)
    formula = build_formula(gp, cycles)
    if wmc == "sdd":
        pos, neg = float_literal_weights(formula.variables, probs)
        _unit_weights_for_unused(formula, pos, neg)
        def run() -> list[float]:
            manager, roots = compile_sdd_nodes(formula, options, limits)
            out = sdd_wmc(manager, roots, pos, neg)
            for r in roots:
                r.deref()
            return out

        values = on_big_stack(run)  # PySDD recurses in C along the vtree
    else:
        compiled = compile_sdd(formula, options, limits)
        pos, neg = float_literal_weights(compiled.variables, probs)
        values = circuit_wmc(compiled.circuit, pos, neg)
    return formula, values


def _inconsistent(gp: GroundProgram, limits: CompileLimits, options: SddOptions,
                  cycles: str) -> CompileError:
    """The error for evidence of probability 0, naming the first observation that makes
    it so (each prefix of the evidence is tried; only on this error path)."""
    for k in range(1, len(gp.evidence) + 1):
        prefix = dataclasses.replace(gp, queries=(), evidence=gp.evidence[:k])
        if _counts(prefix, limits, options, cycles, "sdd")[1][-1] <= 0.0:
            atom, value = gp.evidence[k - 1]
            given = "" if k == 1 else f" given the {k - 1} observation(s) before it"
            return CompileError(
                f"inconsistent evidence: evidence({atom}, {str(value).lower()}) has "
                f"probability 0{given}",
                hint=f"{atom} is {'never true' if value else 'always true'} in the worlds "
                "the evidence allows; remove or correct that observation",
            )
    return CompileError(
        "inconsistent evidence: the evidence has probability 0",
        hint="check the evidence/2 facts; no possible world satisfies all of them",
    )


def sdd_wmc(
    manager: SddManager, roots: Sequence[SddNode], pos: Sequence[float], neg: Sequence[float]
) -> list[float]:
    """Weighted model count of SDD roots with PySDD's own (float64) WMC.

    PySDD counts over all of the manager's variables: a variable a root does not mention
    contributes the factor `pos + neg` (see `_unit_weights_for_unused`).

    Args:
        manager: the manager (SDD variable `v + 1` is circuit variable `v`).
        roots: the SDD nodes to count; dereferenced here.
        pos: weight of each circuit variable's positive literal.
        neg: weight of each circuit variable's negative literal.

    Returns:
        One float per root.

    >>> m = SddManager(var_count=2)
    >>> a, b = m.vars
    >>> sdd_wmc(m, [a & b, a | b], [0.5, 0.25], [0.5, 0.75])
    [0.125, 0.625]
    """
    n = manager.var_count()
    k = len(pos)
    # literals -n..-1, then 1..n; manager variables beyond the circuit's: (1, 0), factor 1
    weights = array("d", [0.0] * (n - k))
    weights.extend(float(x) for x in reversed(neg))
    weights.extend(float(x) for x in pos)
    weights.extend([1.0] * (n - k))
    out = []
    for r in roots:
        if r.is_false():
            out.append(0.0)
        else:
            w = r.wmc(log_mode=False)
            w.set_literal_weights_from_array(weights)
            out.append(float(w.propagate()))
    return out


def _unit_weights_for_unused(formula: Formula, pos: list[float], neg: list[float]) -> None:
    """Give indicators of groups the formula never mentions weights (1, 0), in place.

    Every SDD root of `compile_sdd_nodes` mentions every indicator of a mentioned group
    (the exactly-one constraint depends on each), and FACT weights sum to 1, so only the
    indicators of unmentioned groups would contribute a factor other than 1.
    """
    mentioned = set(formula.circuit.vars)
    for gv in formula.group_vars:
        if len(gv) >= 2 and mentioned.isdisjoint(gv):
            for v in gv:
                pos[v], neg[v] = 1.0, 0.0
