"""Probability-semiring literal weights in Python floats, for exact inference.

`float_group_probs` reads a program's own option probabilities; `float_literal_weights`
turns them into the weight of each circuit literal by the rules of
`cortexlog.compile.variables`. The differentiable torch form is
`cortexlog.neural.literals.literal_weights`.
"""

from __future__ import annotations

from collections.abc import Sequence

from cortexlog.compile.variables import InputVar, VarKind
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import AnswerWeight, GroundProgram, NeuralWeight


def float_group_probs(gp: GroundProgram) -> list[tuple[float, ...]]:
    """The float option weights of every group (error on neural weights).

    Args:
        gp: the ground program.

    Returns:
        One tuple of option probabilities per group.
    """
    out = []
    for group in gp.groups:
        probs = []
        for label, w in zip(group.labels, group.weights, strict=True):
            if isinstance(w, NeuralWeight | AnswerWeight):
                raise CompileError(
                    f"option {label} has a neural weight ({getattr(w, 'net', 'answer input')}); "
                    "exact float inference needs numeric probabilities", group.location,
                    "evaluate neural programs with the circuit layers and network outputs",
                )
            probs.append(float(w))
        out.append(tuple(probs))
    return out


def float_literal_weights(
    variables: Sequence[InputVar], group_probs: Sequence[Sequence[float]],
    conditioned: bool = True,
) -> tuple[list[float], list[float]]:
    """Probability-semiring weights of each variable's positive and negative literal.

    Args:
        variables: the circuit variables (see module doc).
        group_probs: per group, its float option probabilities.
        conditioned: False for a formula circuit (OPTION negations are then 1 - p_i).

    Returns:
        `(pos, neg)` lists `[len(variables)]` of floats.

    >>> v = (InputVar(VarKind.FACT, 0, 0), InputVar(VarKind.OPTION, 1, 0),
    ...      InputVar(VarKind.OPTION, 1, 1), InputVar(VarKind.NONE, 1, -1))
    >>> float_literal_weights(v, [[0.25], [0.5, 0.25]])
    ([0.25, 0.5, 0.25, 0.25], [0.75, 1.0, 1.0, 1.0])
    """
    pos = [1.0] * len(variables)
    neg = [1.0] * len(variables)
    for v, var in enumerate(variables):
        p = group_probs[var.group]
        pos[v] = 1.0 - sum(p) if var.kind == VarKind.NONE else float(p[var.index])
        if var.kind == VarKind.FACT or (var.kind == VarKind.OPTION and not conditioned):
            neg[v] = 1.0 - p[var.index]
    return pos, neg
