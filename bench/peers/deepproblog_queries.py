"""Any program + query files with DeepProbLog 2.1 (exact engine), as one JSON line.

The same inputs `cortexlog train` reads: a program with `nn(NET, [X], Y, [...])`
declarations (each gets DeepProbLog's LeNet with |domain| softmax outputs) and query files
of `P::atom.` lines whose `tensor(train(I))` / `tensor(test(I))` are MNIST images.
Queries are passed in DeepProbLog's own form: constants plus a substitution that maps them
to tensors, so one circuit serves every query of a shape (cache on).

    .bench-venvs/deepproblog/bin/python bench/peers/deepproblog_queries.py \
        --program examples/maximum.pl --train train.pl --test test.pl --train-size 500

Accuracy is cortexlog's (and DeepProbLog's) convention: with every test target 1, the most
probable answer of the last argument must be the given one; otherwise
`(P >= 0.5) == (target >= 0.5)`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib.metadata import version
from pathlib import Path

import torch
from _common import load_split
from torch import nn


def _lenet(n_out: int) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.MaxPool2d(2, 2), nn.ReLU(),
        nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 2), nn.ReLU(), nn.Flatten(),
        nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, n_out),
        nn.Softmax(dim=1))


class _Images:
    """DeepProbLog tensor source: `tensor(split(i))` -> image i."""

    def __init__(self, images: torch.Tensor) -> None:
        self.images = images

    def __getitem__(self, item: tuple) -> torch.Tensor:
        return self.images[int(item[0])]


def _queries(path: str, limit: int | None) -> list:
    """`Query` objects: tensor terms become constants `t0, t1, ...` plus a substitution."""
    from deepproblog.query import Query
    from problog.program import PrologString

    out = []
    for clause in PrologString(Path(path).read_text()):
        if limit is not None and len(out) >= limit:
            break
        subs: dict = {}
        p = float(clause.probability) if clause.probability is not None else 1.0
        out.append(Query(_swap(clause.with_probability(None), subs), subs, p=p))
    return out


def _swap(t: object, subs: dict) -> object:
    """Replace each `tensor(...)` subterm by a constant `tK`, recorded in `subs`."""
    from problog.logic import Term

    assert isinstance(t, Term)
    if t.functor == "tensor" and t.arity == 1:
        var = Term(f"t{len(subs)}")
        subs[var] = t
        return var
    return t.with_args(*[_swap(a, subs) for a in t.args]) if t.args else t


def _accuracy(model: object, queries: list) -> float:
    answer_mode = all(q.p == 1.0 for q in queries)
    right = 0
    for q in queries:
        if answer_mode:
            result = model.solve([q.variable_output()])[0].result
            best = max(result, key=result.get) if result else None
            right += best is not None and str(best.args[-1]) == str(q.query.args[-1])
        else:
            result = model.solve([q])[0].result
            prob = float(next(iter(result.values()))) if result else 0.0
            right += (prob >= 0.5) == (q.p >= 0.5)
    return right / max(len(queries), 1)


def main() -> None:
    """Train one pass over the (first) training queries, test, print the JSON line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--program", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--train-size", type=int, default=None)
    ap.add_argument("--test-size", type=int, default=500)
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default=os.environ.get("CORTEXLOG_DATA"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    from deepproblog.dataset import DataLoader, Dataset
    from deepproblog.engines import ExactEngine
    from deepproblog.model import Model
    from deepproblog.network import Network
    from deepproblog.train import TrainObject
    from problog.logic import term2list
    from problog.program import PrologString

    text = Path(args.program).read_text()
    nets = []
    for clause in PrologString(text):
        prob = clause.probability
        if prob is not None and prob.functor == "nn" and prob.arity == 4:
            module = _lenet(len(term2list(prob.args[3])))
            net = Network(module, str(prob.args[0]), batching=True)
            net.optimizer = torch.optim.Adam(module.parameters(), lr=args.lr)
            nets.append(net)
    model = Model(text, nets, load=False)
    model.set_engine(ExactEngine(model), cache=True)
    data_dir = Path(args.data_dir)
    model.add_tensor_source("train", _Images(load_split(data_dir, "train")[0]))
    model.add_tensor_source("test", _Images(load_split(data_dir, "test")[0]))
    train_q = _queries(args.train, args.train_size)
    total = sum(1 for _ in open(args.train, encoding="utf-8") if _.strip())

    class Queries(Dataset):
        def __len__(self) -> int:
            return len(train_q)

        def to_query(self, i: int) -> object:
            return train_q[i]

    start = time.perf_counter()
    TrainObject(model).train(DataLoader(Queries(), args.batch_size, shuffle=False), 1,
                             verbose=0, log_iter=10**9)
    seconds = time.perf_counter() - start
    model.eval()
    acc = _accuracy(model, _queries(args.test, args.test_size))
    print(json.dumps({
        "system": f"deepproblog-{version('deepproblog')}/exact", "program": args.program,
        "train_seconds": round(seconds, 3), "examples": len(train_q),
        "seconds_per_example": seconds / len(train_q),
        "epoch_seconds": round(seconds / len(train_q) * total, 2),
        "epoch_examples": total, "epoch_extrapolated": len(train_q) < total,
        "test_accuracy": acc, "test_examples": args.test_size, "batch_size": args.batch_size,
    }), flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
