"""A logic program with neural predicates as a trainable module over examples of any shape.

`LogicModel` compiles one `QueryPattern` per query shape (bounded LRU cache), calls each
network once per shape in a batch and evaluates each shape's circuit once, batched. It
knows examples, patterns, networks and losses; no task.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping

import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Term, format_term
from cortexlog.neural.calls import ANSWER, source_name
from cortexlog.neural.learnable import LEARNABLE, LearnableProbabilities
from cortexlog.neural.networks import neural_declarations
from cortexlog.semantics.structure import AlgebraicStructure
from cortexlog.train.answers import answer_columns, answer_digits, answer_value
from cortexlog.train.approximate import (
    Approximator,
    approximate_losses,
    approximate_predictions,
)
from cortexlog.train.batching import mergeable, merged_networks
from cortexlog.train.compiled_shape import CompiledShape, compile_shape
from cortexlog.train.defaults import default_network
from cortexlog.train.losses import ValueLoss
from cortexlog.train.penalty import spread_penalty
from cortexlog.train.shapes import ExampleSet, Shape
from cortexlog.train.sharing import fed_sources, stacked_inputs
from cortexlog.train.tensors import TensorSource

DEFAULT_MAX_PATTERNS = 2048
# Weight of the spread penalty (see `LogicModel.spread_penalty`): without it balanced
# true/false equality of two digits collapsed to a constant predictor in 3 of 3 seeds;
# with 1.0 it reached 0.90-0.95 (docs/experiments.md).
DEFAULT_UNIFORM_PRIOR = 1.0


class LogicModel(nn.Module):
    """Networks plus a program, evaluated per query shape under one semantics.

    Args:
        ast: the parsed program.
        semantics: the algebraic structure.
        loss: the structure's value loss.
        networks: user modules by network name (missing ones get defaults in `prepare`).
        sources: tensor sources by name.
        max_patterns: compiled shapes kept in memory (least recently used dropped first).
    """

    def __init__(self, ast: ProgramAST, semantics: AlgebraicStructure, loss: ValueLoss,
                 networks: Mapping[str, nn.Module] | None = None,
                 sources: Mapping[str, TensorSource] | None = None,
                 max_patterns: int = DEFAULT_MAX_PATTERNS) -> None:
        super().__init__()
        self.ast = ast
        self.semantics = semantics
        self.loss_fn = loss
        self.decls = neural_declarations(ast)
        self.nets = nn.ModuleDict()
        self.network_notes: dict[str, str] = {}
        for name, module in (networks or {}).items():
            if name not in self.decls:
                declared = ", ".join(sorted(self.decls)) or "none"
                raise CortexlogError(
                    f"network {name!r} is not declared by the program (declared: {declared})",
                    hint=f"declare it (nn({name}, [X], Y, [...]) :: pred(X, Y).) or fix the name",
                )
            self.nets[name] = module
            self.network_notes[name] = f"given: {type(module).__name__}"
        self.learnable = LearnableProbabilities.from_program(ast)
        self.sources: dict[str, TensorSource] = dict(sources or {})
        self.max_patterns = max(1, max_patterns)
        self._shapes: OrderedDict[Shape, CompiledShape] = OrderedDict()
        self._structures: dict[Hashable, int] = {}
        self.pattern_builds = 0
        self.uniform_prior = DEFAULT_UNIFORM_PRIOR
        self.image_shift = 0  # default image networks shift training images this far
        self.last_outputs: list[dict[str, torch.Tensor]] = []
        # Approximate inference (`cortexlog.train.approximate`), else the compiled circuit.
        self.approx: Approximator | None = None

    # -- patterns -------------------------------------------------------------------
    def compiled(self, shape: Shape) -> CompiledShape:
        """The compiled pattern of a shape (built on first use, LRU-bounded)."""
        hit = self._shapes.get(shape)
        if hit is not None:
            self._shapes.move_to_end(shape)
            return hit
        built = self._build(shape)
        self._shapes[shape] = built
        if len(self._shapes) > self.max_patterns:
            self._shapes.popitem(last=False)
        return built

    def _build(self, shape: Shape) -> CompiledShape:
        self.pattern_builds += 1
        return compile_shape(self.ast, self.semantics, shape, self._structures,
                             self.pattern_builds)

    # -- networks -------------------------------------------------------------------
    def prepare(self, data: ExampleSet) -> dict[str, str]:
        """Compile every shape of a dataset and build default networks for missing ones.

        Args:
            data: the training examples.

        Returns:
            Network name -> what it is (given, or the default chosen).
        """
        for group in data.groups:
            if self.approx is not None:
                ws = self.approx.shape(group.shape)
                for c in ws.calls:
                    if c.net not in self.nets:
                        call = tuple(source_name(t) for t in c.inputs)
                        self._default(c.net, ws.names, ws.constants, group.shape, call)
                continue
            cs = self.compiled(group.shape)
            for net, calls in cs.pattern.calls.calls.items():
                if net not in self.nets:
                    self._default(net, cs.names, cs.constants, group.shape, calls[0])
        missing = [n for n in self.decls if n not in self.nets]
        for name in missing:
            self.network_notes[name] = "not called by the examples (no module)"
        return dict(self.network_notes)

    def _default(self, net: str, names: tuple[str, ...], constants: Mapping[str, torch.Tensor],
                 shape: Shape, call: tuple[str, ...]) -> None:
        decl = self.decls.get(net)
        if decl is None:
            raise CortexlogError(f"network {net!r} is called but not declared")
        shapes = []
        for name in call:
            if name in names:
                shapes.append(self.sources[shape.sources[names.index(name)]].item_shape)
            else:
                shapes.append(tuple(constants[name].shape[1:]))
        n_out = len(decl.domain) if decl.output is not None else 1
        module, what = default_network(shapes, n_out, self.image_shift)
        device = self.device
        self.nets[net] = module.to(device)
        self.network_notes[net] = f"default: {what}"

    def network_sources(self) -> dict[str, set[str]]:
        """Network name -> the tensor sources it reads in the shapes compiled so far."""
        out: dict[str, set[str]] = {}
        for shape, cs in self._shapes.items():
            fed_sources(cs.pattern.calls, cs.names, shape.sources, out)
        if self.approx is not None:
            for shape, ws in self.approx.planned():
                fed_sources(ws.plan, ws.names, shape.sources, out)
        return out

    @property
    def device(self) -> torch.device:
        """The device of the first parameter (CPU without parameters)."""
        for p in self.parameters():
            return p.device
        return torch.device("cpu")

    # -- evaluation -----------------------------------------------------------------
    def columns(self, data: ExampleSet, g: int, cs: CompiledShape) -> torch.Tensor:
        """Per example of group `g` (by row in the group), its label's column (-1: none)."""
        key = (id(self), g, id(cs))
        cols = data.cache.get(key)
        if cols is None and cs.pattern.calls.answer is not None:
            cols = data.cache[key] = answer_columns(self.digits(data, g, cs))
        if cols is None:
            group = data.groups[g]
            outs: list[Term | None] = list(group.outputs) if group.outputs else [None]
            per_code = torch.tensor([cs.answer_col.get(t, -1) for t in outs], dtype=torch.long)
            cols = per_code[group.out_code]
            data.cache[key] = cols
        return cols

    def digits(self, data: ExampleSet, g: int, cs: CompiledShape) -> torch.Tensor:
        """`[n, K]` answer digits of the examples of group `g` (answer-input patterns)."""
        key = (id(self), g, id(cs), "digits")
        got = data.cache.get(key)
        if got is None:
            assert cs.pattern.calls.answer is not None
            got = data.cache[key] = answer_digits(data.groups[g], cs.pattern.calls.answer)
        return got

    def batch_values(self, data: ExampleSet, rows: torch.Tensor, answers: bool = False
                     ) -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor, list[int] | None]]:
        """`(positions in rows, values, label columns, predicted answers)` per circuit
        structure of a batch.

        Shape groups that compile to the same circuit are evaluated in one pass
        (`cortexlog.train.sharing`); every network is called once for the whole batch
        when the shapes allow it (`cortexlog.train.batching`). The predicted answers are
        computed (with `answers`) for patterns whose answer is an input, else None.
        """
        classes: dict[int, list[tuple[CompiledShape, int, torch.Tensor, torch.Tensor]]] = {}
        for g, pos, grows in data.split(rows):
            cs = self.compiled(data.groups[g].shape)
            classes.setdefault(cs.structure, []).append((cs, g, grows, pos))
        device = self.device
        nets = self.network_map()
        groups = list(classes.values())
        plans = [(grp[0][0].pattern.calls,
                  stacked_inputs(self.source, data, [(cs, g, gr) for cs, g, gr, _ in grp], device))
                 for grp in groups]
        per_class = (merged_networks(nets, plans) if mergeable([p for p, _ in plans])
                     else [nets] * len(plans))
        out = []
        self.last_outputs = []
        for grp, (_, tensors), own in zip(groups, plans, per_class, strict=True):
            pattern = grp[0][0].pattern
            preds = None
            if pattern.calls.answer is not None:
                tensors[ANSWER] = torch.cat([self.digits(data, g, cs)[gr]
                                             for cs, g, gr, _ in grp]).to(device)
                if answers:
                    preds = pattern.calls.answer.predict(pattern.calls.evaluate(tensors, own)[0])
            values, outputs = pattern(tensors, own)
            self.last_outputs.append(outputs)
            parts = [self.columns(data, g, cs)[gr] for cs, g, gr, _ in grp]
            cols = parts[0] if len(parts) == 1 else torch.cat(parts)
            pos = grp[0][3] if len(grp) == 1 else torch.cat([p for *_, p in grp])
            values = values.expand(len(cols), -1)  # no tensor inputs: one row serves all
            out.append((pos.to(values.device), values, cols.to(values.device), preds))
        return out

    def network_map(self) -> dict[str, nn.Module]:
        """Network name -> module, plus the learnable `t(p)` probabilities under LEARNABLE."""
        return {**self.nets, LEARNABLE: self.learnable}

    def source(self, name: str) -> TensorSource:
        """The registered tensor source `name` (an error naming the fix if there is none)."""
        src = self.sources.get(name)
        if src is None:
            raise CortexlogError(f"tensor source {name!r} is not registered",
                                 hint=f"register it (Python) or pass --tensors {name}=SPEC")
        return src

    def label_values(self, values: torch.Tensor, cols: torch.Tensor) -> torch.Tensor:
        """The value of each example's own query (the semantics' zero when not derivable)."""
        if values.shape[1] and bool((cols >= 0).all()):
            return values.gather(1, cols.unsqueeze(1)).squeeze(1)
        zero = torch.full((len(cols),), self.semantics.zero, dtype=values.dtype,
                          device=values.device)
        if values.shape[1] == 0:
            return zero
        picked = values.gather(1, cols.clamp_min(0).unsqueeze(1)).squeeze(1)
        return torch.where(cols >= 0, picked, zero)

    def forward(self, data: ExampleSet, rows: torch.Tensor) -> torch.Tensor:
        """Per-example losses `[B]` of a batch (any mix of shapes), in `rows` order.

        Args:
            data: the dataset.
            rows: example indices `[B]`.

        Returns:
            The losses.
        """
        if self.approx is not None:
            losses = approximate_losses(self, self.approx, data, rows)
            if self.uniform_prior and self.training:
                losses = losses + self.uniform_prior * spread_penalty(self.last_outputs, losses)
            return losses
        targets = None if data.all_true else data.targets[rows].to(self.device)
        parts = []
        for pos, values, cols, _ in self.batch_values(data, rows):
            own = None if targets is None else targets[pos].to(values.dtype)
            parts.append((pos, self.loss_fn(self.label_values(values, cols), own)))
        if len(parts) == 1:
            losses = parts[0][1]
        else:
            losses = parts[0][1].new_empty(len(rows))
            for pos, part in parts:
                losses = losses.index_put((pos,), part)
        if self.uniform_prior and self.training:
            losses = losses + self.uniform_prior * spread_penalty(self.last_outputs, losses)
        return losses

    @torch.no_grad()
    def predict(self, data: ExampleSet, rows: torch.Tensor) -> dict[str, torch.Tensor]:
        """Predictions for a batch, in `rows` order.

        Returns:
            `value` (the decoded value of each example's own query), `pred_col` (the
            most valuable answer's column, -1 without answers), `label_col` (-1 when the
            example's atom is not an answer) and `group` (the shape group).
        """
        if self.approx is not None:
            return approximate_predictions(self, self.approx, data, rows)
        n = len(rows)
        out = {"value": torch.zeros(n), "pred_col": torch.full((n,), -1),
               "label_col": torch.full((n,), -1), "group": data.group_of[rows].clone()}
        terms: list[str | None] = [None] * n
        for pos, values, cols, preds in self.batch_values(data, rows, answers=True):
            pos = pos.cpu()
            decoded = self.semantics.decode(self.label_values(values, cols)).float().cpu()
            out["value"][pos] = decoded
            out["label_col"][pos] = cols.cpu()
            if preds is not None:  # the answer is an input: right iff the prediction is
                given = [self.given(data, r) for r in rows[pos].tolist()]
                hit = torch.tensor([p == a for p, a in zip(preds, given, strict=True)])
                out["pred_col"][pos] = torch.where(hit, cols.cpu(), -2)
                for i, p in zip(pos.tolist(), preds, strict=True):
                    terms[i] = str(p)
            elif values.shape[1]:
                out["pred_col"][pos] = values.argmax(1).cpu()
        out["pred_term"] = terms  # type: ignore[assignment]
        return out

    def given(self, data: ExampleSet, r: int) -> int | None:
        """The integer output of example `r` (None without one)."""
        k = data.groups[int(data.group_of[r])].shape.output_arg
        return None if k is None else answer_value(data.examples[r].query.args[k])

    def answer_term(self, data: ExampleSet, g: int, col: int) -> str:
        """The printed output term of column `col` of group `g`'s pattern."""
        cs = self.compiled(data.groups[g].shape)
        k = data.groups[g].shape.output_arg
        if col < 0 or k is None:
            return "none"
        return format_term(cs.pattern.queries[col].args[k])
