"""`cortexlog train`: train a program's neural predicates on examples from query files.

    cortexlog train PROGRAM.pl --train TRAIN.pl --test TEST.pl \\
        --tensors train=mnist:train --tensors test=mnist:test

With no arguments it trains the built-in MNIST-addition task (`--task`). Under
`torchrun --nproc_per_node K` it runs data-parallel (gloo on CPU).
"""

from __future__ import annotations

import argparse
import os
import sys

import torch
import torch.distributed as dist

from cortexlog.errors import CortexlogError
from cortexlog.train.run import Preset, RunSpec, run

LOGIC_MODES = ("architecture",)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of `cortexlog train`."""
    p = argparse.ArgumentParser(prog="cortexlog train", description=__doc__.split("\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("program", nargs="?", default=None,
                   help="the program (.pl); default: the --task's built-in program")
    g = p.add_argument_group("examples and tensors")
    g.add_argument("--train", default=None, metavar="FILE",
                   help="query file of training examples (`atom.` or `P::atom.` per line)")
    g.add_argument("--test", default=None, metavar="FILE",
                   help="query file of test examples (default: the training examples)")
    g.add_argument("--tensors", action="append", default=[], metavar="NAME=SPEC",
                   help="tensor source NAME for tensor(NAME(I)): mnist:train, mnist:test, "
                   "FILE.pt, FILE.npy or FILE.npz (repeatable)")
    g.add_argument("--task", default=None,
                   help="a built-in task that generates its examples (mnist-addition, "
                   "subtraction, maximum, equality, sudoku4, forth-sort); the default "
                   "when no --train is given is mnist-addition")
    g.add_argument("--digits", type=int, default=1, help="digits per number for --task")
    g.add_argument("--train-size", type=int, default=None, help="use the first N examples")
    g.add_argument("--test-size", type=int, default=None, help="use the first N test examples")
    g.add_argument("--output-arg", default="-1",
                   help="argument freed for answer accuracy (0-based, negative from the "
                   "end) or 'none'")
    g.add_argument("--data-dir", default=None, help="MNIST IDX directory (or $CORTEXLOG_DATA)")
    m = p.add_argument_group("model")
    m.add_argument("--network", action="append", default=[], metavar="NAME=MODULE:ATTR",
                   help="use this module for network NAME (repeatable); others get defaults")
    m.add_argument("--semantics", default="probability",
                   help="probability, logprob, mpe, product, godel, lukasiewicz, possibilistic")
    m.add_argument("--logic", default="architecture", choices=LOGIC_MODES,
                   help="the logic is part of the model's architecture")
    m.add_argument("--uniform-prior", type=float, default=1.0,
                   help="weight of the penalty on networks whose batch-average prediction "
                   "concentrates on few values (prevents collapse; 0: DeepProbLog's plain loss)")
    m.add_argument("--image-shift", type=int, default=0, metavar="PIXELS",
                   help="default image networks translate each training image by a random "
                   "offset of up to PIXELS (augmentation; 0: off; never at evaluation)")
    m.add_argument("--max-patterns", type=int, default=2048,
                   help="compiled query shapes kept in memory")
    m.add_argument("--inference", default="exact", metavar="METHOD[:K]",
                   help="exact (default: the compiled circuit), or an approximate method over "
                   "worlds of the neural choices: top-k:K (the K most probable worlds where "
                   "the query holds), sample:K (REINFORCE, K samples), indecater:K "
                   "(IndeCateR, K samples); for programs whose circuit cannot be built")
    o = p.add_argument_group("optimisation")
    o.add_argument("--epochs", type=int, default=1, help="passes over the training examples")
    o.add_argument("--batch-size", type=int, default=32, help="examples per step")
    o.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate")
    o.add_argument("--lr-net", action="append", default=[], metavar="NAME=LR",
                   help="learning rate of one network (repeatable)")
    o.add_argument("--warmup-steps", type=int, default=0,
                   help="linear learning-rate warm-up from lr/10 over this many steps")
    o.add_argument("--lr-decay", default="none", choices=["none", "cosine"],
                   help="learning-rate decay over the whole run")
    o.add_argument("--seed", type=int, default=0, help="seed of weights, data and shuffles")
    r = p.add_argument_group("run")
    r.add_argument("--out", default=None, help="run directory (default runs/<task or program>)")
    r.add_argument("--resume", action="store_true", help="continue from OUT/model.pt")
    r.add_argument("--overwrite", action="store_true", help="replace an existing run in OUT")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument("--threads", type=int, default=None,
                   help="torch intra-op threads per process (default: torch's choice)")
    r.add_argument("--device", default="cpu", help="torch device: cpu, cuda, cuda:1, mps")
    return p


def main(argv: list[str] | None = None, preset: Preset | None = None) -> int:
    """Run `cortexlog train`; returns the exit code.

    Args:
        argv: the arguments after `train`.
        preset: makes the examples when no `--train` is given (`cortexlog` passes the
            built-in tasks of `cortexlog.tasks`).

    Returns:
        0 on success, 1 on a user error.
    """
    ns = make_parser().parse_args(sys.argv[1:] if argv is None else argv)
    started_dist = False
    if int(os.environ.get("WORLD_SIZE", "1")) > 1 and not dist.is_initialized():
        dist.init_process_group("gloo")
        started_dist = True
    try:
        if ns.threads:
            torch.set_num_threads(ns.threads)
        return run(RunSpec.from_namespace(ns), preset)
    except CortexlogError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    finally:
        if started_dist:
            dist.destroy_process_group()


if __name__ == "__main__":
    raise SystemExit(main())
