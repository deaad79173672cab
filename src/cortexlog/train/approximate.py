"""Training values by approximate inference: networks once per batch, worlds per example.

Per query shape, `Approximator` finds the neural calls (`WorldProgram.calls`) and plans
one network call per network for a batch (`NeuralCalls`). Per batch it stacks each call's
probabilities into `[B, C, D]` and hands them to the method's estimator with an oracle
that reads `P(example's query | world)` from `WorldProgram.answers` (cached per shape and
world, so one grounding serves every example and label that meets that world).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Struct, Term, format_term
from cortexlog.neural.calls import NeuralCalls, source_name
from cortexlog.neural.learnable import LearnableProbabilities
from cortexlog.neural.worlds import WorldCall, WorldProgram
from cortexlog.train.constants import constant_source
from cortexlog.train.inference import Inference
from cortexlog.train.shapes import ExampleSet, Shape, placeholder
from cortexlog.train.tensors import TensorSource

if TYPE_CHECKING:
    from cortexlog.train.model import LogicModel


@dataclass(frozen=True)
class WorldShape:
    """A shape's neural calls and how to compute their probabilities for a batch.

    Attributes:
        calls: the neural calls, in order of first appearance.
        plan: one network call per network over all of its calls.
        slots: per call, `(network, call number in plan)`.
        dims: the domain size of each call.
        names: the source name of each placeholder, in placeholder order.
        constants: non-tensor network inputs as `[1, d]` tensors.
    """

    calls: tuple[WorldCall, ...]
    plan: NeuralCalls
    slots: tuple[tuple[str, int], ...]
    dims: tuple[int, ...]
    names: tuple[str, ...]
    constants: dict[str, torch.Tensor]


class Approximator:
    """Approximate inference for a program's training examples.

    Args:
        ast: the parsed program.
        inference: the approximate method.
        seed: seed of the sampling generator.
    """

    def __init__(self, ast: ProgramAST, inference: Inference, seed: int = 0) -> None:
        if LearnableProbabilities.from_program(ast).keys:
            raise CortexlogError(
                f"inference {inference} trains networks only; the program has learnable "
                "probabilities t(...)", hint="use --inference exact for t(...) parameters")
        self.inference = inference
        self.worlds = WorldProgram(ast)
        self.generator = torch.Generator().manual_seed(seed)
        self._shapes: dict[Shape, WorldShape] = {}

    def shape(self, shape: Shape) -> WorldShape:
        """The calls and batch plan of a shape (found on first use)."""
        hit = self._shapes.get(shape)
        if hit is None:
            hit = self._shapes[shape] = self._plan(shape)
        return hit

    def _plan(self, shape: Shape) -> WorldShape:
        calls = self.worlds.calls(shape.query)
        if not calls:
            raise CortexlogError(
                f"the shape {shape} makes no neural call",
                hint="approximate inference samples neural choices; use --inference exact")
        per_net: dict[str, dict[tuple[str, ...], int]] = {}
        slots = []
        for c in calls:
            key = tuple(source_name(t) for t in c.inputs)
            own = per_net.setdefault(c.net, {})
            slots.append((c.net, own.setdefault(key, len(own))))
        binary = frozenset(c.net for c in calls if self.worlds.decls[c.net].output is None)
        plan = NeuralCalls({n: tuple(k) for n, k in per_net.items()}, (), (), binary)
        names = tuple(source_name(placeholder(j)) for j in range(len(shape.sources)))
        consts = {n: constant_source(n) for n in plan.sources if n not in names}
        return WorldShape(calls, plan, tuple(slots), tuple(len(c.domain) for c in calls),
                          names, consts)

    def planned(self) -> list[tuple[Shape, WorldShape]]:
        """The shapes planned so far, with their plans."""
        return list(self._shapes.items())

    def probabilities(self, ws: WorldShape, tensors: Mapping[str, torch.Tensor],
                      nets: Mapping[str, nn.Module]
                      ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """`[B, C, D]` choice probabilities (zero-padded) and each network's outputs."""
        _, outputs = ws.plan.evaluate({**tensors, **ws.constants}, nets)
        cols = []
        width = max(ws.dims)
        for (net, j), d in zip(ws.slots, ws.dims, strict=True):
            p = outputs[net][j]
            if net in ws.plan.binary:
                p = torch.cat([p, 1 - p], dim=1)
            cols.append(torch.nn.functional.pad(p, (0, width - d)))
        return torch.stack(cols, dim=1), outputs

    def group_values(self, data: ExampleSet, g: int, grows: torch.Tensor,
                     source: Callable[[str], TensorSource], nets: Mapping[str, nn.Module],
                     device: torch.device, predict: bool = False
                     ) -> tuple[torch.Tensor, dict[str, torch.Tensor], list[Struct | None]]:
        """Estimated values, network outputs and (with `predict`) predicted answers.

        Args:
            data: the dataset.
            g: the shape group.
            grows: rows within the group.
            source: tensor-source name -> source.
            nets: network name -> module.
            device: where the tensors go.
            predict: also ground the most probable world of each row (evaluation only).

        Returns:
            `(values [n], outputs, predicted answer atoms or [])`.
        """
        group = data.groups[g]
        ws = self.shape(group.shape)
        tensors = {name: source(group.shape.sources[j]).data[group.index[grows, j]].to(device)
                   for j, name in enumerate(ws.names)}
        probs, outputs = self.probabilities(ws, tensors, nets)
        atoms = [own_atom(group.shape, group.outputs[int(c)] if group.outputs else None)
                 for c in group.out_code[grows].tolist()]
        query, calls = group.shape.query, ws.calls

        def oracle(b: int, world: tuple[int, ...]) -> float:
            return self.worlds.answers(query, calls, world).get(atoms[b], 0.0)

        est = self.inference.estimator
        assert est is not None
        values = est(probs, ws.dims, oracle, self.inference.k, self.generator)
        if not predict:
            return values, outputs, []
        best = probs.detach().argmax(-1).cpu().tolist()
        predicted = [_likeliest(self.worlds.answers(query, calls, tuple(w))) for w in best]
        return values, outputs, predicted


