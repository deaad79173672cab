"""`cortexlog data TASK --out DIR`: write a built-in task's program and query files.

The files are what a user would write by hand for their own task: `program.pl`,
`train.pl` and `test.pl` (one example per line), plus the `cortexlog train` command that
trains on them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from cortexlog.errors import CortexlogError
from cortexlog.tasks.registry import TASKS, get_task
from cortexlog.train.examples import write_examples


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of `cortexlog data`."""
    p = argparse.ArgumentParser(prog="cortexlog data", description=__doc__.split("\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("task", help="one of: " + ", ".join(TASKS))
    p.add_argument("--out", required=True, help="directory for program.pl, train.pl, test.pl")
    p.add_argument("--digits", type=int, default=1, help="digits per number (mnist-addition)")
    p.add_argument("--train-size", type=int, default=None, help="training examples")
    p.add_argument("--test-size", type=int, default=None, help="test examples")
    p.add_argument("--seed", type=int, default=0, help="seed of the example generator")
    p.add_argument("--data-dir", default=None, help="MNIST IDX directory (or $CORTEXLOG_DATA)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Write the task's files; returns the exit code."""
    ns = make_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _write(ns)
    except CortexlogError as exc:
        print(exc.render(), file=sys.stderr)
        return 1


def _write(ns: argparse.Namespace) -> int:
    task = get_task(ns.task)
    labels: tuple[torch.Tensor | None, torch.Tensor | None] = (None, None)
    side = 0
    if task.uses_mnist:
        from cortexlog.data import load_mnist

        train = load_mnist("train", ns.data_dir)
        labels = (train.labels, load_mnist("test", ns.data_dir).labels)
        side = train.images.shape[-1]
    made = task.make(labels[0], labels[1], ns.digits, ns.train_size, ns.test_size, ns.seed)
    out = Path(ns.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "program.pl").write_text(made.program, encoding="utf-8")
    for name, examples in (("train", made.train), ("test", made.test)):
        write_examples(out / f"{name}.pl", examples)
    tensors = " --tensors train=mnist:train --tensors test=mnist:test" if task.uses_mnist else ""
    if task.sources:
        tensors += "".join(f" --tensors {name}={spec}:{side}" for name, spec in task.sources)
    print(f"wrote {out}/program.pl, train.pl ({len(made.train)} examples), test.pl "
          f"({len(made.test)} examples)")
    print(f"train with: cortexlog train {out}/program.pl --train {out}/train.pl "
          f"--test {out}/test.pl{tensors}")
    return 0
