"""MNIST addition with DeepProbLog 2.1 (exact engine), printed as one JSON line.

Run in the venv `bench/peers_setup.sh deepproblog` makes:

    .bench-venvs/deepproblog/bin/python bench/peers/deepproblog_mnist_add.py \
        --data-dir /path/to/mnist --digits 1 --train-size 1000

DeepProbLog grounds and compiles one SDD per distinct query (`ExactEngine`, cache on, so
each of the 19 (199) sum labels is compiled once, lazily, during training) and evaluates
it example by example in Python. Its examples run with batch 2, as in its own MNIST
example. A full epoch takes long on a shared CPU, so use `--train-size`: the JSON then
gives the measured `train_seconds`, `seconds_per_example` and an `epoch_seconds`
extrapolated to the full epoch, flagged `epoch_extrapolated: true`.
`compile_seconds` is the grounding and compilation time DeepProbLog itself reports for
the training run; it is part of the training time, not spent before it.
"""

from __future__ import annotations

import resource
import sys
import time
from importlib.metadata import version

import torch
from _common import Examples, LeNet, base_parser, digit_accuracy, emit, prepare

PROGRAM = """
nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).
number([],Result,Result).
number([H|T],Acc,Result) :- digit(H,Nr), Acc2 is Nr+10*Acc, number(T,Acc2,Result).
number(X,Y) :- number(X,0,Y).
addition(X,Y,Z) :- digit(X,X2), digit(Y,Y2), Z is X2+Y2.
multi_addition(X,Y,Z) :- number(X,X2), number(Y,Y2), Z is X2+Y2.
"""


def _dataset_class() -> type:
    """A `deepproblog.dataset.Dataset` of our examples (imported late: optional peer)."""
    from deepproblog.dataset import Dataset
    from deepproblog.query import Query
    from problog.logic import Constant, Term, list2term

    class AdditionQueries(Dataset):
        """Queries `addition(tensor(split(i)), tensor(split(j)), sum)` (lists at N > 1)."""

        def __init__(self, data: Examples, split: str, digits: int) -> None:
            self.data, self.split, self.digits = data, split, digits

        def __len__(self) -> int:
            return len(self.data)

        def to_query(self, i: int) -> Query:
            subs, args = {}, []
            for side in range(2):
                names = []
                for j in range(self.digits):
                    var = Term(f"p{side}_{j}")
                    image = int(self.data.index[i, side * self.digits + j])
                    subs[var] = Term("tensor", Term(self.split, Constant(image)))
                    names.append(var)
                args.append(names[0] if self.digits == 1 else list2term(names))
            name = "addition" if self.digits == 1 else "multi_addition"
            return Query(Term(name, *args, Constant(int(self.data.sums[i]))), subs)

    return AdditionQueries


class _Images:
    """DeepProbLog tensor source: `tensor(split(i))` -> image i of that split."""

    def __init__(self, images: torch.Tensor) -> None:
        self.images = images

    def __getitem__(self, item: tuple) -> torch.Tensor:
        return self.images[int(item[0])]


def main() -> None:
    """Parse options, train on the examples, test, print the JSON line."""
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=2)
    args = parser.parse_args()
    from deepproblog.dataset import DataLoader
    from deepproblog.engines import ExactEngine
    from deepproblog.evaluate import get_confusion_matrix
    from deepproblog.model import Model
    from deepproblog.network import Network
    from deepproblog.train import TrainObject

    train, test = prepare(args)
    lenet = LeNet()
    net = Network(lenet, "mnist_net", batching=True)
    net.optimizer = torch.optim.Adam(lenet.parameters(), lr=args.lr)
    model = Model(PROGRAM, [net], load=False)
    model.set_engine(ExactEngine(model), cache=True)
    model.add_tensor_source("train", _Images(train.images))
    model.add_tensor_source("test", _Images(test.images))

    builds = {"count": 0, "seconds": 0.0}
    build = model.solver.cache.func

    def timed_build(query: object) -> object:  # runs once per distinct query (cache on)
        begin = time.perf_counter()
        circuit = build(query)
        builds["seconds"] += time.perf_counter() - begin
        builds["count"] += 1
        return circuit

    model.solver.cache.func = timed_build
    queries = _dataset_class()
    loader = DataLoader(queries(train, "train", args.digits), args.batch_size, shuffle=False)
    trainer = TrainObject(model)
    start = time.perf_counter()
    trainer.train(loader, 1, verbose=0, log_iter=10**9)
    train_seconds = time.perf_counter() - start
    compile_seconds, compiled = builds["seconds"], builds["count"]

    start = time.perf_counter()
    matrix = get_confusion_matrix(model, queries(test, "test", args.digits), verbose=0)
    test_seconds = time.perf_counter() - start
    lenet.eval()
    result = {
        "system": f"deepproblog-{version('deepproblog')}/exact",
        "test_accuracy": float(matrix.accuracy()),
        "test_examples": len(test),
        "digit_accuracy": digit_accuracy(lenet, test.images, test.labels),
        "compile_seconds": round(compile_seconds, 3),
        "compile_included_in_epoch": True,
        "compiled_circuits_in_training": compiled,
        "test_seconds": round(test_seconds, 3),
        "batch_size": args.batch_size,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(f"[deepproblog] problog {version('problog')}", file=sys.stderr)
    emit(result, train_seconds, args.digits, len(train))


if __name__ == "__main__":
    main()
