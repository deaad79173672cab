"""Option probabilities -> literal values of a compiled circuit, as batched torch tensors.

`LiteralEncoder` applies the literal rules of `cortexlog.compile.variables` (through
`literal_columns`) in any structure's carrier; it is the one place that does, for
`CompiledProgram`, `QueryPattern` and `literal_weights`. The float form used by one-off
queries is `cortexlog.compile.evaluate.scalar_literals`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import nn

from cortexlog.compile.variables import CompiledCircuit, LiteralTable, literal_columns
from cortexlog.compile.weights import float_literal_weights
from cortexlog.semantics.builtin import PROBABILITY
from cortexlog.semantics.structure import AlgebraicStructure


@dataclass(frozen=True)
class CategoricalBucket:
    """Groups whose distributions have `size` columns, encoded in one call.

    Attributes:
        size: columns per distribution.
        count: groups in the bucket.
        start: the bucket's first entry in `LiteralEncoder`'s `_categorical` buffer, which
            holds the table columns of each group's distribution, bucket after bucket.
    """

    size: int
    count: int
    start: int

    def columns(self, categorical: torch.Tensor) -> torch.Tensor:
        """The bucket's `[count, size]` table columns, a view of `categorical`."""
        return categorical[self.start : self.start + self.count * self.size].view(
            self.count, self.size)


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
    >>> from cortexlog.compile.variables import InputVar, VarKind
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
    _categorical: torch.Tensor  # the table columns of the distributions, bucket by bucket

    def __init__(self, compiled: CompiledCircuit, semantics: AlgebraicStructure,
                 offsets: Sequence[int], n_options: int) -> None:
        super().__init__()
        self.semantics = semantics
        layout = LiteralTable(tuple(offsets), n_options)
        pos, neg, groups = literal_columns(compiled, offsets, n_options)
        self.neg_is_one = all(n == layout.one for n in neg)
        members = torch.zeros(len(offsets), n_options)
        ends = [*offsets[1:], n_options] if offsets else []
        for g, (a, b) in enumerate(zip(offsets, ends, strict=True)):
            members[g, a:b] = 1.0
        # Categorical distributions, bucketed by size, are encoded after the `width`
        # elementwise columns; `remap` sends a table column to its encoded column.
        remap, base = list(range(layout.width)), layout.width
        by_size: dict[int, list[list[int]]] = {}
        if semantics.encode_categorical is not None:
            for cols in groups:
                by_size.setdefault(len(cols), []).append(cols)
        self._buckets: list[CategoricalBucket] = []
        flat: list[int] = []
        for k in sorted(by_size):
            self._buckets.append(CategoricalBucket(k, len(by_size[k]), len(flat)))
            flat += [c for cols in by_size[k] for c in cols]
        for c in flat:
            remap[c], base = base, base + 1
        self.register_buffer("_categorical", torch.tensor(flat, dtype=torch.long),
                             persistent=False)
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
            for b in self._buckets:  # [B, groups, size] -> flattened, bucket by bucket
                idx = b.columns(self._categorical)
                pieces.append(s.encode_categorical(t[:, idx], -1).flatten(1))
        carrier = torch.cat(pieces, dim=1) if len(pieces) > 1 else pieces[0]
        pos = carrier[:, self._pos_c]
        if self.neg_is_one:
            return pos, torch.full_like(pos, s.one)
        return pos, carrier[:, self._neg_c]


def literal_weights(
    compiled: CompiledCircuit, group_probs: Sequence[Sequence[float] | torch.Tensor]
) -> tuple[list[float], list[float]] | tuple[torch.Tensor, torch.Tensor]:
    """Probability-semiring weights of the positive and negative literal of each variable.

    Args:
        compiled: the compiled circuit (its `variables` give the input order).
        group_probs: per group, its option probabilities: floats, or a tensor
            `[batch, n_options]` (or `[n_options]`).

    Returns:
        `(pos, neg)` (OPTION negations 1 - p_i unless `compiled.conditioned`): lists of
        `n_vars` floats when every entry is float (`float_literal_weights`), else
        torch tensors `[batch, n_vars]` (differentiable in the inputs).

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> from cortexlog.compile.variables import InputVar, VarKind
    >>> cc = CompiledCircuit(CircuitBuilder().build([]), (InputVar(VarKind.FACT, 0, 0),
    ...     InputVar(VarKind.OPTION, 1, 0), InputVar(VarKind.OPTION, 1, 1),
    ...     InputVar(VarKind.NONE, 1, -1)), ((0,), (1, 2, 3)), (), True)
    >>> pos, neg = literal_weights(cc, [[0.25], [0.5, 0.25]])
    >>> pos, neg
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
