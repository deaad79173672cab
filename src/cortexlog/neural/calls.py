"""Batched evaluation of a ground program's neural weights: one network call per network.

A ground program written against placeholder constants (`digit(img0, Y)`) has neural
weights `NeuralWeight(net, (img0,), k)`. Given a batch of tensors per placeholder
(`{"img0": [B, ...], "img1": [B, ...]}`), every network is called once on the
concatenation of all its inputs, and the option weights of every choice group are gathered
into one matrix `[B, n_options]` in `(group, option)` order.

Two DeepProbLog constructs feed the matrix too. A learnable probability `t(p)` reads its
value from the `LearnableProbabilities` module passed under the reserved network name
`LEARNABLE`. A tensor-valued network `nn(embed, [X], E)` grounds its output as the term
`'$nn'(embed, [x])`; when such a term is the input of another network, `embed` is called
first (once per network and nesting level, batched over its calls) and its output tensor
is passed on.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import (
    AnswerWeight,
    GroundProgram,
    LearnableWeight,
    NeuralWeight,
)
from cortexlog.language.terms import Struct, Term, format_term, iter_list, list_tail
from cortexlog.neural.learnable import LEARNABLE

#: The source holding the decimal digits `[B, K]` of each example's answer input
#: (`AnswerInput`; -1 for a digit of an answer outside the expression's range).
ANSWER = "$answer"

#: A tensor-valued call: (source name of its output, network, input source names).
Derived = tuple[str, str, tuple[str, ...]]


def source_name(term: Term) -> str:
    """The tensor-source name a ground input term refers to (`img0`, `tensor(train(3))`).

    >>> from cortexlog.language.terms import Struct
    >>> source_name(Struct("img0"))
    'img0'
    """
    return format_term(term)


@dataclass(frozen=True)
class AnswerPlan:
    """How a pattern's answer input is fed (`ANSWER` digits) and predicted.

    Attributes:
        offset: the least value of the answer (digits encode `value - offset`).
        n_digits: how many decimal digits.
        const: the constant of the answer's expression.
        terms: per group of the expression, `(coefficient, first option column, option
            values)`.
    """

    offset: int
    n_digits: int
    const: int
    terms: tuple[tuple[int, int, tuple[int, ...]], ...]

    def digits(self, value: object) -> list[int]:
        """The digits of `value - offset`, least significant first (all -1 when `value`
        is not an integer the answer can take: its probability is then 0).

        >>> AnswerPlan(0, 3, 0, ()).digits(42), AnswerPlan(5, 2, 0, ()).digits(1000)
        ([2, 4, 0], [-1, -1])
        """
        if not isinstance(value, int) or not 0 <= value - self.offset < 10 ** self.n_digits:
            return [-1] * self.n_digits
        u = value - self.offset
        return [(u // 10 ** k) % 10 for k in range(self.n_digits)]

    def predict(self, table: torch.Tensor) -> list[int]:
        """The answer's value in the most likely option of each of its groups.

        Args:
            table: option probabilities `[B, n_options]` (`NeuralCalls.evaluate`).

        Returns:
            One Python integer per row (exact for any number of digits).
        """
        best = [table[:, c:c + len(vs)].argmax(1).tolist() for _, c, vs in self.terms]
        out = []
        for row in zip(*best, strict=True) if best else [()] * table.shape[0]:
            out.append(self.const + sum(c * vs[i] for (c, _, vs), i in
                                        zip(self.terms, row, strict=True)))
        return out


@dataclass(frozen=True)
class NeuralCalls:
    """Which networks to call on which placeholder inputs, and where each option's weight is.

    Attributes:
        calls: per network name, the distinct input tuples (as source names), in order.
        offsets: the first column of each choice group in the option matrix.
        column: for every option column, `(net, call number, output index)` or a float.
        binary: network names whose declaration has no domain (sigmoid output).
        learnable: the learnable parameter keys the options read, in column order
            (`column` entries `(LEARNABLE, i, 0)` refer to `learnable[i]`).
        derived: tensor-valued calls by nesting level (level 0 reads only given sources);
            each `(name, net, inputs)` computes the source `name`.
        answer: how the answer input of the (single) query is fed, if it has one.
    """

    calls: dict[str, tuple[tuple[str, ...], ...]]
    offsets: tuple[int, ...]
    column: tuple[tuple[str, int, int] | float, ...]
    binary: frozenset[str]
    learnable: tuple[str, ...] = ()
    derived: tuple[tuple[Derived, ...], ...] = ()
    answer: AnswerPlan | None = None

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
        learnable: dict[str, int] = {}
        levels: dict[str, tuple[int, Derived]] = {}
        offsets: list[int] = []
        column: list[tuple[str, int, int] | float] = []
        for group in gp.groups:
            offsets.append(len(column))
            for w in group.weights:
                if isinstance(w, NeuralWeight):
                    key = tuple(_source(t, levels) for t in w.inputs)
                    per_net = calls.setdefault(w.net, {})
                    call = per_net.setdefault(key, len(per_net))
                    column.append((w.net, call, w.index))
                elif isinstance(w, LearnableWeight):
                    column.append((LEARNABLE, learnable.setdefault(w.key, len(learnable)), 0))
                elif isinstance(w, AnswerWeight):
                    column.append((ANSWER, w.digit, w.value))
                else:
                    column.append(float(w))
        frozen = {net: tuple(c) for net, c in calls.items()}
        depth = 1 + max((lv for lv, _ in levels.values()), default=-1)
        derived = tuple(tuple(d for lv, d in levels.values() if lv == k) for k in range(depth))
        return cls(frozen, tuple(offsets), tuple(column), binary, tuple(learnable), derived,
                   _answer_plan(gp, offsets))

    @property
    def sources(self) -> tuple[str, ...]:
        """All given source names the plan reads (not the derived ones), sorted."""
        made = {d[0] for level in self.derived for d in level}
        used = {s for cs in self.calls.values() for c in cs for s in c}
        used |= {s for level in self.derived for d in level for s in d[2]}
        return tuple(sorted(used - made))

    def evaluate(
        self,
        sources: Mapping[str, torch.Tensor],
        networks: Mapping[str, nn.Module],
        log: bool = False,
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Call each network once and gather every option's probability.

        Args:
            sources: placeholder name -> tensor [B, ...].
            networks: network name -> module returning logits [n, d] (or [n, 1]/[n]);
                a tensor-valued network returns any tensor [n, ...]; the
                `LearnableProbabilities` module under `LEARNABLE` if the plan has
                learnable weights.
            log: return log-probabilities instead of probabilities.

        Returns:
            The option matrix [B, n_options] and, per probability network, its
            normalised outputs [n_calls, B, d] (for evaluation, e.g. digit accuracy).
        """
        missing = [s for s in self.sources if s not in sources]
        if missing:
            raise CortexlogError(
                f"no tensor given for input(s) {', '.join(missing)}",
                hint="pass a tensor for every placeholder constant in the query pattern",
            )
        values = self._derive(sources, networks) if self.derived else sources
        outputs: dict[str, torch.Tensor] = {}
        batch = None
        for net, calls in self.calls.items():
            logits, batch = _call(_network(networks, net), calls, values)
            outputs[net] = _normalise(logits, net in self.binary, log).view(
                len(calls), batch, -1
            )
        if batch is None:
            batch = next(iter(sources.values())).shape[0] if sources else 1
        table = dict(outputs)
        if self.learnable:
            vals = _network(networks, LEARNABLE)(self.learnable, log=log)
            ref = next(iter(outputs.values()), vals)
            table[LEARNABLE] = vals.to(ref.dtype).view(-1, 1, 1).expand(-1, batch, 1)
        if any(type(c) is tuple and c[0] == ANSWER for c in self.column):
            table[ANSWER] = _answer_table(sources, next(iter(outputs.values()), None), log)
        return self._gather(table, batch, log), outputs

    def _derive(
        self, sources: Mapping[str, torch.Tensor], networks: Mapping[str, nn.Module]
    ) -> dict[str, torch.Tensor]:
        """The given sources plus the output tensor of every tensor-valued call."""
        values = dict(sources)
        for level in self.derived:
            by_net: dict[str, list[Derived]] = {}
            for d in level:
                by_net.setdefault(d[1], []).append(d)
            for net, items in by_net.items():
                out, batch = _call(_network(networks, net), [d[2] for d in items], values)
                for d, chunk in zip(items, out.split(batch), strict=True):
                    values[d[0]] = chunk
        return values

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


