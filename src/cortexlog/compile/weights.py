"""Probability-semiring literal weights for exact inference and reference checks.

Float64 numpy weights from a program's own probabilities (`float_group_probs`,
`float_literal_weights`), or differentiable torch weights from tensors (`literal_weights`,
through `LiteralEncoder`). The rules are those of `cortexlog.compile.variables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from cortexlog.compile.variables import CompiledCircuit, InputVar, LiteralEncoder, VarKind
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import GroundProgram, NeuralWeight
from cortexlog.semantics.builtin import PROBABILITY


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
            if isinstance(w, NeuralWeight):
                raise CompileError(
                    f"option {label} has a neural weight ({w.net}); exact float inference "
                    "needs numeric probabilities", group.location,
                    "evaluate neural programs with the circuit layers and network outputs",
                )
            probs.append(float(w))
        out.append(tuple(probs))
    return out


def float_literal_weights(
    variables: Sequence[InputVar], group_probs: Sequence[Sequence[float]],
    conditioned: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Float64 probability-semiring weights of each variable's positive and negative literal.

    Args:
        variables: the circuit variables (see module doc).
        group_probs: per group, its float option probabilities.
        conditioned: False for a formula circuit (OPTION negations are then 1 - p_i).

    Returns:
        `(pos, neg)` numpy arrays `[len(variables)]`.
    """
    probs = [np.asarray(p, dtype=np.float64) for p in group_probs]
    pos = np.ones(len(variables))
    neg = np.ones(len(variables))
    for v, var in enumerate(variables):
        p = probs[var.group]
        pos[v] = 1.0 - p.sum() if var.kind == VarKind.NONE else p[var.index]
        if var.kind == VarKind.FACT or (var.kind == VarKind.OPTION and not conditioned):
            neg[v] = 1.0 - p[var.index]
    return pos, neg


def literal_weights(
    compiled: CompiledCircuit, group_probs: Sequence[Sequence[float] | torch.Tensor]
) -> tuple[np.ndarray, np.ndarray] | tuple[torch.Tensor, torch.Tensor]:
    """Probability-semiring weights of the positive and negative literal of each variable.

    Args:
        compiled: the compiled circuit (its `variables` give the input order).
        group_probs: per group, its option probabilities: floats, or a tensor
            `[batch, n_options]` (or `[n_options]`).

    Returns:
        `(pos, neg)` (OPTION negations 1 - p_i unless `compiled.conditioned`): float64
        numpy arrays `[n_vars]` when every entry is float, else
        torch tensors `[batch, n_vars]` (differentiable in the inputs).

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> cc = CompiledCircuit(CircuitBuilder().build([]), (InputVar(VarKind.FACT, 0, 0),
    ...     InputVar(VarKind.OPTION, 1, 0), InputVar(VarKind.OPTION, 1, 1),
    ...     InputVar(VarKind.NONE, 1, -1)), ((0,), (1, 2, 3)), (), True)
    >>> pos, neg = literal_weights(cc, [[0.25], [0.5, 0.25]])
    >>> pos.tolist(), neg.tolist()
    ([0.25, 0.5, 0.25, 0.25], [0.75, 1.0, 1.0, 1.0])
    """
    tensors = [p for p in group_probs if isinstance(p, torch.Tensor)]
    floats = [p for p in group_probs if not isinstance(p, torch.Tensor)]
    if not tensors:
        return float_literal_weights(compiled.variables, floats, compiled.conditioned)
    ref = tensors[0]
    batch = max(t.shape[0] if t.dim() == 2 else 1 for t in tensors)
    rows = [
        (p if p.dim() == 2 else p.unsqueeze(0)).expand(batch, -1).to(ref.dtype)
        if isinstance(p, torch.Tensor)
        else torch.tensor(list(p), dtype=ref.dtype, device=ref.device).expand(batch, -1)
        for p in group_probs
    ]
    offsets = [0]
    for r in rows[:-1]:
        offsets.append(offsets[-1] + r.shape[1])
    n_options = sum(r.shape[1] for r in rows)
    encoder = LiteralEncoder(compiled, PROBABILITY, offsets, n_options).to(ref.device)
    return encoder.probabilities(torch.cat(rows, dim=1))
