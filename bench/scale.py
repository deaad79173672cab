"""Multi-digit MNIST addition at scale: build time and circuit size of the arithmetic path.

Run: .venv/bin/python bench/scale.py [--digits 1 2 3 4 8 15 30 100] [--timeout 120]

For each N, the standard program (`examples/mnist_addition2.pl`, unchanged) and one
training query `addition([a0..], [b0..], S)` with a fixed sum S, side by side:
- `enumerate`: the ordinary grounding (one proof per combination of digit values) and
  compilation, in a subprocess killed after --timeout seconds;
- `arithmetic`: the grounder's arithmetic path (`ground(..., symbolic=True)`): the sum
  stays a linear expression, the label a `LinearConstraint`, compiled to a decision
  diagram; the compile is the training path's (`QueryPattern.from_ground`).
Prints ground and compile seconds, circuit nodes and edges, and the enumerate/arithmetic
ratio of total build time (a child that exceeds a grounding limit counts as not finishing).
Also the free-output pattern (`addition(A, B, S)`: one output per possible sum) for
N <= 4, and from N=3 the pattern training compiles: one circuit with the sum as an input.

With --train-digits (and MNIST through --data-dir or $CORTEXLOG_DATA), one training epoch
per N through the general path (`cortexlog.Model`, batch 32 examples = 64N images, the
freed sum an answer input from N=3 on, `--semantics`, default logprob), beside the floor:
a supervised LeNet over the same 60,000 images per epoch at 64N images per step. Prints
build and epoch seconds, their ratio to the floor, and the test accuracy after the epoch.
With --deeplog-digits, DeepLog 5 (`bench/peers_setup.sh`, its MV-SDD path) on the same task:
its compile seconds and the epoch extrapolated from 200 examples, or a timeout.
With --peer-digits, DeepProbLog 2.1 (`bench/peers_setup.sh`) on the same query files:
seconds per training example and the extrapolated epoch, or a timeout.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

import torch

from cortexlog.grounding import ground
from cortexlog.language import parse, parse_term
from cortexlog.neural.pattern import QueryPattern

PROGRAM = Path(__file__).resolve().parents[1] / "examples" / "mnist_addition2.pl"


def query(n: int, free: bool) -> str:
    """The training query for N digits (sum of 77..7 and 55..5, or a free sum)."""
    xs = ",".join(f"a{i}" for i in range(n))
    ys = ",".join(f"b{i}" for i in range(n))
    s = "S" if free else str(int("7" * n) + int("5" * n))
    return f"addition([{xs}],[{ys}],{s})"


def build(n: int, symbolic: bool, free: bool, limit: int | None = None
          ) -> tuple[float, float, int, int]:
    """(ground s, compile s, nodes, edges) of one query pattern (`limit`: answer input)."""
    ast = parse(PROGRAM.read_text())
    t0 = time.perf_counter()
    gp = ground(ast, queries=[parse_term(query(n, free))], evidence=[], symbolic=symbolic,
                answer_limit=limit)
    t1 = time.perf_counter()
    pattern = QueryPattern.from_ground(gp, "probability")
    t2 = time.perf_counter()
    c = pattern.compiled.circuit
    return t1 - t0, t2 - t1, len(c.kinds), sum(len(ch) for ch in c.children)


def _child(n: int, symbolic: bool, free: bool, out: mp.Queue) -> None:  # type: ignore[type-arg]
    out.put(build(n, symbolic, free))


def timed(n: int, symbolic: bool, free: bool, timeout: float
          ) -> tuple[float, float, int, int] | None:
    """`build` in a subprocess; None when it exceeds `timeout` seconds."""
    q: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    p = mp.Process(target=_child, args=(n, symbolic, free, q))
    p.start()
    p.join(timeout)
    if p.is_alive():
        p.kill()
        p.join()
        return None
    return q.get() if not q.empty() else None


def train_rows(digits: list[int], data_dir: str | None, semantics: str, threads: int) -> None:
    """One training epoch per N beside the supervised floor on the same images."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mnist_addition import floor_epoch

    from cortexlog.data import load_mnist
    from cortexlog.tasks import get_task
    from cortexlog.train import LoopConfig, Model, fit

    torch.set_num_threads(threads)
    tr, te = load_mnist("train", data_dir), load_mnist("test", data_dir)
    print(f"\ndata: {tr.source}; threads {threads}; semantics {semantics}; batch 32 examples")
    print(f"{'N':>4}{'examples':>9}{'build s':>9}{'epoch s':>9}{'floor s':>9}{'/floor':>8}"
          f"{'acc':>8}")
    add = get_task("mnist-addition")
    for n in digits:
        made = add.make(tr.labels, te.labels, n, None, None, 0)
        torch.manual_seed(0)
        t0 = time.perf_counter()
        model = Model(made.program, semantics=semantics)
        model.add_tensors("train", tr.images, tr.labels).add_tensors("test", te.images,
                                                                      te.labels)
        data, test = model.examples(made.train), model.examples(made.test)
        model.module.prepare(data)
        build = time.perf_counter() - t0
        hist = fit(model.module, data, test, LoopConfig(epochs=1, progress=False))
        epoch = hist[-1]["epoch_seconds"]
        floor = floor_epoch(tr.images, tr.labels, 64 * n, 2 * n * len(made.train))
        print(f"{n:>4}{len(made.train):>9}{build:9.2f}{epoch:9.2f}{floor:9.2f}"
              f"{epoch / floor:8.2f}{hist[-1]['test_accuracy']:8.4f}", flush=True)