def _answer_plan(gp: GroundProgram, offsets: list[int]) -> AnswerPlan | None:
    """The plan of the program's answer input (None without one)."""
    if not gp.answer_inputs:
        return None
    if len(gp.answer_inputs) > 1:
        raise CortexlogError(
            f"{len(gp.answer_inputs)} queries have an answer input; a pattern feeds one",
            hint="compile one query per pattern")
    a = gp.answer_inputs[0]
    e = a.expression
    terms = tuple((c, offsets[g], vs) for g, c, vs in zip(e.groups, e.coefs, e.values,
                                                          strict=True))
    return AnswerPlan(a.offset, len(a.digits), e.const, terms)


def _answer_table(sources: Mapping[str, torch.Tensor], ref: torch.Tensor | None,
                  log: bool) -> torch.Tensor:
    """One-hot `[K, B, 10]` of the answer digits `sources[ANSWER]` (`[B, K]`)."""
    digits = sources.get(ANSWER)
    if digits is None:
        raise CortexlogError(
            "the pattern's answer is an input but no answer digits were given",
            hint=f"pass sources[{ANSWER!r}] = the digits [B, K] of each answer minus its "
            "offset, least significant first (cortexlog.train does this)",
        )
    dtype = ref.dtype if ref is not None else torch.get_default_dtype()
    hot = (digits.unsqueeze(-1) == torch.arange(10, device=digits.device)).to(dtype)
    if log:
        hot = hot.clamp_min(1e-38).log()
    return hot.permute(1, 0, 2)


