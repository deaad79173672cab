"""Evaluation, DeepProbLog's convention: answer accuracy, or thresholded truth accuracy.

- Every target 1.0 (and every shape has an output argument): the output argument is freed
  and an example is right when its given answer is the most valuable one.
- Otherwise: right when `(value >= 0.5) == (target >= 0.5)`.

Also a confusion matrix (given x predicted), per-network accuracy on labelled tensor
sources, and a collapse check (one prediction for nearly every example).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import torch

from cortexlog.language.terms import format_term
from cortexlog.train.model import LogicModel
from cortexlog.train.shapes import ExampleSet

COLLAPSE_SHARE = 0.95


@dataclass
class Evaluation:
    """The outcome of evaluating a model on a dataset.

    Attributes:
        metrics: `test_accuracy`, `mode`, per-network `accuracy/<net>`, `collapsed`.
        confusion: `(given, predicted)` -> count.
    """

    metrics: dict[str, float | str | bool]
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


@torch.no_grad()
def evaluate_examples(model: LogicModel, data: ExampleSet, batch: int = 1000,
                      max_network_items: int = 10000, limit: int | None = None) -> Evaluation:
    """Accuracy, confusion matrix, per-network accuracy and collapse check.

    Args:
        model: the model.
        data: the examples.
        batch: examples per forward pass.
        max_network_items: labelled items per source used for network accuracy (0: none).
        limit: evaluate the first `limit` examples only (quick checks inside an epoch).

    Returns:
        The evaluation.
    """
    was = model.training
    model.eval()
    answer = data.answer_mode
    right = 0
    confusion: Counter[tuple[str, str]] = Counter()
    predicted: Counter[str] = Counter()
    n = len(data) if limit is None else min(limit, len(data))
    for start in range(0, n, batch):
        rows = torch.arange(start, min(start + batch, n))
        p = model.predict(data, rows)
        if answer:
            ok = (p["pred_col"] == p["label_col"]) & (p["label_col"] >= 0)
            for r, g, pc, term in zip(rows.tolist(), p["group"].tolist(),
                                      p["pred_col"].tolist(), p["pred_term"], strict=True):
                pred = term if term is not None else model.answer_term(data, g, pc)
                k = data.groups[g].shape.output_arg
                given = format_term(data.examples[r].query.args[k]) if k is not None else "?"
                confusion[(given, pred)] += 1
                predicted[pred] += 1
        else:
            truth = data.targets[rows] >= 0.5
            guess = p["value"] >= 0.5
            ok = guess == truth
            for t, q in zip(truth.tolist(), guess.tolist(), strict=True):
                confusion[(str(t).lower(), str(q).lower())] += 1
                predicted[str(q).lower()] += 1
        right += int(ok.sum())
    metrics: dict[str, float | str | bool] = {
        "test_accuracy": right / max(n, 1),
        "mode": "answer" if answer else "threshold",
    }
    if max_network_items:
        metrics.update(network_accuracy(model, model.sources, max_network_items))
    metrics["collapsed"] = collapsed(predicted, confusion)
    model.train(was)
    return Evaluation(metrics, confusion)


def collapsed(predicted: Counter[str], confusion: Counter[tuple[str, str]]) -> bool:
    """True when one prediction covers >= 95% of examples while the given answers vary.

    >>> from collections import Counter
    >>> collapsed(Counter({"a": 99, "b": 1}), Counter({("a", "a"): 50, ("b", "a"): 49}))
    True
    """
    total = sum(predicted.values())
    if total < 20 or not predicted:
        return False
    given: Counter[str] = Counter()
    for (g, _), n in confusion.items():
        given[g] += n
    top_pred = predicted.most_common(1)[0][1] / total
    top_given = given.most_common(1)[0][1] / total
    return top_pred >= COLLAPSE_SHARE and top_given < COLLAPSE_SHARE


MAX_RENAMING = 12


def _is_int(text: str) -> bool:
    """Whether a printed domain value is an integer (labels are integers)."""
    return text.removeprefix("-").isdigit()


def best_renaming(counts: Counter[tuple[str, str]], domain: list[str]) -> int:
    """Most (guess, label) agreements under a one-to-one renaming of the guesses (exact).

    Tasks that cannot tell values apart (equality, Sudoku validity) learn the values up to
    a renaming; this is the accuracy under the best one (a dynamic programme over subsets).

    >>> best_renaming(Counter({("a", "b"): 5, ("b", "a"): 4, ("a", "a"): 1}), ["a", "b"])
    9
    """
    n = len(domain)
    best = [-1] * (1 << n)
    best[0] = 0
    for mask in range(1 << n):
        if best[mask] < 0:
            continue
        i = bin(mask).count("1")  # guess domain[i] is renamed next
        if i == n:
            continue
        for j in range(n):
            if not mask & (1 << j):
                gain = counts.get((domain[i], domain[j]), 0)
                nxt = mask | (1 << j)
                best[nxt] = max(best[nxt], best[mask] + gain)
    return best[(1 << n) - 1]


@torch.no_grad()
def network_accuracy(model: LogicModel, sources: Mapping[str, object],
                     max_items: int = 10000) -> dict[str, float]:
    """Accuracy of each single-input categorical network on each labelled tensor source.

    A network's prediction is its domain element with the highest score; it is right when
    that element prints as the item's label does (e.g. domain `[0..9]`, MNIST labels), or,
    for a domain of names (`[plus, minus, ...]`), when its position is the label. Only the
    sources the network reads in the compiled shapes count (all, before any is compiled).
    Only items whose label is in the domain count (e.g. digits 0-3 for a 4-way network).

    Args:
        model: the model (its networks and declarations).
        sources: tensor sources by name.
        max_items: the first items of each source used.

    Returns:
        `accuracy/<net>` (or `accuracy/<net>/<source>` when several sources qualify).
    """
    from cortexlog.train.tensors import TensorSource

    out: dict[str, float] = {}
    fed = model.network_sources()
    for net, decl in model.decls.items():
        if net not in model.nets or decl.output is None or len(decl.inputs) != 1:
            continue
        domain = [format_term(d) for d in decl.domain]
        named = not all(_is_int(d) for d in domain)
        labelled = [s for s in sources.values()
                    if isinstance(s, TensorSource) and s.labels is not None]
        for src in labelled:
            if fed and src.name not in fed.get(net, ()):
                continue
            assert src.labels is not None
            values = torch.arange(len(domain)) if named else torch.tensor(
                [int(d) for d in domain if _is_int(d)], dtype=torch.long)
            items = torch.isin(src.labels, values).nonzero().squeeze(1)[:max_items]
            if len(items) == 0:
                continue
            labels = [domain[int(t)] if named else str(int(t)) for t in src.labels[items]]
            scores = _scores(model, net, src.data[items])
            guess = [domain[i] for i in scores.argmax(1).tolist()]
            acc = sum(g == t for g, t in zip(guess, labels, strict=True))
            key = f"accuracy/{net}" if len(labelled) == 1 else f"accuracy/{net}/{src.name}"
            out[key] = acc / max(len(guess), 1)
            if len(domain) <= MAX_RENAMING:
                counts: Counter[tuple[str, str]] = Counter(zip(guess, labels, strict=True))
                best = best_renaming(counts, domain)
                out["renamed_" + key] = best / max(len(guess), 1)
    return out


def _scores(model: LogicModel, net: str, data: torch.Tensor) -> torch.Tensor:
    module = model.nets[net]
    outs = []
    for start in range(0, len(data), 1000):
        outs.append(module(data[start:start + 1000].to(model.device)).cpu())
    return torch.cat(outs).reshape(len(data), -1)