PEER = Path(__file__).resolve().parent / "peers" / "deepproblog_queries.py"
PEER_PYTHON = (Path(__file__).resolve().parents[1] / ".bench-venvs" / "deepproblog" / "bin"
               / "python")


def _peer_row(n: int, cmd: list[str], timeout: float, first: str, digits: int) -> None:
    """Run a peer's one-line-JSON runner; print `N, row[first], epoch s`, or why not."""
    import json
    import subprocess

    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"{n:>4}{'timeout':>11}{'-':>24}", flush=True)
        return
    try:
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{n:>4}{row[first]:11.{digits}f}{row['epoch_seconds']:24.1f}", flush=True)
    except (IndexError, ValueError, KeyError):
        print(f"{n:>4}{'failed':>11}  {out.stderr.strip()[-200:]}", flush=True)


def peer_rows(digits: list[int], data_dir: str | None, timeout: float, examples: int) -> None:
    """DeepProbLog 2.1 (exact engine) on the same query files: seconds per training example
    (its per-sum compilation included) over the first `examples`, or a timeout."""
    import tempfile

    from cortexlog.data import load_mnist
    from cortexlog.tasks import get_task
    from cortexlog.train.examples import write_examples

    if not PEER_PYTHON.exists():
        print(f"\nDeepProbLog: not installed ({PEER_PYTHON}); run bash bench/peers_setup.sh")
        return
    tr, te = load_mnist("train", data_dir), load_mnist("test", data_dir)
    print(f"\nDeepProbLog 2.1 exact engine, first {examples} training examples, "
          f"timeout {timeout:.0f} s")
    print(f"{'N':>4}{'s/example':>11}{'epoch s (extrapolated)':>24}")
    add = get_task("mnist-addition")
    with tempfile.TemporaryDirectory() as d:
        for n in digits:
            made = add.make(tr.labels, te.labels, n, None, 20, 0)
            train, test = Path(d) / f"train{n}.pl", Path(d) / f"test{n}.pl"
            write_examples(train, made.train)
            write_examples(test, made.test)
            program = Path(d) / f"add{n}.pl"
            program.write_text(made.program)
            cmd = [str(PEER_PYTHON), str(PEER), "--program", str(program), "--train",
                   str(train), "--test", str(test), "--train-size", str(examples),
                   "--test-size", "5", "--threads", "2"]
            if data_dir:
                cmd += ["--data-dir", data_dir]
            _peer_row(n, cmd, timeout, "seconds_per_example", 3)


