"""The general training path vs the supervised-CNN floor, same images, one invocation.

Rows:
- floor: a plain supervised LeNet over the 60k training images, 64 images per step, Adam
  (one N=1 example is two images, so batch 32 = 64 images per step);
- MNIST addition N=1 and N=2 through `cortexlog train`'s path: examples written to a
  query file, read back, grouped by shape, one compiled circuit, batch 32;
- a 20-shape task: `shifted(A, B, K, S)` with S = a + b + K for K in 0..19, so every
  batch of 32 mixes about 16 query shapes (one network call per batch, one circuit
  pass per shape).

    CORTEXLOG_DATA=/path/to/mnist python bench/mnist_addition.py --threads 2

Prints build time (ground + compile), epoch time, its ratio to the floor and the test
accuracy after the epoch.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

from cortexlog.data import load_mnist
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.nets import LeNet
from cortexlog.tasks import get_task
from cortexlog.tasks.digits import DIGIT_NN, tensor_ref
from cortexlog.train import Example, LoopConfig, Model, fit, read_examples
from cortexlog.train.examples import write_examples

SHIFTED = DIGIT_NN + "shifted(X,Y,K,Z) :- digit(X,A), digit(Y,B), Z is A+B+K.\n"


def floor_epoch(images: torch.Tensor, labels: torch.Tensor, batch: int, limit: int) -> float:
    """Seconds for one supervised epoch (or `limit` images) of LeNet, `batch` images/step."""
    torch.manual_seed(0)
    net = LeNet(10, int(images.shape[-1]))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    perm = torch.randperm(len(labels))[:limit]
    t0 = time.perf_counter()
    for start in range(0, len(perm), batch):
        rows = perm[start : start + batch]
        loss = nn.functional.cross_entropy(net(images[rows]), labels[rows])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def shifted_examples(labels: torch.Tensor, source: str, n: int, seed: int) -> list[Example]:
    """`shifted(A, B, K, a+b+K)` over consecutive shuffled pairs, K uniform in 0..19."""
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b, k = int(order[2 * i]), int(order[2 * i + 1]), rng.randrange(20)
        s = int(labels[a] + labels[b]) + k
        out.append(Example(Struct("shifted", (tensor_ref(source, a), tensor_ref(source, b),
                                              Num(k), Num(s)))))
    return out


def run(program: str, train: list[Example], test: list[Example], tmp: Path, splits: tuple,
        batch: int, prior: float) -> tuple[float, float, float, int]:
    """`(read + build seconds, epoch seconds, test accuracy, shapes)` of one epoch."""
    qfile = tmp / "train.pl"
    write_examples(qfile, train)
    torch.manual_seed(0)
    t0 = time.perf_counter()
    examples = read_examples(qfile)
    model = Model(program, uniform_prior=prior)
    tr, te = splits
    model.add_tensors("train", tr.images, tr.labels).add_tensors("test", te.images, te.labels)
    data, test_data = model.examples(examples), model.examples(test)
    model.module.prepare(data)
    build = time.perf_counter() - t0
    hist = fit(model.module, data, test_data,
               LoopConfig(epochs=1, batch_size=batch, progress=False))
    return build, hist[-1]["epoch_seconds"], hist[-1]["test_accuracy"], len(data.groups)


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default=None, help="MNIST directory (or $CORTEXLOG_DATA)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--examples", type=int, default=30000, help="N=1 examples per epoch")
    ns = ap.parse_args()
    torch.set_num_threads(ns.threads)
    tr, te = load_mnist("train", ns.data_dir), load_mnist("test", ns.data_dir)
    n = min(ns.examples, len(tr) // 2)
    print(f"data: {tr.source}; threads {ns.threads}; {2 * n} images per epoch, batch 32 "
          "examples (64 images at N=1)")
    floor = floor_epoch(tr.images, tr.labels, 64, 2 * n)
    print(f"{'config':<40}{'shapes':>7}{'build s':>9}{'epoch s':>9}{'/floor':>8}{'acc':>8}")
    print(f"{'floor: supervised LeNet, 64 img/step':<40}{'-':>7}{'-':>9}{floor:9.2f}"
          f"{1.0:8.2f}{'-':>8}")
    add = get_task("mnist-addition")
    with tempfile.TemporaryDirectory() as d:
        rows = []
        for digits in (1, 2):
            made = add.make(tr.labels, te.labels, digits, n // digits, 2000, 0)
            rows.append((f"addition N={digits} (query file)", made.program, made.train,
                         made.test, 1.0))
            if digits == 1:
                rows.append(("addition N=1, --uniform-prior 0", made.program, made.train,
                             made.test, 0.0))
        rows.append(("shifted sums, 20 shapes (query file)", SHIFTED,
                     shifted_examples(tr.labels, "train", n, 0),
                     shifted_examples(te.labels, "test", 2000, 1), 1.0))
        for label, program, train, test, prior in rows:
            build, epoch, acc, shapes = run(program, train, test, Path(d), (tr, te), 32, prior)
            print(f"{label:<40}{shapes:>7}{build:9.2f}{epoch:9.2f}{epoch / floor:8.2f}"
                  f"{acc:8.4f}")


if __name__ == "__main__":
    main()
