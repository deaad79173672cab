"""``cortexlog experiment``: list and run the brain-inspired reproductions."""

from __future__ import annotations

import argparse
import os

from cortexlog.experiments.registry import EXPERIMENTS, run_experiment


def _parser(name: str) -> argparse.ArgumentParser:
    exp = EXPERIMENTS[name]
    p = argparse.ArgumentParser(prog=f"cortexlog experiment {name}", description=exp.summary)
    p.add_argument("--data-dir", default=os.environ.get("CORTEXLOG_DATA"),
                   help="directory with the MNIST IDX files (default: $CORTEXLOG_DATA)")
    p.add_argument("--out", default=f"runs/{name}", help="output directory")
    exp.add_arguments(p)
    return p


def main(argv: list[str]) -> int:
    """Entry point: ``--list`` or ``NAME [options]``; prints ``test accuracy: X`` last.

    (`lgvf` prints ``violation reduction: X%`` last instead.)

    Args:
        argv: arguments after ``experiment``.

    Returns:
        exit code (0 ok, 2 usage error).

    >>> main(["--list"])
    diehl-cook     Diehl & Cook 2015 unsupervised STDP digits
    snn-mnist      conv spiking net, surrogate gradients
    hlop-pmnist    HLOP continual learning on permuted MNIST
    sym-stdp       Hao et al. 2020 supervised symmetric STDP digits
    nalsm          Ivanov & Michmizos 2021 astrocyte-tuned liquid state machine
    spiking-addition MNIST addition with a spiking nn(...) predicate
    lgvf           logic-guided flow matching, constraints from .pl files
    0
    """
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: cortexlog experiment (--list | NAME [options])")
        print("experiments: " + ", ".join(EXPERIMENTS))
        return 0 if argv else 2
    if argv[0] == "--list":
        for name, exp in EXPERIMENTS.items():
            print(f"{name:<14} {exp.summary}")
        return 0
    if argv[0] not in EXPERIMENTS:
        print(f"error: unknown experiment {argv[0]!r}")
        print("  hint: valid experiments: " + ", ".join(EXPERIMENTS))
        return 2
    try:
        args = _parser(argv[0]).parse_args(argv[1:])
    except SystemExit as e:
        return int(e.code or 0)
    exp = EXPERIMENTS[argv[0]]
    metrics = run_experiment(exp, args)
    print(f"metrics: {os.path.join(args.out, 'metrics.json')}")
    print(exp.last_line(metrics))
    return 0
