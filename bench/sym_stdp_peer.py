"""cortexlog's sym-stdp against a public BindsNET implementation of the same model, in one run.

The peer is khengyeww/sym-STDP ("near-replication of Hao's SNN model using BindsNET",
its model v2: input -> excitatory layer with recurrent inhibition -> 10 class neurons, a
200 Hz teacher on the label's class neuron, 350 ms per digit at dt = 0.5 ms, digits shown
again with more input until the network answers). It is not part of this repository:
prepare a checkout of it with `bench/peers/sym_stdp_bindsnet_setup.sh CHECKOUT`, then

    .venv/bin/python bench/sym_stdp_peer.py --peer CHECKOUT --data-dir DIR [--per-digit 30]

Both systems train on `10 x per-digit` MNIST images (the peer takes the first
`per-digit` of each digit, cortexlog the first `10 x per-digit` images) and test on as
many, with 100 excitatory neurons and one thread each, one after the other. cortexlog
runs twice: at dt = 0.5 ms as the peer (`--steps 700`) and at its default 3.5 ms. Prints
the wall time of each whole process (start-up, data, training, test), its accuracy, and
the peer's time over cortexlog's. Accuracies on a few hundred images are noise; the
times are the point.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEER_PYTHON = ROOT / ".bench-venvs" / "bindsnet" / "bin" / "python"


def _run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Run `cmd` with one thread; return (wall seconds, stdout). Exits on failure."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def run_peer(peer: Path, python: Path, neurons: int, per_digit: int) -> tuple[float, float]:
    """(seconds, test accuracy) of the peer's `main_snn.py` on `per_digit` images per digit."""
    before = set((peer / "results").glob("*")) if (peer / "results").exists() else set()
    seconds, _ = _run([str(python), "main_snn.py", "--n_neurons", str(neurons),
                       "--n_train", str(per_digit), "--n_test", str(per_digit)], peer)
    new = sorted(set((peer / "results").glob("*")) - before)
    if not new:
        raise SystemExit("the peer wrote no results folder")
    text = (new[-1] / "results.txt").read_text()
    found = re.search(r"Test\s*->\s*([0-9.]+)%", text)
    if not found:
        raise SystemExit(f"no test accuracy in {new[-1] / 'results.txt'}")
    return seconds, float(found.group(1)) / 100


def run_cortexlog(data_dir: str, neurons: int, images: int, steps: int) -> tuple[float, float]:
    """(seconds, test accuracy) of `cortexlog experiment sym-stdp` on `images` images."""
    with tempfile.TemporaryDirectory() as out:
        seconds, stdout = _run([sys.executable, "-m", "cortexlog", "experiment", "sym-stdp",
                                "--data-dir", data_dir, "--neurons", str(neurons),
                                "--train-size", str(images), "--test-size", str(images),
                                "--steps", str(steps), "--out", out], ROOT)
    last = stdout.strip().splitlines()[-1]
    if not last.startswith("test accuracy: "):
        raise SystemExit(f"unexpected last line from cortexlog: {last!r}")
    return seconds, float(last.split(": ")[1])


def main(argv: list[str] | None = None) -> int:
    """Run both systems and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peer", type=Path, required=True, help="prepared khengyeww/sym-STDP checkout")
    ap.add_argument("--peer-python", type=Path, default=PEER_PYTHON)
    ap.add_argument("--data-dir", default=os.environ.get("CORTEXLOG_DATA"),
                    help="MNIST IDX directory (default: $CORTEXLOG_DATA)")
    ap.add_argument("--per-digit", type=int, default=30, help="images per digit (train and test)")
    ap.add_argument("--neurons", type=int, default=100)
    a = ap.parse_args(argv)
    if not a.data_dir:
        ap.error("--data-dir (or CORTEXLOG_DATA) is required: the peer needs real MNIST")
    if not (a.peer / "main_snn.py").is_file():
        ap.error(f"--peer {a.peer}: no main_snn.py there; clone khengyeww/sym-STDP and run "
                 "bench/peers/sym_stdp_bindsnet_setup.sh on it")
    if not a.peer_python.is_file():
        ap.error(f"--peer-python {a.peer_python} does not exist; "
                 "bench/peers/sym_stdp_bindsnet_setup.sh creates it")
    images = 10 * a.per_digit
    rows = [("BindsNET peer (khengyeww/sym-STDP v2)", 0.5, *run_peer(a.peer, a.peer_python,
                                                                     a.neurons, a.per_digit))]
    for steps in (700, 100):
        rows.append((f"cortexlog sym-stdp --steps {steps}", 350 / steps,
                     *run_cortexlog(a.data_dir, a.neurons, images, steps)))
    peer_s = rows[0][2]
    print(f"{a.neurons} excitatory neurons, {images} training and {images} test images, "
          "one thread each")
    print(f"{'system':40s} {'dt ms':>6s} {'wall s':>8s} {'accuracy':>9s} {'peer / this':>12s}")
    for name, dt, seconds, acc in rows:
        print(f"{name:40s} {dt:6.1f} {seconds:8.1f} {acc:9.4f} {peer_s / seconds:11.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