DEEPLOG = Path(__file__).resolve().parent / "peers" / "deeplog_mnist_add.py"
DEEPLOG_PYTHON = (Path(__file__).resolve().parents[1] / ".bench-venvs" / "deeplog" / "bin"
                  / "python")


def deeplog_rows(digits: list[int], data_dir: str | None, timeout: float,
                 examples: int) -> None:
    """DeepLog 5 (its fastest path, MV-SDD) on the same task: compile seconds of its one
    module per N and the epoch extrapolated from `examples` training examples, or a
    timeout (the whole run, compile included, in a subprocess)."""
    if not DEEPLOG_PYTHON.exists():
        print(f"\nDeepLog: not installed ({DEEPLOG_PYTHON}); run bash bench/peers_setup.sh")
        return
    print(f"\nDeepLog 5 (mvsdd), first {examples} training examples, timeout {timeout:.0f} s")
    print(f"{'N':>4}{'compile s':>11}{'epoch s (extrapolated)':>24}")
    for n in digits:
        cmd = [str(DEEPLOG_PYTHON), str(DEEPLOG), "--digits", str(n), "--path", "mvsdd",
               "--train-size", str(examples), "--test-size", "50", "--threads", "1"]
        if data_dir:
            cmd += ["--data-dir", data_dir]
        _peer_row(n, cmd, timeout, "compile_seconds", 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digits", type=int, nargs="+", default=[1, 2, 3, 4, 8, 15, 30, 100])
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--train-digits", type=int, nargs="*", default=[])
    ap.add_argument("--data-dir", default=None, help="MNIST directory (or $CORTEXLOG_DATA)")
    ap.add_argument("--semantics", default="logprob")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--peer-digits", type=int, nargs="*", default=[])
    ap.add_argument("--peer-examples", type=int, default=10)
    ap.add_argument("--deeplog-digits", type=int, nargs="*", default=[],
                    help="DeepLog 5 (bench/peers_setup.sh) for these N (1 to 4)")
    args = ap.parse_args()
    if args.train_digits or args.peer_digits or args.deeplog_digits:
        if args.train_digits:
            train_rows(args.train_digits, args.data_dir, args.semantics, args.threads)
        if args.peer_digits:
            peer_rows(args.peer_digits, args.data_dir, args.timeout, args.peer_examples)
        if args.deeplog_digits:
            deeplog_rows(args.deeplog_digits, args.data_dir, args.timeout, 200)
        return
    print(f"{'pattern':<12}{'N':>4} | {'enumerate: total s':>19} | {'arithmetic: ground s':>21}"
          f"{'compile s':>10}{'nodes':>8}{'edges':>8} | {'ratio':>7}")
    for free in (False, True):
        for n in args.digits:
            if free and n > 4:
                continue
            sym = timed(n, True, free, args.timeout)
            enum = timed(n, False, free, args.timeout) if n <= 4 else None
            e = f"{sum(enum[:2]):19.3f}" if enum else f"{'> ' + str(args.timeout):>19}"
            name = "free sum" if free else "given sum"
            if sym is None:
                print(f"{name:<12}{n:>4} | {e} | {'timeout':>21}")
                continue
            ratio = f"{sum(enum[:2]) / sum(sym[:2]):7.1f}" if enum else f"{'-':>7}"
            print(f"{name:<12}{n:>4} | {e} | {sym[0]:21.3f}{sym[1]:10.3f}{sym[2]:8d}"
                  f"{sym[3]:8d} | {ratio}", flush=True)
    for n in args.digits:  # what training compiles from N=3 on: the sum as an input
        if n >= 3:
            g, c, nodes, edges = build(n, True, True, 1000)
            print(f"{'sum as input':<12}{n:>4} | {'-':>19} | {g:21.3f}{c:10.3f}{nodes:8d}"
                  f"{edges:8d} | {'-':>7}", flush=True)


if __name__ == "__main__":
    main()
