"""One-off query evaluation in Python floats: ground program -> circuit -> answers, no torch.

`Program.query` and `cortexlog query` answer through `evaluate_queries`: the weighted
model count (structures with `probability`'s operations) comes from PySDD's WMC on the SDD
(`exact_probabilities`); every other structure with `scalar` operations is evaluated node by
node on the compiled circuit (or, for the fuzzy logics, the formula's own circuit). The
answers are those of `CompiledProgram(gp, structure).evaluate()` up to float rounding; the
torch module is built only when a structure has no scalar operations.
"""

from __future__ import annotations

from collections.abc import Sequence

from cortexlog.circuits.scalar import evaluate_scalar
from cortexlog.compile.exact import exact_probabilities
from cortexlog.compile.formula import check_cycle_method
from cortexlog.compile.variables import CompiledCircuit, literal_columns
from cortexlog.compile.weights import float_group_probs
from cortexlog.errors import SemanticsError
from cortexlog.grounding.ground_program import GroundProgram, NeuralWeight
from cortexlog.language.terms import Struct
from cortexlog.semantics.builtin import PROBABILITY
from cortexlog.semantics.structure import AlgebraicStructure, get_semantics


def evaluate_queries(
    gp: GroundProgram, semantics: str | AlgebraicStructure, cycles: str = "unroll"
) -> dict[Struct, float | bool]:
    """Every query's value on the program's own probabilities, in Python floats.

    Args:
        gp: the ground program (no neural weights).
        semantics: a structure with `scalar` operations, or its registered name.
        cycles: how a fuzzy structure reads positive cycles ("unroll" or "break").

    Returns:
        One decoded value per query atom, in query order; conditioned on the evidence when
        the structure has a `condition`, else the joint value of query and evidence.

    >>> from cortexlog.grounding.ground_program import ChoiceGroup, ChoiceVar, GroundRule
    >>> from cortexlog.grounding.ground_program import Literal
    >>> a, b = Struct("a"), Struct("b")
    >>> gp = GroundProgram((ChoiceGroup((0.3, 0.5), (a, b), False),),
    ...     (GroundRule(a, (Literal(ChoiceVar(0, 0)),)),), (a,))
    >>> evaluate_queries(gp, "mpe")[a], evaluate_queries(gp, "boolean")[a]
    (0.3, True)
    """
    s = get_semantics(semantics)
    check_cycle_method(cycles)
    check_evidence(gp, s)
    if s.scalar is None:
        raise SemanticsError(
            f"semantics '{s.name}' has no scalar operations",
            hint="evaluate it with the torch module of Program.compile",
        )
    if is_weighted_count(s):
        return dict(exact_probabilities(gp))
    check_no_neural(gp)
    from cortexlog.compile.dispatch import compile_ground_program

    compiled = compile_ground_program(gp, s, cycles)
    pos, neg = scalar_literals(compiled, s, float_group_probs(gp))
    out = evaluate_scalar(compiled.circuit, s, pos, neg)
    n = len(compiled.queries)
    values, evidence = out[:n], out[n:]
    condition = s.scalar.condition
    if gp.evidence and evidence and condition is not None:
        values = [condition(v, evidence[0]) for v in values]
    return {q: s.scalar.decode(v) for q, v in zip(compiled.queries, values, strict=True)}


def is_weighted_count(s: AlgebraicStructure) -> bool:
    """Whether `s` computes what `probability` does (then PySDD's WMC answers it).

    Args:
        s: the structure.

    Returns:
        True when its constants, scalar operations and compilation equal `probability`'s,
        whatever its name.
    """
    p = PROBABILITY
    return (s.zero, s.one, s.compiled, s.scalar) == (p.zero, p.one, p.compiled, p.scalar)


def scalar_literals(
    compiled: CompiledCircuit, s: AlgebraicStructure, group_probs: Sequence[Sequence[float]]
) -> tuple[list[float], list[float]]:
    """Carrier values of every circuit literal from the program's option probabilities.

    The float twin of `cortexlog.neural.literals.LiteralEncoder`: the same table
    `[options | 1 - options | 1 - group sums | 1]`, the same columns (`literal_columns`),
    each categorical distribution encoded at once when the structure says so.

    Args:
        compiled: the compiled circuit.
        s: a structure with `scalar` operations.
        group_probs: per group (in the ground program's order), its option probabilities.

    Returns:
        `(pos, neg)`, one carrier value per circuit variable each.
    """
    ops = s.scalar
    assert ops is not None, "scalar_literals needs a structure with scalar operations"
    offsets: list[int] = []
    options: list[float] = []
    for probs in group_probs:
        offsets.append(len(options))
        options.extend(float(p) for p in probs)
    table = [*options, *(1.0 - p for p in options), *(1.0 - sum(g) for g in group_probs), 1.0]
    columns = literal_columns(compiled, offsets, len(options))
    carrier = [ops.encode(t) for t in table]
    if ops.encode_categorical is not None:
        for cols in columns.groups:
            for c, v in zip(cols, ops.encode_categorical([table[c] for c in cols]), strict=True):
                carrier[c] = v
    pos = [carrier[c] for c in columns.pos]
    if all(c == len(table) - 1 for c in columns.neg):  # every negation is the constant 1
        return pos, [s.one] * len(pos)
    return pos, [carrier[c] for c in columns.neg]


def check_evidence(gp: GroundProgram, s: AlgebraicStructure) -> None:
    """Raise `SemanticsError` when a fuzzy (non-compiled) structure meets evidence.

    Args:
        gp: the ground program.
        s: the structure.
    """
    if gp.evidence and not s.compiled:
        raise SemanticsError(
            f"conditioning on evidence is not defined in the fuzzy logic {s.name!r}",
            hint="remove the evidence statements, or use a probabilistic semantics "
            "(probability, logprob, mpe, boolean, possibilistic)",
        )


def check_no_neural(gp: GroundProgram) -> None:
    """Raise `SemanticsError` when a program's option weights come from networks.

    Args:
        gp: the ground program.
    """
    if any(isinstance(w, NeuralWeight) for group in gp.groups for w in group.weights):
        raise SemanticsError(
            "the program has neural predicates; pass their probabilities to the module",
            hint="call the compiled module with a [batch, n_inputs] tensor "
            "(see .input_names), or train it with `cortexlog train`",
        )
