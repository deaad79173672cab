"""Exact inference: P(query | evidence) by weighted model counting on the compiled circuit."""

from __future__ import annotations

import math
from collections.abc import Sequence

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind
from cortexlog.compile.formula import build_formula
from cortexlog.compile.sdd_compile import (
    DEFAULT_LIMITS,
    DEFAULT_OPTIONS,
    CompileLimits,
    SddOptions,
    compile_sdd,
)
from cortexlog.compile.variables import CompiledCircuit, float_group_probs, literal_weights
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language.terms import Struct


def circuit_wmc(circuit: Circuit, pos: Sequence[float], neg: Sequence[float]) -> list[float]:
    """Sum-product value of every output, in float64.

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
    val: list[float] = [0.0] * circuit.n_nodes
    pos_l, neg_l = [float(x) for x in pos], [float(x) for x in neg]
    for i, (k, v, ch) in enumerate(zip(circuit.kinds, circuit.vars, circuit.children, strict=True)):
        if k == Kind.AND:
            val[i] = math.prod([val[x] for x in ch])
        elif k == Kind.OR:
            val[i] = math.fsum([val[x] for x in ch])
        elif k == Kind.POS:
            val[i] = pos_l[v]
        elif k == Kind.NEG:
            val[i] = neg_l[v]
        elif k == Kind.TRUE:
            val[i] = 1.0
    return [val[o] for o in circuit.outputs]


def formula_circuit(gp: GroundProgram) -> CompiledCircuit:
    """The formula DAG as a circuit, without knowledge compilation (for fuzzy semantics).

    Args:
        gp: the ground program.

    Returns:
        A `CompiledCircuit` with `conditioned=False`: outputs are the bare query formulas
        (cycles unrolled to their least fixpoint), then the conjunction of the evidence
        literals. No exactly-one constraints; not deterministic/decomposable in general.
    """
    f = build_formula(gp)
    c = f.circuit
    nq = len(f.queries)
    b = CircuitBuilder(n_vars=c.n_vars)
    ids = _copy_nodes(c, b)
    ev = [ids[o] if val else _negate(b, c, ids, o) for o, (_, val)
          in zip(c.outputs[nq:], f.evidence, strict=True)]
    outputs = [ids[o] for o in c.outputs[:nq]] + [b.conj(ev)]
    return CompiledCircuit(b.build(outputs), f.variables, f.group_vars, f.queries, False)


def _copy_nodes(c: Circuit, b: CircuitBuilder) -> list[int]:
    """Re-create every node of `c` in builder `b`; returns the new ids."""
    ids: list[int] = []
    for k, v, ch in zip(c.kinds, c.vars, c.children, strict=True):
        if k in (Kind.POS, Kind.NEG):
            ids.append(b.literal(v, k == Kind.POS))
        elif k == Kind.AND:
            ids.append(b.conj(ids[x] for x in ch))
        elif k == Kind.OR:
            ids.append(b.disj(ids[x] for x in ch))
        else:
            ids.append(b.true() if k == Kind.TRUE else b.false())
    return ids


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
) -> dict[Struct, float]:
    """P(query | evidence) for every query, by weighted model counting on an SDD.

    Args:
        gp: the ground program (float weights only).
        limits: compilation size / time limits.
        options: SDD compilation settings.

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
    probs = float_group_probs(gp)
    compiled = compile_sdd(build_formula(gp), options, limits)
    pos, neg = literal_weights(compiled, probs)
    values = circuit_wmc(compiled.circuit, pos, neg)  # type: ignore[arg-type]
    p_evidence = values[-1]
    if p_evidence <= 0.0:
        raise CompileError(
            "inconsistent evidence: the evidence has probability 0",
            hint="check the evidence/2 facts; no possible world satisfies all of them",
        )
    return {q: v / p_evidence for q, v in zip(compiled.queries, values, strict=False)}
