"""Circuit input variables of a ground program, the compiled result, and literal weights.

Input order (the same for `build_formula`, `compile_sdd` and `formula_circuit`): groups
in `GroundProgram.groups` order; a group with one option gets one `FACT` variable
(`ChoiceVar(g, 0)`); a group with `k >= 2` options gets `k` `OPTION` indicators (option
order) followed, if the group is not exhaustive, by one `NONE` indicator. Groups with no
option get no variable.

Probability-semiring literal weights: `FACT` pos = p, neg = 1 - p; `OPTION` pos = p_i,
neg = 1 (the semiring one; the exactly-one constraint does the work); `NONE` pos =
1 - sum(p), neg = 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import torch

from cortexlog.circuits.ir import Circuit
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram, NeuralWeight
from cortexlog.language.terms import Struct


class VarKind(IntEnum):
    """What a circuit input variable stands for."""

    FACT = 0  # the only option of a one-option group (a probabilistic fact)
    OPTION = 1  # indicator of option `index` of a group with >= 2 options
    NONE = 2  # indicator "no option holds" of a non-exhaustive group


@dataclass(frozen=True, slots=True)
class InputVar:
    """One circuit input variable: its kind, group and option index (-1 for `NONE`)."""

    kind: VarKind
    group: int
    index: int

    @property
    def choice(self) -> ChoiceVar | None:
        """The `ChoiceVar` this variable is true for, None for a `NONE` indicator."""
        return None if self.kind == VarKind.NONE else ChoiceVar(self.group, self.index)


@dataclass(frozen=True)
class CompiledCircuit:
    """A circuit plus what its inputs and outputs mean.

    Attributes:
        circuit: the circuit; outputs `0..len(queries)-1` are the queries, the last
            output is the evidence (conjunction of evidence literals, and, when
            `conditioned`, the group constraints).
        variables: `variables[v]` describes circuit variable `v` (see module doc).
        group_vars: circuit variables of each group, in option order (+ NONE last).
        queries: the query atoms, one per output.
        conditioned: True when query outputs are `query & evidence & constraints` (SDD);
            False when they are the bare query formulas (`formula_circuit`).
    """

    circuit: Circuit
    variables: tuple[InputVar, ...]
    group_vars: tuple[tuple[int, ...], ...]
    queries: tuple[Struct, ...]
    conditioned: bool


def allocate_variables(
    gp: GroundProgram,
) -> tuple[tuple[InputVar, ...], tuple[tuple[int, ...], ...]]:
    """Allocate circuit variables for the groups of a ground program (module doc order).

    Args:
        gp: the ground program.

    Returns:
        `(variables, group_vars)`.
    """
    variables: list[InputVar] = []
    group_vars: list[tuple[int, ...]] = []
    for g, group in enumerate(gp.groups):
        n = len(group.weights)
        start = len(variables)
        if n == 1:
            variables.append(InputVar(VarKind.FACT, g, 0))
        elif n >= 2:
            variables.extend(InputVar(VarKind.OPTION, g, i) for i in range(n))
            if not group.exhaustive:
                variables.append(InputVar(VarKind.NONE, g, -1))
        group_vars.append(tuple(range(start, len(variables))))
    return tuple(variables), tuple(group_vars)


def float_group_probs(gp: GroundProgram) -> list[tuple[float, ...]]:
    """The float option weights of every group (error on neural weights).

    Args:
        gp: the ground program.

    Returns:
        One tuple of option probabilities per group.
    """
    out = []
    for group in gp.groups:
        for w in group.weights:
            if isinstance(w, NeuralWeight):
                raise CompileError(
                    f"option {group.labels[group.weights.index(w)]} has a neural weight "
                    f"({w.net}); exact float inference needs numeric probabilities",
                    group.location,
                    "evaluate neural programs with the circuit layers and network outputs",
                )
        out.append(tuple(float(w) for w in group.weights))  # type: ignore[arg-type]
    return out


def float_literal_weights(
    variables: Sequence[InputVar], group_probs: Sequence[Sequence[float]]
) -> tuple[np.ndarray, np.ndarray]:
    """Float64 probability-semiring weights of each variable's positive and negative literal.

    Args:
        variables: the circuit variables (see module doc).
        group_probs: per group, its float option probabilities.

    Returns:
        `(pos, neg)` numpy arrays `[len(variables)]`.
    """
    probs = [np.asarray(p, dtype=np.float64) for p in group_probs]
    pos = np.ones(len(variables))
    neg = np.ones(len(variables))
    for v, var in enumerate(variables):
        p = probs[var.group]
        pos[v] = 1.0 - p.sum() if var.kind == VarKind.NONE else p[var.index]
        if var.kind == VarKind.FACT:
            neg[v] = 1.0 - p[0]
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
        `(pos, neg)`: float64 numpy arrays `[n_vars]` when every entry is float, else
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
    if not tensors:
        return float_literal_weights(compiled.variables, group_probs)  # type: ignore[arg-type]
    ref = tensors[0]
    batch = max(t.shape[0] if t.dim() == 2 else 1 for t in tensors)
    rows = [
        (p if p.dim() == 2 else p.unsqueeze(0)).expand(batch, -1).to(ref.dtype)
        if isinstance(p, torch.Tensor)
        else torch.tensor(list(p), dtype=ref.dtype, device=ref.device).expand(batch, -1)
        for p in group_probs
    ]
    one = torch.ones(batch, dtype=ref.dtype, device=ref.device)
    pos_cols, neg_cols = [], []
    for var in compiled.variables:
        p = rows[var.group]
        if var.kind == VarKind.NONE:
            pos_cols.append(1.0 - p.sum(dim=1))
        else:
            pos_cols.append(p[:, var.index])
        neg_cols.append(1.0 - p[:, 0] if var.kind == VarKind.FACT else one)
    if not pos_cols:
        empty = torch.ones(batch, 0, dtype=ref.dtype, device=ref.device)
        return empty, empty
    return torch.stack(pos_cols, dim=1), torch.stack(neg_cols, dim=1)