def _source(term: Term, levels: dict[str, tuple[int, Derived]]) -> str:
    """The source name of an input term; registers tensor-valued calls in `levels`.

    `'$nn'(net, [x1..xk])` stands for the output of `net` on `x1..xk`; its level is one
    more than the deepest tensor-valued call among its inputs (given sources: -1).
    """
    name = source_name(term)
    if name in levels or not (
        isinstance(term, Struct) and term.functor == "$nn" and term.arity == 2
        and isinstance(term.args[0], Struct) and list_tail(term.args[1]) == Struct("[]")
    ):
        return name
    inputs = tuple(_source(t, levels) for t in iter_list(term.args[1]))
    level = 1 + max((levels[i][0] for i in inputs if i in levels), default=-1)
    levels[name] = (level, (name, term.args[0].functor, inputs))
    return name


def _network(networks: Mapping[str, nn.Module], name: str) -> nn.Module:
    """`networks[name]`, or an error naming what is missing."""
    module = networks.get(name)
    if module is not None:
        return module
    if name == LEARNABLE:
        raise CortexlogError(
            "the program has learnable probabilities t(...) but no module holds them",
            hint="pass networks={..., LEARNABLE: LearnableProbabilities.from_program(ast)} "
            "(from cortexlog.neural.learnable)",
        )
    raise CortexlogError(
        f"no module given for network {name!r} (given: {', '.join(sorted(networks)) or 'none'})",
        hint=f'pass networks={{"{name}": module}}',
    )


def _call(
    module: nn.Module, calls: Sequence[tuple[str, ...]], values: Mapping[str, torch.Tensor]
) -> tuple[torch.Tensor, int]:
    """Call a network once on the concatenation of all its calls' inputs.

    Returns:
        The raw output `[len(calls) * B, ...]` and the batch size B.
    """
    arity = len(calls[0])
    if any(len(c) != arity for c in calls):
        raise CortexlogError(
            "a network is called with different numbers of inputs "
            f"({', '.join(sorted({str(len(c)) for c in calls}))})",
            hint="give every call of one network the same number of inputs",
        )
    if arity == 0:
        raise CortexlogError("a network is called with no inputs",
                             hint="give the network at least one input: nn(net, [X], ...)")
    args = [torch.cat([values[c[k]] for c in calls], dim=0) for k in range(arity)]
    return module(*args), args[0].shape[0] // len(calls)


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