def own_atom(shape: Shape, output: Term | None) -> Struct:
    """The shape's query with its output argument set to `output` (as is without one)."""
    k = shape.output_arg
    if k is None or output is None:
        return shape.query
    args = shape.query.args
    return Struct(shape.query.functor, args[:k] + (output,) + args[k + 1:])


def _likeliest(answers: Mapping[Struct, float]) -> Struct | None:
    """The most probable answer atom of a world (None when none can hold)."""
    if not answers:
        return None
    return max(answers.items(), key=lambda kv: (kv[1], -len(format_term(kv[0]))))[0]


def approximate_losses(model: LogicModel, approx: Approximator, data: ExampleSet,
                       rows: torch.Tensor) -> torch.Tensor:
    """Per-example losses `[B]` of a batch, from the estimator's values.

    Args:
        model: the logic model (networks, sources, semantics, loss).
        approx: its approximator.
        data: the dataset.
        rows: example indices `[B]`.

    Returns:
        The losses (gradients are the estimator's).
    """
    targets = None if data.all_true else data.targets[rows].to(model.device)
    nets = model.network_map()
    losses: torch.Tensor | None = None
    model.last_outputs = []
    for g, pos, grows in data.split(rows):
        values, outputs, _ = approx.group_values(data, g, grows, model.source, nets,
                                                 model.device)
        model.last_outputs.append(outputs)
        own = None if targets is None else targets[pos.to(targets.device)].to(values.dtype)
        part = model.loss_fn(model.semantics.encode(values), own)
        if losses is None:
            losses = part.new_zeros(len(rows))
        losses = losses.index_put((pos.to(part.device),), part)
    assert losses is not None
    return losses


@torch.no_grad()
def approximate_predictions(model: LogicModel, approx: Approximator, data: ExampleSet,
                            rows: torch.Tensor) -> dict[str, torch.Tensor]:
    """Predictions for a batch (the `LogicModel.predict` layout): the most probable world's
    most probable answer, and the estimated value of each example's own query."""
    n = len(rows)
    out = {"value": torch.zeros(n), "pred_col": torch.full((n,), -1),
           "label_col": torch.full((n,), -1), "group": data.group_of[rows].clone()}
    terms: list[str | None] = [None] * n
    nets = model.network_map()
    for g, pos, grows in data.split(rows):
        shape = data.groups[g].shape
        values, _, predicted = approx.group_values(data, g, grows, model.source, nets,
                                                   model.device, predict=True)
        out["value"][pos] = values.float().cpu()
        if shape.output_arg is None:
            continue
        k = shape.output_arg
        for i, r, atom in zip(pos.tolist(), rows[pos].tolist(), predicted, strict=True):
            right = atom == own_atom(shape, data.examples[r].query.args[k])
            out["label_col"][i] = 0
            out["pred_col"][i] = 0 if right else -2
            terms[i] = "none" if atom is None else format_term(atom.args[k])
    out["pred_term"] = terms  # type: ignore[assignment]
    return out
