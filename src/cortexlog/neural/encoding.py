"""Probability table -> carrier table, per choice group when the semantics needs it.

`QueryPattern` gathers every literal weight from one probability table laid out as
`[options | 1 - options | 1 - group sums | 1]` (`n_opt + n_opt + n_groups + 1` columns).
Most structures encode probabilities elementwise (`encode`). Structures with an
`encode_categorical` (the possibilistic Dubois-Prade transform) must see a whole
distribution at once: each categorical group's options (plus its "none" column when the
group is not exhaustive), and each one-option group's `(p, 1 - p)`. This is the same
rule `CompiledProgram.literals` follows for non-neural programs.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from cortexlog.compile.variables import CompiledCircuit, VarKind
from cortexlog.semantics.structure import AlgebraicStructure


def group_distributions(
    compiled: CompiledCircuit, offsets: Sequence[int], n_opt: int
) -> list[list[int]]:
    """Table columns of each group's categorical distribution (groups with variables only).

    Args:
        compiled: the compiled circuit (variables and their groups).
        offsets: first option column of each group.
        n_opt: number of option columns.

    Returns:
        Per group: the option columns (+ the `1 - sum` column when it has a NONE
        variable), or `[p, 1 - p]` columns for a one-option (FACT) group.
    """
    out = []
    for g, vars_ in enumerate(compiled.group_vars):
        if not vars_:
            continue
        kinds = [compiled.variables[v] for v in vars_]
        if [v.kind for v in kinds] == [VarKind.FACT]:
            out.append([offsets[g], n_opt + offsets[g]])
            continue
        cols = [offsets[g] + v.index for v in kinds if v.kind == VarKind.OPTION]
        if any(v.kind == VarKind.NONE for v in kinds):
            cols.append(2 * n_opt + g)
        out.append(cols)
    return out


class CarrierEncoder(nn.Module):
    """Encode a probability table into the semantics' carrier, per group if categorical.

    Args:
        semantics: the algebraic structure.
        groups: per group, the table columns of its distribution (`group_distributions`).
        width: the number of table columns.

    Attributes:
        remap: for every table column, its column in the encoded output of `forward`
            (compose it with the literal gathers once, at planning time).
    """

    def __init__(self, semantics: AlgebraicStructure, groups: Sequence[Sequence[int]],
                 width: int) -> None:
        super().__init__()
        self.semantics = semantics
        remap = list(range(width))
        buckets: dict[int, list[Sequence[int]]] = {}
        if semantics.encode_categorical is not None:
            for cols in groups:
                buckets.setdefault(len(cols), []).append(cols)
        self._sizes = sorted(buckets)
        base = width
        for k in self._sizes:
            for g, cols in enumerate(buckets[k]):
                for j, c in enumerate(cols):
                    remap[c] = base + g * k + j
            base += len(buckets[k]) * k
            self.register_buffer(f"_idx{k}", torch.tensor(buckets[k], dtype=torch.long),
                                 persistent=False)
        self.register_buffer("remap", torch.tensor(remap, dtype=torch.long), persistent=False)

    def forward(self, table: torch.Tensor) -> torch.Tensor:
        """Carrier values `[B, width + categorical columns]`; index them with `remap`.

        Args:
            table: probabilities `[B, width]`.

        Returns:
            The elementwise encoding followed by each categorical bucket's encoding.
        """
        s = self.semantics
        pieces = [s.encode(table)]
        for k in self._sizes:
            idx: torch.Tensor = getattr(self, f"_idx{k}")
            dist = table[:, idx]  # [B, groups of size k, k]
            pieces.append(s.encode_categorical(dist, -1).flatten(1))  # type: ignore[misc]
        return torch.cat(pieces, dim=1) if len(pieces) > 1 else pieces[0]
