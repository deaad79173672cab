"""`cortexlog train`: train neural predicates through a logic program (MNIST addition).

With no arguments it trains one epoch of single-digit MNIST addition on the built-in
program. Under `torchrun --nproc_per_node K` it runs data-parallel (gloo on CPU).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import torch
import torch.distributed as dist

from cortexlog.data import load_mnist
from cortexlog.errors import CortexlogError
from cortexlog.neural.networks import parse_network_args
from cortexlog.tasks.mnist_addition import make_addition_data
from cortexlog.train.build import LOGIC_MODES, build_objective, read_program
from cortexlog.train.loop import LoopConfig, fit, save_config, world

TASKS = ("mnist-addition",)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of `cortexlog train`."""
    p = argparse.ArgumentParser(prog="cortexlog train", description=__doc__.split("\n")[0])
    p.add_argument("program", nargs="?", default=None,
                   help="the program (.pl); default: the built-in MNIST-addition program")
    p.add_argument("--task", default="mnist-addition", choices=TASKS)
    p.add_argument("--digits", type=int, default=1, help="digits per number (N)")
    p.add_argument("--semantics", default="probability",
                   help="probability, logprob, mpe, product, godel, lukasiewicz, possibilistic")
    p.add_argument("--logic", default="architecture", choices=LOGIC_MODES,
                   help="logic in the architecture, in the loss, or none (neural baseline)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--train-size", type=int, default=None, help="training examples (default all)")
    p.add_argument("--test-size", type=int, default=None, help="test examples (default all)")
    p.add_argument("--data-dir", default=None, help="MNIST IDX directory (or $CORTEXLOG_DATA)")
    p.add_argument("--network", action="append", default=[], metavar="NAME=MODULE:ATTR",
                   help="use this module for network NAME (repeatable)")
    p.add_argument("--constraint-weight", type=float, default=1.0,
                   help="weight of the rule term in --logic loss")
    p.add_argument("--constraint-warmup", type=int, default=150,
                   help="steps before the rule term starts in --logic loss")
    p.add_argument("--out", default=None, help="run directory (default runs/<task>-...)")
    p.add_argument("--resume", action="store_true", help="continue from OUT/model.pt")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--threads", type=int, default=None,
                   help="torch intra-op threads per process (default: torch's choice)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run `cortexlog train`; returns the exit code.

    Args:
        argv: the arguments after `train`.

    Returns:
        0 on success.
    """
    ns = make_parser().parse_args(sys.argv[1:] if argv is None else argv)
    started_dist = False
    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and not dist.is_initialized():
        dist.init_process_group("gloo")
        started_dist = True
    try:
        return _train(ns)
    except CortexlogError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    finally:
        if started_dist:
            dist.destroy_process_group()


def _train(ns: argparse.Namespace) -> int:
    rank, size = world()
    if ns.threads:
        torch.set_num_threads(ns.threads)
    out = ns.out or f"runs/{ns.task}-N{ns.digits}-{ns.logic}-{ns.semantics}"
    train_split = load_mnist("train", ns.data_dir)
    test_split = load_mnist("test", ns.data_dir)
    train = make_addition_data(train_split, ns.digits, ns.train_size, seed=ns.seed)
    test = make_addition_data(test_split, ns.digits, ns.test_size, seed=ns.seed)
    text, source = read_program(ns.program, ns.digits)
    torch.manual_seed(ns.seed)
    t0 = time.perf_counter()
    objective = build_objective(
        text, source, ns.digits, ns.logic, ns.semantics, parse_network_args(ns.network),
        image_size=int(train_split.images.shape[-1]), constraint_weight=ns.constraint_weight,
        constraint_warmup=ns.constraint_warmup,
    )
    compile_seconds = time.perf_counter() - t0
    loop = LoopConfig(epochs=ns.epochs, batch_size=ns.batch_size, lr=ns.lr, seed=ns.seed,
                      out=out, resume=ns.resume, progress=not ns.no_progress)
    config = {k: v for k, v in vars(ns).items()} | {
        "out": out, "program_source": source, "program_text": text,
        "data_source": train_split.source, "train_examples": len(train),
        "test_examples": len(test), "world_size": size,
        "build_seconds": compile_seconds, "torch_threads": torch.get_num_threads(),
    }
    save_config(out, config)
    if rank == 0:
        print(f"{ns.task} N={ns.digits}: {len(train)} train / {len(test)} test examples "
              f"from {train_split.source}; logic={ns.logic} semantics={ns.semantics}; "
              f"built in {compile_seconds:.2f} s; world size {size}", file=sys.stderr)
    history = fit(objective, train, test, loop)
    if rank == 0:
        print(f"run directory: {out}")
        if history:
            last = history[-1]
            which = getattr(objective, "test_metric", "sum_accuracy")
            print(f"sum accuracy {last['sum_accuracy']:.4f}, digit-sum accuracy "
                  f"{last['digit_sum_accuracy']:.4f}, digit accuracy "
                  f"{last['digit_accuracy']:.4f}; test accuracy is the {which}")
        print(f"test accuracy: {history[-1]['test_accuracy'] if history else float('nan'):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
