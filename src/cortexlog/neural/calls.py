"""Batched evaluation of a ground program's neural weights: one network call per network.

A ground program written against placeholder constants (`digit(img0, Y)`) has neural
weights `NeuralWeight(net, (img0,), k)`. Given a batch of tensors per placeholder
(`{"img0": [B, ...], "img1": [B, ...]}`), every network is called once on the
concatenation of all its inputs, and the option weights of every choice group are gathered
into one matrix `[B, n_options]` in `(group, option)` order.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import GroundProgram, NeuralWeight
from cortexlog.language.terms import Term, format_term


def source_name(term: Term) -> str:
    """The tensor-source name a ground input term refers to (`img0`, `tensor(train(3))`).

    >>> from cortexlog.language.terms import Struct
    >>> source_name(Struct("img0"))
    'img0'
    """
    return format_term(term)


@dataclass(frozen=True)
class NeuralCalls:
    """Which networks to call on which placeholder inputs, and where each option's weight is.

    Attributes:
        calls: per network name, the distinct input tuples (as source names), in order.
        offsets: the first column of each choice group in the option matrix.
        column: for every option column, `(net, call number, output index)` or a float.
        binary: network names whose declaration has no domain (sigmoid output).
    """

    calls: dict[str, tuple[tuple[str, ...], ...]]
    offsets: tuple[int, ...]
    column: tuple[tuple[str, int, int] | float, ...]
    binary: frozenset[str]

    @classmethod
    def from_ground(cls, gp: GroundProgram, binary: frozenset[str] = frozenset()) -> NeuralCalls:
        """Collect the neural calls of a ground program.

        Args:
            gp: the ground program.
            binary: names of networks declared in the binary form (one sigmoid output).

        Returns:
            The call plan.
        """
        calls: dict[str, dict[tuple[str, ...], int]] = {}
        offsets: list[int] = []
        column: list[tuple[str, int, int] | float] = []
        for group in gp.groups:
            offsets.append(len(column))
            for w in group.weights:
                if isinstance(w, NeuralWeight):
                    key = tuple(source_name(t) for t in w.inputs)
                    per_net = calls.setdefault(w.net, {})
                    call = per_net.setdefault(key, len(per_net))
                    column.append((w.net, call, w.index))
                else:
                    column.append(float(w))
        frozen = {net: tuple(c) for net, c in calls.items()}
        return cls(frozen, tuple(offsets), tuple(column), binary)

    @property
    def sources(self) -> tuple[str, ...]:
        """All source names the plan reads, sorted."""
        return tuple(sorted({s for cs in self.calls.values() for c in cs for s in c}))

    def evaluate(
        self,
        sources: Mapping[str, torch.Tensor],
        networks: Mapping[str, nn.Module],
        log: bool = False,
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Call each network once and gather every option's probability.

        Args:
            sources: placeholder name -> tensor [B, ...].
            networks: network name -> module returning logits [n, d] (or [n, 1]/[n]).
            log: return log-probabilities instead of probabilities.

        Returns:
            The option matrix [B, n_options] and, per network, its normalised outputs
            [n_calls, B, d] (for evaluation, e.g. digit accuracy).
        """
        missing = [s for s in self.sources if s not in sources]
        if missing:
            raise CortexlogError(
                f"no tensor given for input(s) {', '.join(missing)}",
                hint="pass a tensor for every placeholder constant in the query pattern",
            )
        outputs: dict[str, torch.Tensor] = {}
        batch = None
        for net, calls in self.calls.items():
            arity = len(calls[0])
            args = [torch.cat([sources[c[k]] for c in calls], dim=0) for k in range(arity)]
            logits = networks[net](*args)
            batch = args[0].shape[0] // len(calls)
            outputs[net] = _normalise(logits, net in self.binary, log).view(
                len(calls), batch, -1
            )
        if batch is None:
            batch = next(iter(sources.values())).shape[0] if sources else 1
        return self._gather(outputs, batch, log), outputs

    def _gather(self, outputs: dict[str, torch.Tensor], batch: int, log: bool) -> torch.Tensor:
        # Flatten every network's outputs into one matrix and index it once (the index is
        # planned once per output layout; an identity index is skipped).
        pieces = []
        for out in outputs.values():
            n_calls, _, d = out.shape
            pieces.append(out.permute(1, 0, 2).reshape(batch, n_calls * d))
        layout = tuple((net, out.shape[0], out.shape[2]) for net, out in outputs.items())
        index, consts = _gather_plan(self.column, layout)
        ref = pieces[0] if pieces else torch.zeros(batch, 0)
        if consts:
            vals = torch.tensor(consts, dtype=ref.dtype, device=ref.device)
            vals = vals.clamp_min(1e-38).log() if log else vals
            pieces.append(vals.expand(batch, -1))
        table = torch.cat(pieces, dim=1) if len(pieces) > 1 else ref
        if index is None:
            return table
        return table[:, torch.tensor(index, dtype=torch.long, device=table.device)]


@functools.lru_cache(maxsize=64)
def _gather_plan(
    column: tuple[tuple[str, int, int] | float, ...], layout: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[int, ...] | None, tuple[float, ...]]:
    """The column index into the flattened outputs (None if identity) and the constants.

    Args:
        column: `NeuralCalls.column`.
        layout: `(net, calls, output width)` of each network, in the flattening order.

    Returns:
        `(index or None, sorted distinct constant weights)`.

    >>> _gather_plan((("n", 0, 0), ("n", 0, 1), 0.5), (("n", 1, 2),))
    ((0, 1, 2), (0.5,))
    >>> _gather_plan((("n", 0, 0), ("n", 0, 1)), (("n", 1, 2),))
    (None, ())
    """
    base: dict[str, tuple[int, int]] = {}
    width = 0
    for net, n_calls, d in layout:
        base[net] = (width, d)
        width += n_calls * d
    consts = tuple(sorted({c for c in column if isinstance(c, float)}))
    const_col = {c: width + i for i, c in enumerate(consts)}
    index = []
    for c in column:
        if isinstance(c, float):
            index.append(const_col[c])
        else:
            start, d = base[c[0]]
            index.append(start + c[1] * d + c[2])
    identity = not consts and index == list(range(width))
    return (None if identity else tuple(index)), consts


def _normalise(logits: torch.Tensor, binary: bool, log: bool) -> torch.Tensor:
    if binary:
        logits = logits.reshape(-1, 1)
        return torch.nn.functional.logsigmoid(logits) if log else torch.sigmoid(logits)
    return logits.log_softmax(-1) if log else logits.softmax(-1)
