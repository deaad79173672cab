"""MNIST addition: cortexlog training epoch time vs the supervised-CNN floor, same data.

The floor is a plain supervised LeNet on the same 60k training images, 64 images per
step (one addition example of N=1 is two images, so batch 32 = 64 images per step), Adam,
the same thread count. cortexlog runs the real pipeline (ground + compile once, one
network call and one batched circuit pass per step) for N=1 and N=2.

    CORTEXLOG_DATA=/path/to/mnist python bench/mnist_addition.py --threads 2

Prints one row per configuration and its ratio to the floor.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn

from cortexlog.data import load_mnist
from cortexlog.tasks import LeNet, make_addition_data
from cortexlog.train.build import build_objective, read_program
from cortexlog.train.loop import evaluate


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


def cortexlog_epoch(digits: int, train, test, batch: int, limit: int, semantics: str,
                    logic: str) -> tuple[float, float, float]:
    """`(build seconds, epoch seconds, sum accuracy)` of one cortexlog epoch."""
    torch.manual_seed(0)
    t0 = time.perf_counter()
    text, name = read_program(None, digits)
    obj = build_objective(text, name, digits, logic, semantics, None, int(train.images.shape[-1]))
    build = time.perf_counter() - t0
    opt = torch.optim.Adam(obj.parameters(), lr=1e-3)
    n = min(len(train), limit // (2 * digits))
    perm = torch.randperm(len(train), generator=torch.Generator().manual_seed(0))[:n]
    t0 = time.perf_counter()
    for start in range(0, n, batch):
        images, sums = train.batch(perm[start : start + batch])
        loss = obj(images, sums)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    epoch = time.perf_counter() - t0
    return build, epoch, evaluate(obj, test)["test_accuracy"]


def main() -> None:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default=None, help="MNIST directory (or $CORTEXLOG_DATA)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--images", type=int, default=60000, help="images per epoch (<= 60000)")
    ap.add_argument("--digits", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--semantics", default="probability")
    ap.add_argument("--logic", default="architecture")
    ns = ap.parse_args()
    torch.set_num_threads(ns.threads)
    train_split, test_split = load_mnist("train", ns.data_dir), load_mnist("test", ns.data_dir)
    print(f"data: {train_split.source}; threads {ns.threads}; {ns.images} images/epoch")
    floor = floor_epoch(train_split.images, train_split.labels, 64, ns.images)
    print(f"{'config':<34}{'build s':>9}{'epoch s':>9}{'ratio':>8}{'sum acc':>9}")
    print(f"{'floor: supervised LeNet, 64 img/step':<34}{'-':>9}{floor:9.2f}{1.0:8.2f}{'-':>9}")
    for digits in ns.digits:
        train = make_addition_data(train_split, digits, seed=0)
        test = make_addition_data(test_split, digits, seed=0)
        build, epoch, acc = cortexlog_epoch(digits, train, test, 32, ns.images, ns.semantics,
                                            ns.logic)
        label = f"cortexlog N={digits} {ns.logic} {ns.semantics}"
        print(f"{label:<34}{build:9.2f}{epoch:9.2f}{epoch / floor:8.2f}{acc:9.4f}")


if __name__ == "__main__":
    main()
