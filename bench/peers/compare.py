"""Run a peer runner between two floor runs, in one invocation, and print the ratio.

The machine is shared, so absolute seconds drift with its load; the floor (plain
supervised LeNet epoch, `floor_cnn.py`) is timed right before and right after the peer,
in the peer's own interpreter, and the peer's epoch is reported as a multiple of the
mean floor epoch.

    python3 bench/peers/compare.py .bench-venvs/deeplog/bin/python \
        bench/peers/deeplog_mnist_add.py --digits 1 --path mvsdd

Every argument after the interpreter is passed on to the runner (and `--data-dir` /
`--threads` also to the floor; `FLOOR_IMAGES=K` times the floor on K images and
extrapolates it to the epoch). Prints the three JSON lines and then a summary line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_SHARED = ("--data-dir", "--threads")


def _run(cmd: list[str]) -> dict:
    """Run a runner and parse the last line of its stdout as JSON."""
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    line = done.stdout.strip().splitlines()[-1]
    print(line, flush=True)
    return json.loads(line)


def _floor_args(args: list[str]) -> list[str]:
    """The options the floor shares with the runner."""
    out = []
    for i, arg in enumerate(args):
        if arg in _SHARED and i + 1 < len(args):
            out += [arg, args[i + 1]]
    return out


def main() -> None:
    """Floor, peer, floor; then the summary with the peer/floor ratio."""
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    python, runner, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    images = os.environ.get("FLOOR_IMAGES", "60000")
    floor = [python, str(_HERE / "floor_cnn.py"), "--images", images, *_floor_args(rest)]
    before = _run(floor)
    peer = _run([python, runner, *rest])
    after = _run(floor)
    floor_mean = (before["epoch_seconds"] + after["epoch_seconds"]) / 2
    print(json.dumps({
        "summary": peer["system"],
        "digits": peer.get("digits"),
        "peer_epoch_seconds": peer["epoch_seconds"],
        "epoch_extrapolated": peer.get("epoch_extrapolated", False),
        "floor_epoch_seconds": [before["epoch_seconds"], after["epoch_seconds"]],
        "ratio_to_floor": round(peer["epoch_seconds"] / floor_mean, 2),
        "test_accuracy": peer["test_accuracy"],
    }), flush=True)


if __name__ == "__main__":
    main()
