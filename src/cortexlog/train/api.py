"""A short Python API: a program plus networks, tensor sources, then fit/evaluate/predict.

    model = Model("examples/mnist_addition.pl", networks={"mnist_net": LeNet()})
    model.add_tensors("train", images)                  # tensor(train(I)) is images[I]
    model.fit(["addition(tensor(train(0)), tensor(train(1)), 7)", ...], epochs=1)
    model.evaluate(test_examples)                       # {'test_accuracy': ..., ...}
    model.predict("addition(tensor(train(0)), tensor(train(1)), S)")   # {'7': 0.93, ...}
    values, answers = model.query("addition(A, B, S)", {"A": x, "B": y})  # [B, answers]
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import torch
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.language.terms import Num, Struct, Term, Var, format_term, term_vars
from cortexlog.train.build import build_model, check_examples, read_program
from cortexlog.train.examples import Example, as_examples, make_example
from cortexlog.train.loop import LoopConfig, fit
from cortexlog.train.metrics import evaluate_examples
from cortexlog.train.model import DEFAULT_MAX_PATTERNS, DEFAULT_UNIFORM_PRIOR, LogicModel
from cortexlog.train.shapes import ExampleSet, build_example_set, placeholder
from cortexlog.train.tensors import TensorSource, as_tensor

ExampleLike = Example | str | Term | tuple[str | Term, float]


class Model:
    """A logic program with neural predicates, trainable on examples of any shape.

    Args:
        program: a `.pl` path or program text.
        networks: modules for the program's `nn(...)` names (missing ones get defaults
            sized from their declaration when first trained).
        semantics: a trainable semantics name (probability, logprob, godel, ...).
        output_arg: the argument freed for answer accuracy (None: keep all).
        max_patterns: compiled query shapes kept in memory.
        uniform_prior: weight of the anti-collapse penalty on each categorical network's
            batch-average prediction (0: DeepProbLog's plain loss).
        inference: "exact" (the compiled circuit), or an approximate method over worlds
            of the neural choices: "top-k:K", "sample:K" or "indecater:K"
            (`cortexlog.train.inference`).
        seed: seed of an approximate method's sampling.
        image_shift: default image networks translate each training image by a random
            offset of up to this many pixels (augmentation; 0: off).
    """

    def __init__(self, program: str | os.PathLike[str],
                 networks: Mapping[str, nn.Module] | None = None,
                 semantics: str = "probability", output_arg: int | None = -1,
                 max_patterns: int = DEFAULT_MAX_PATTERNS,
                 uniform_prior: float = DEFAULT_UNIFORM_PRIOR, inference: str = "exact",
                 seed: int = 0, image_shift: int = 0) -> None:
        if image_shift < 0:
            raise CortexlogError(f"image_shift must be >= 0, got {image_shift}")
        text, name = read_program(program)
        self.module: LogicModel = build_model(text, name, semantics, networks, {}, max_patterns,
                                              inference, seed)
        self.module.uniform_prior = uniform_prior
        self.module.image_shift = image_shift
        self.output_arg = output_arg
        self.confusion: Counter[tuple[str, str]] = Counter()

    def add_tensors(self, name: str, data: Any, labels: Any = None) -> Model:
        """Register a tensor source: `tensor(name(I))` in examples is `data[I]`.

        Args:
            name: the source name.
            data: a tensor (first dimension indexes items), array or sequence of tensors.
            labels: optional per-item labels (for per-network accuracy).

        Returns:
            The model (for chaining).
        """
        lab = None if labels is None else torch.as_tensor(labels).long()
        self.module.sources[name] = TensorSource(name, as_tensor(data, name), lab)
        return self

    def examples(self, items: Iterable[ExampleLike]) -> ExampleSet:
        """Check examples against the program and sources and group them by shape."""
        exs = as_examples(items)
        check_examples(self.module.ast, exs, "given")
        return build_example_set(exs, self.module.sources, self.output_arg)

    def fit(self, train: Iterable[ExampleLike], test: Iterable[ExampleLike] | None = None,
            epochs: int = 1, batch_size: int = 32, lr: float = 1e-3,
            net_lr: Mapping[str, float] | None = None, warmup_steps: int = 0,
            lr_decay: str = "none", seed: int = 0,
            out: str | None = None, progress: bool = True) -> list[dict[str, Any]]:
        """Train with Adam; evaluates on `test` (or `train`) after every epoch.

        Args:
            train: training examples (strings, terms, `(atom, target)` or `Example`s).
            test: evaluation examples (default: `train`).
            epochs: passes over `train`.
            batch_size: examples per step.
            lr: learning rate.
            net_lr: per-network learning rates.
            warmup_steps: linear learning-rate warm-up steps.
            lr_decay: "none" or "cosine" (to 0 over the run).
            seed: shuffle seed.
            out: run directory for metrics, checkpoints and curves (None: no files).
            progress: show a progress bar.

        Returns:
            Per-epoch metrics.
        """
        tr = self.examples(train)
        te = tr if test is None else self.examples(test)
        self.module.prepare(tr)
        cfg = LoopConfig(epochs=epochs, batch_size=batch_size, lr=lr, net_lr=dict(net_lr or {}),
                         warmup_steps=warmup_steps, lr_decay=lr_decay, seed=seed, out=out,
                         progress=progress)
        return fit(self.module, tr, te, cfg)

    def evaluate(self, examples: Iterable[ExampleLike]) -> dict[str, Any]:
        """Accuracy (DeepProbLog's convention) and per-network accuracy; sets `confusion`."""
        data = self.examples(examples)
        self.module.prepare(data)
        ev = evaluate_examples(self.module, data)
        self.confusion = ev.confusion
        return ev.metrics

    def predict(self, query: str | Term) -> dict[str, float]:
        """The value of every answer of a query whose output argument is a variable.

        Args:
            query: e.g. `"addition(tensor(test(0)), tensor(test(1)), S)"`.

        Returns:
            Printed answer -> decoded value (probability), most valuable first.
        """
        term = _term(query)
        k = (len(term.args) - 1) if self.output_arg in (None, -1) else self.output_arg
        if not isinstance(term.args[k], Var):
            raise CortexlogError(f"predict: the output argument of {format_term(term)} must "
                                 "be a variable", hint="e.g. addition(tensor(test(0)), "
                                 "tensor(test(1)), S)")
        ground = Struct(term.functor, term.args[:k] + (Struct("$any"),) + term.args[k + 1:])
        data = build_example_set([make_example(ground)], self.module.sources, k)
        self.module.prepare(data)
        if self.module.approx is not None:
            return self._predict_approximately(data, term, k)
        with torch.no_grad():
            (_, values, _, preds), = self.module.batch_values(data, torch.tensor([0]), True)
        if preds is not None:  # the answer is an input: the predicted answer, its value
            best = Struct(term.functor, term.args[:k] + (Num(preds[0]),) + term.args[k + 1:])
            data = build_example_set([make_example(best)], self.module.sources, k)
            with torch.no_grad():
                (_, values, cols, _), = self.module.batch_values(data, torch.tensor([0]))
            value = self.module.semantics.decode(self.module.label_values(values, cols))
            return {str(preds[0]): float(value[0])}
        decoded = self.module.semantics.decode(values[0]).tolist()
        names = [self.module.answer_term(data, 0, c) for c in range(len(decoded))]
        return dict(sorted(zip(names, decoded, strict=True), key=lambda kv: -kv[1]))

    def _predict_approximately(self, data: ExampleSet, term: Struct, k: int) -> dict[str, float]:
        """The most probable world's answer and its estimated probability."""
        from cortexlog.language import parse_term
        from cortexlog.train.approximate import approximate_predictions

        module, approx = self.module, self.module.approx
        assert approx is not None
        first = torch.tensor([0])
        (answer,) = approximate_predictions(module, approx, data, first)["pred_term"]
        if answer is None or answer == "none":
            return {}
        best = Struct(term.functor, term.args[:k] + (parse_term(answer),) + term.args[k + 1:])
        data = build_example_set([make_example(best)], module.sources, k)
        value = approximate_predictions(module, approx, data, first)["value"]
        return {answer: float(value[0])}

    def query(self, query: str | Term, tensors: Mapping[str, torch.Tensor]
              ) -> tuple[torch.Tensor, list[str]]:
        """Functional form: a query over tensor variables -> `[batch, answers]` values.

        Args:
            query: a query whose variables named in `tensors` stand for batched tensors
                and whose remaining variable (if any) is the output, e.g. `add(A, B, S)`.
            tensors: variable name -> tensor `[batch, ...]`.

        Returns:
            `(values [batch, n_answers]` in the semantics' carrier, with gradients, and
            the printed answers of the columns, e.g. `addition(A,B,7)`).
        """
        term = _term(query)
        names = {v.name for v in term_vars(term)}
        unknown = sorted(set(tensors) - names)
        if unknown:
            raise CortexlogError(f"tensors given for {', '.join(unknown)}, which are not "
                                 f"variables of {format_term(term)}")
        mapping = {name: placeholder(i) for i, name in enumerate(sorted(tensors))}
        pattern_query = _substitute(term, mapping)
        assert isinstance(pattern_query, Struct)
        from cortexlog.neural.calls import source_name
        from cortexlog.neural.pattern import QueryPattern

        pattern = QueryPattern.from_program(self.module.ast, [pattern_query],
                                            self.module.semantics)
        device = self.module.device
        src = {source_name(mapping[n]): t.to(device) for n, t in tensors.items()}
        values, _ = pattern(src, self.module.network_map())
        back = {format_term(p): Var(n) for n, p in mapping.items()}
        return values, [format_term(_restore(q, back)) for q in pattern.queries]

    @property
    def probabilities(self) -> dict[str, float]:
        """The current value of every learnable `t(p)` probability, by ground fact."""
        return self.module.learnable.as_dict()

    @property
    def networks(self) -> nn.ModuleDict:
        """The networks, by name."""
        return self.module.nets


def _term(query: str | Term) -> Struct:
    if isinstance(query, str):
        from cortexlog.language import parse_term

        query = parse_term(query.rstrip().rstrip("."), "<query>")
    if not isinstance(query, Struct) or not query.args:
        raise CortexlogError(f"expected a compound query, got {query}")
    return query


def _restore(term: Term, back: Mapping[str, Var]) -> Term:
    """Put the tensor variables' names back in place of their placeholders."""
    if isinstance(term, Struct):
        if not term.args:
            return back.get(format_term(term), term)
        return Struct(term.functor, tuple(_restore(a, back) for a in term.args))
    return term


def _substitute(term: Term, mapping: Mapping[str, Struct]) -> Term:
    if isinstance(term, Var):
        return mapping.get(term.name, term)
    if isinstance(term, Struct) and term.args:
        return Struct(term.functor, tuple(_substitute(a, mapping) for a in term.args))
    return term


__all__: Sequence[str] = ["Model"]
