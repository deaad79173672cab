"""Circuit input variables of a ground program, the compiled result, and literal values.

Input order (the same for `build_formula`, `compile_sdd` and `formula_circuit`): groups
in `GroundProgram.groups` order; a group with one option gets one `FACT` variable
(`ChoiceVar(g, 0)`); a group with `k >= 2` options gets `k` `OPTION` indicators (option
order) followed, if the group is not exhaustive, by one `NONE` indicator. Groups with no
option get no variable.

Probability-semiring literal weights: `FACT` pos = p, neg = 1 - p; `OPTION` pos = p_i,
neg = 1 (the semiring one; the exactly-one constraint does the work) in a `conditioned`
circuit, 1 - p_i in a formula circuit; `NONE` pos = 1 - sum(p), neg = 1. `LiteralEncoder`
maps option probabilities to these values in any semantics' carrier (the one place that
does, for `CompiledProgram`, `QueryPattern` and `weights.literal_weights`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import torch
from torch import nn

from cortexlog.circuits.ir import Circuit
from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram
from cortexlog.language.terms import Struct
from cortexlog.semantics.structure import AlgebraicStructure


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


def literal_columns(
    compiled: CompiledCircuit, offsets: Sequence[int], n_options: int
) -> tuple[list[int], list[int], list[list[int]]]:
    """Columns of the literals and group distributions in a `LiteralEncoder` table.

    The table is `[options | 1 - options | 1 - group sums | 1]` (`2 n + groups + 1` columns).

    Args:
        compiled: the compiled circuit (variables, groups, conditioning).
        offsets: first option column of each group.
        n_options: number of option columns `n`.

    Returns:
        `(pos, neg, groups)`: the table column of each variable's positive and negative
        literal, and per group with variables its categorical distribution (`[p, 1 - p]` for
        a FACT, else the options plus the `1 - sum` column when it has a NONE variable).
    """
    one = 2 * n_options + len(offsets)
    pos, neg = [], []
    for var in compiled.variables:
        col = offsets[var.group] + max(var.index, 0)
        if var.kind == VarKind.NONE:
            pos.append(2 * n_options + var.group)
            neg.append(one)
        else:
            pos.append(col)
            unit = var.kind == VarKind.OPTION and compiled.conditioned
            neg.append(one if unit else n_options + col)
    groups = []
    for g, vars_ in enumerate(compiled.group_vars):
        kinds = [compiled.variables[v].kind for v in vars_]
        if kinds == [VarKind.FACT]:
            groups.append([offsets[g], n_options + offsets[g]])
        elif kinds:
            cols = list(range(offsets[g], offsets[g] + kinds.count(VarKind.OPTION)))
            groups.append(cols + ([2 * n_options + g] if VarKind.NONE in kinds else []))
    return pos, neg, groups


class LiteralEncoder(nn.Module):
    """Option probabilities -> the semantics' value of every circuit literal, batched.

    Probability-semiring rules of the module doc, except that OPTION negations are
    `1 - p_i` when the circuit is not `conditioned` (formula circuits). A structure with an
    `encode_categorical` (possibilistic) encodes each group's whole distribution at once.

    Args:
        compiled: the compiled circuit.
        semantics: the algebraic structure.
        offsets: first option column of each group, in `compiled`'s group order.
        n_options: number of option columns.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> from cortexlog.semantics import get_semantics
    >>> cc = CompiledCircuit(CircuitBuilder().build([]), (InputVar(VarKind.FACT, 0, 0),
    ...     InputVar(VarKind.OPTION, 1, 0), InputVar(VarKind.OPTION, 1, 1),
    ...     InputVar(VarKind.NONE, 1, -1)), ((0,), (1, 2, 3)), (), True)
    >>> enc = LiteralEncoder(cc, get_semantics("possibilistic"), (0, 1), 3)
    >>> [t.tolist() for t in enc(torch.tensor([[0.25, 0.5, 0.25]]))]
    [[[0.25, 1.0, 0.5, 0.5]], [[1.0, 1.0, 1.0, 1.0]]]
    """

    _pos: torch.Tensor  # table column of each positive literal
    _neg: torch.Tensor
    _pos_c: torch.Tensor  # encoded-table column of each positive literal
    _neg_c: torch.Tensor
    _members: torch.Tensor  # [groups, options] 0/1

    def __init__(self, compiled: CompiledCircuit, semantics: AlgebraicStructure,
                 offsets: Sequence[int], n_options: int) -> None:
        super().__init__()
        self.semantics = semantics
        width = 2 * n_options + len(offsets) + 1
        pos, neg, groups = literal_columns(compiled, offsets, n_options)
        self.neg_is_one = all(n == width - 1 for n in neg)
        members = torch.zeros(len(offsets), n_options)
        for g, (a, b) in enumerate(zip(offsets, [*offsets[1:], n_options], strict=True)):
            members[g, a:b] = 1.0
        # Categorical distributions, bucketed by size, are encoded after the `width`
        # elementwise columns; `remap` sends a table column to its encoded column.
        remap, base = list(range(width)), width
        buckets: dict[int, list[list[int]]] = {}
        if semantics.encode_categorical is not None:
            for cols in groups:
                buckets.setdefault(len(cols), []).append(cols)
        self._sizes = sorted(buckets)
        for k in self._sizes:
            for c in (c for cols in buckets[k] for c in cols):
                remap[c], base = base, base + 1
            self.register_buffer(f"_idx{k}", torch.tensor(buckets[k]), persistent=False)
        for name, cols in (("_pos", pos), ("_neg", neg), ("_pos_c", [remap[c] for c in pos]),
                           ("_neg_c", [remap[c] for c in neg])):
            self.register_buffer(name, torch.tensor(cols, dtype=torch.long), persistent=False)
        self.register_buffer("_members", members, persistent=False)
        # Fast path (the training hot loop): positive literals read option columns only,
        # negations are all `one` and the encoding is elementwise -> no table is built.
        self._direct = (self.neg_is_one and semantics.encode_categorical is None
                        and all(c < n_options for c in pos))
        self._identity = self._direct and pos == list(range(n_options))

    def table(self, w: torch.Tensor) -> torch.Tensor:
        """The table `[w | 1 - w | 1 - group sums | 1]` of option probabilities `w [B, n]`."""
        ones = torch.ones(w.shape[0], 1, dtype=w.dtype, device=w.device)
        return torch.cat([w, 1.0 - w, 1.0 - w @ self._members.T.to(w.dtype), ones], dim=1)

    def probabilities(self, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Probabilities of every literal, `(pos, neg)` `[B, n_vars]` each, before encoding."""
        t = self.table(w)
        return t[:, self._pos], t[:, self._neg]

    def forward(self, w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Carrier values of every literal.

        Args:
            w: option probabilities `[B, n_options]`.

        Returns:
            `(pos, neg)`, each `[B, n_vars]`.
        """
        s = self.semantics
        if self._direct:
            enc = s.encode(w)
            pos = enc if self._identity else enc[:, self._pos]
            return pos, torch.full_like(pos, s.one)
        t = self.table(w)
        pieces = [s.encode(t)]
        if s.encode_categorical is not None:
            for k in self._sizes:  # [B, groups of size k, k] -> flattened, bucket by bucket
                idx: torch.Tensor = getattr(self, f"_idx{k}")
                pieces.append(s.encode_categorical(t[:, idx], -1).flatten(1))
        carrier = torch.cat(pieces, dim=1) if len(pieces) > 1 else pieces[0]
        pos = carrier[:, self._pos_c]
        if self.neg_is_one:
            return pos, torch.full_like(pos, s.one)
        return pos, carrier[:, self._neg_c]
