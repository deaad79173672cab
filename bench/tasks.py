"""Tasks beyond addition, side by side: cortexlog and DeepProbLog 2.1 on the same query files.

For each task, one invocation: the task's query files are written once (as
`cortexlog data TASK` does), cortexlog trains one epoch on them in-process, and
DeepProbLog 2.1 (exact engine, batch 2, its own query-plus-substitution form; run in the
venv `bench/peers_setup.sh deepproblog` makes) trains on the first `--dpl-examples`
queries, its epoch time extrapolated from that. The floor is a supervised LeNet epoch over
the same 60k images, timed in the same run.

    CORTEXLOG_DATA=/path/to/mnist python bench/tasks.py --threads 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

from cortexlog.data import load_mnist
from cortexlog.tasks import get_task
from cortexlog.train import LoopConfig, Model, fit, read_examples
from cortexlog.train.examples import write_examples

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mnist_addition import floor_epoch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def cortexlog_epoch(task: str, d: Path, tr: object, te: object) -> tuple[float, float]:
    """`(epoch seconds, test accuracy)` of one cortexlog epoch on the written query files."""
    torch.manual_seed(0)
    model = Model(ROOT / get_task(task).file)
    model.add_tensors("train", tr.images, tr.labels)  # type: ignore[attr-defined]
    model.add_tensors("test", te.images, te.labels)  # type: ignore[attr-defined]
    data = model.examples(read_examples(d / "train.pl"))
    test = model.examples(read_examples(d / "test.pl"))
    model.module.prepare(data)
    hist = fit(model.module, data, test, LoopConfig(epochs=1, batch_size=32, progress=False))
    return hist[-1]["epoch_seconds"], hist[-1]["test_accuracy"]


def deepproblog_epoch(python: str, task: str, d: Path, n: int, data_dir: str,
                      threads: int) -> dict | None:
    """DeepProbLog's JSON line, or None when its venv is missing."""
    if not Path(python).exists():
        return None
    cmd = [python, str(ROOT / "bench/peers/deepproblog_queries.py"), "--program",
           str(ROOT / get_task(task).file), "--train", str(d / "train.pl"), "--test",
           str(d / "test.pl"), "--train-size", str(n), "--test-size", "500",
           "--data-dir", data_dir, "--threads", str(threads)]
    done = subprocess.run(cmd, cwd=ROOT / "bench/peers", capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the comparison and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", default=None, help="MNIST directory (or $CORTEXLOG_DATA)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tasks", nargs="+", default=["maximum", "equality"])
    ap.add_argument("--dpl-examples", type=int, default=500)
    ap.add_argument("--dpl-python", default=str(ROOT / ".bench-venvs/deepproblog/bin/python"))
    ns = ap.parse_args()
    torch.set_num_threads(ns.threads)
    tr, te = load_mnist("train", ns.data_dir), load_mnist("test", ns.data_dir)
    if tr.source.startswith("sklearn"):
        raise SystemExit("needs MNIST: --data-dir or $CORTEXLOG_DATA")
    data_dir = tr.source
    floor = floor_epoch(tr.images, tr.labels, 64, 60000)
    print(f"data: {data_dir}; threads {ns.threads}; floor (supervised LeNet, 60k images, "
          f"64/step): {floor:.2f} s")
    print(f"{'task':<12}{'system':<34}{'epoch s':>10}{'/floor':>9}{'test acc':>10}")
    for task in ns.tasks:
        made = get_task(task).make(tr.labels, te.labels, 1, None, 2000, 0)
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            for name, exs in (("train", made.train), ("test", made.test)):
                write_examples(d / f"{name}.pl", exs)
            epoch, acc = cortexlog_epoch(task, d, tr, te)
            print(f"{task:<12}{'cortexlog (batch 32)':<34}{epoch:10.2f}{epoch / floor:9.2f}"
                  f"{acc:10.4f}")
            dpl = deepproblog_epoch(ns.dpl_python, task, d, ns.dpl_examples, data_dir,
                                    ns.threads)
            if dpl is None:
                print(f"{task:<12}{'deepproblog: venv missing':<34}")
                continue
            label = f"deepproblog 2.1 (batch 2, {dpl['examples']} ex.)"
            print(f"{task:<12}{label:<34}{dpl['epoch_seconds']:9.1f}*"
                  f"{dpl['epoch_seconds'] / floor:9.1f}{dpl['test_accuracy']:10.4f}")
    print("* extrapolated from the examples trained; its accuracy is after those examples")


if __name__ == "__main__":
    main()
