"""`cortexlog train` end to end on the 8x8 fallback and on query files: files, resume, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from cortexlog.cli import main as cortexlog_main


def main(argv: list[str]) -> int:
    """`cortexlog train ARGV` (the built-in tasks come from the top-level command)."""
    return cortexlog_main(["train", *argv])

ARGS = ["--train-size", "200", "--test-size", "100", "--batch-size", "16", "--no-progress"]


@pytest.fixture(autouse=True)
def _fallback_digits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)
    monkeypatch.setattr("cortexlog.data.mnist.CACHE_DIR", tmp_path / "no-cache")


def _run(tmp_path: Path, out: str, *extra: str) -> list[dict]:
    code = main(["--out", str(tmp_path / out), *ARGS, *extra])
    assert code == 0
    lines = (tmp_path / out / "metrics.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines]


def _fails(capsys: pytest.CaptureFixture, *argv: str) -> str:
    assert main(list(argv)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err
    return err


def test_task_run_writes_files_and_prints_accuracy_last(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = _run(tmp_path, "r", "--epochs", "1")
    captured = capsys.readouterr()
    last = captured.out.strip().splitlines()[-1]
    assert last == f"test accuracy: {rows[-1]['test_accuracy']:.4f}"
    assert "network mnist_net: default: LeNet (1 image 8x8 -> 10 outputs)" in captured.err
    config = json.loads((tmp_path / "r" / "config.json").read_text())
    assert config["settings"]["logic"] == "architecture" and config["train_examples"] == 200
    assert {p.name for p in (tmp_path / "r").iterdir()} >= {
        "config.json", "metrics.jsonl", "model.pt", "curve.png", "confusion.csv",
        "confusion.png"}
    assert rows[0]["mode"] == "answer" and "accuracy/mnist_net/test" in rows[0]


def test_image_shift_reaches_the_default_network(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = _run(tmp_path, "s", "--epochs", "1", "--image-shift", "1")
    err = capsys.readouterr().err
    assert "LeNet (1 image 8x8 -> 10 outputs, shifted up to 1 px in training)" in err
    assert json.loads((tmp_path / "s" / "config.json").read_text())["settings"][
        "image_shift"] == 1 and len(rows) == 1


def test_resume_matches_uninterrupted_run(tmp_path: Path) -> None:
    full = _run(tmp_path, "full", "--epochs", "2")
    _run(tmp_path, "part", "--epochs", "1")
    resumed = _run(tmp_path, "part", "--epochs", "2", "--resume")
    strip = [{k: v for k, v in r.items() if k != "epoch_seconds"} for r in full]
    assert [{k: v for k, v in r.items() if k != "epoch_seconds"} for r in resumed] == strip


def test_existing_runs_are_protected(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _run(tmp_path, "r", "--epochs", "1")
    out = str(tmp_path / "r")
    assert "already holds a run" in _fails(capsys, "--out", out, *ARGS)
    err = _fails(capsys, "--out", out, *ARGS, "--resume", "--lr", "0.01")
    assert "--lr 0.001 -> 0.01" in err
    assert main(["--out", out, *ARGS, "--overwrite", "--seed", "3"]) == 0
    (tmp_path / "r" / "model.pt").write_bytes(b"garbage")
    assert "corrupt or truncated" in _fails(capsys, "--out", out, *ARGS, "--seed", "3",
                                            "--resume", "--epochs", "2")


@pytest.mark.parametrize(("flags", "needle"), [
    (["--epochs", "0"], "--epochs must be >= 1"),
    (["--batch-size", "0"], "--batch-size must be >= 1"),
    (["--lr", "0"], "learning rate of lr must be > 0"),
    (["--train-size", "0"], "--train-size must be >= 1"),
    (["--task", "nope"], "unknown task 'nope'"),
    (["--digits", "0"], "--digits must be >= 1"),
    (["--network", "nett=torch.nn:Identity"], "network 'nett' is not declared"),
    (["--network", "mnist_net=torch.nn:Identity"], "no parameters to train"),
    (["--lr-net", "other=0.1"], "unknown network(s) other"),
    (["--device", "quantum"], "unknown --device"),
    (["--output-arg", "x"], "not an integer or 'none'"),
    (["--image-shift", "-1"], "--image-shift must be >= 0"),
    (["--data-dir", "/nonexistent/mnist"], "does not exist"),
])
def test_degenerate_flags_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture,
                                           flags: list[str], needle: str) -> None:
    assert needle in _fails(capsys, "--out", str(tmp_path / "x"), *ARGS, *flags)


PROGRAM = (
    "nn(net,[X],Y,[0,1,2]) :: kind(X,Y).\n"
    "same(X,Y) :- kind(X,N), kind(Y,N).\n"
)


def _vector_task(tmp_path: Path) -> list[str]:
    """Noisy one-hot vectors of 3 kinds; `same(A, B)` pairs with true/false targets."""
    gen = torch.Generator().manual_seed(0)
    kinds = torch.randint(3, (300,), generator=gen)
    data = torch.nn.functional.one_hot(kinds, 3).float() * 2 + 0.3 * torch.randn(
        300, 3, generator=gen)
    torch.save({"data": data, "labels": kinds}, tmp_path / "vec.pt")
    (tmp_path / "prog.pl").write_text(PROGRAM)
    for name, lo, hi in (("train", 0, 200), ("test", 200, 300)):
        lines = []
        for i in range(lo, hi - 1):
            t = "1.0" if kinds[i] == kinds[i + 1] else "0.0"
            lines.append(f"{t}::same(tensor(v({i})), tensor(v({i + 1}))).")
        (tmp_path / f"{name}.pl").write_text("\n".join(lines) + "\n")
    return [str(tmp_path / "prog.pl"), "--train", str(tmp_path / "train.pl"),
            "--test", str(tmp_path / "test.pl"), "--tensors", f"v={tmp_path / 'vec.pt'}"]


def test_query_files_and_pt_tensors(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = _vector_task(tmp_path)
    assert main([*args, "--out", str(tmp_path / "v"), "--epochs", "8", "--batch-size", "8",
                 "--lr", "0.01", "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "network net: default: MLP (3 features -> 64 hidden -> 3 outputs)" in err
    rows = [json.loads(x) for x in (tmp_path / "v" / "metrics.jsonl").read_text().splitlines()]
    assert rows[-1]["mode"] == "threshold"
    assert rows[-1]["test_accuracy"] > 0.85  # chance is ~0.6 (a third of pairs are "same")
    # the kinds are learned up to a permutation: pairwise agreement is what is supervised
    assert "accuracy/net" in rows[-1]


def test_query_file_errors_name_the_file_and_line(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    args = _vector_task(tmp_path)
    bad = tmp_path / "bad.pl"
    bad.write_text("same(tensor(v(0)), tensor(v(1))).\ndiff(tensor(v(0)), tensor(v(1))).\n")
    err = _fails(capsys, args[0], "--train", str(bad), "--tensors", args[-1],
                 "--out", str(tmp_path / "o"))
    assert f"{bad}:2:1: error: training example diff" in err
    err = _fails(capsys, args[0], "--train", args[2], "--out", str(tmp_path / "o2"))
    assert "not registered" in err and "--tensors v=SPEC" in err
    err = _fails(capsys, args[0], "--train", str(bad), "--task", "equality")
    assert "either --task or --train" in err


@pytest.mark.slow
def test_ddp_two_processes(tmp_path: Path) -> None:
    torchrun = shutil.which("torchrun", path=str(Path(sys.executable).parent))
    assert torchrun is not None
    env = {k: v for k, v in os.environ.items() if k != "CORTEXLOG_DATA"}
    env |= {"OMP_NUM_THREADS": "1", "CORTEXLOG_NO_DOWNLOAD": "1",
            "HOME": str(tmp_path)}  # no MNIST cache: the 8x8 fallback
    cmd = [torchrun, "--nproc_per_node", "2", "--standalone", "-m",
           "cortexlog", "train", "--out", str(tmp_path / "ddp"), *ARGS, "--epochs", "2"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1].startswith("test accuracy: ")
    rows = [json.loads(x) for x in (tmp_path / "ddp" / "metrics.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [1, 2]
    assert json.loads((tmp_path / "ddp" / "config.json").read_text())["world_size"] == 2


def test_no_arguments_runs_the_default_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """`cortexlog train` alone: MNIST addition N=1, 1 epoch, and `test accuracy: X` last."""
    monkeypatch.chdir(tmp_path)
    assert main(["--train-size", "300", "--test-size", "100", "--no-progress"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    run = tmp_path / "runs" / "mnist-addition"
    config = json.loads((run / "config.json").read_text())
    assert config["settings"]["digits"] == 1 and config["settings"]["epochs"] == 1
    rows = [json.loads(x) for x in (run / "metrics.jsonl").read_text().splitlines()]
    assert out[-1] == f"test accuracy: {rows[-1]['test_accuracy']:.4f}" and len(rows) == 1


def test_non_utf8_program_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = _vector_task(tmp_path)
    prog = tmp_path / "latin1.pl"
    prog.write_bytes(PROGRAM.encode() + b"% caf\xe9\n")
    err = _fails(capsys, str(prog), *args[1:], "--out", str(tmp_path / "o"))
    assert f"{prog}:3: the program is not UTF-8 text" in err


@pytest.mark.parametrize("semantics", ["probability", "logprob"])
def test_multi_digit_addition_feeds_the_sum_as_input(tmp_path: Path, semantics: str) -> None:
    """N=5 sums have 199,999 values: one shape with the sum as an input, accuracy by the
    predicted digits' sum, --lr-decay cosine."""
    rows = _run(tmp_path, semantics, "--digits", "5", "--epochs", "2", "--semantics", semantics,
                "--lr-decay", "cosine", "--train-size", "40", "--test-size", "20")
    assert [r["epoch"] for r in rows] == [1, 2] and rows[-1]["mode"] == "answer"
    assert 0.0 <= rows[-1]["test_accuracy"] <= 1.0
    assert (tmp_path / semantics / "confusion.csv").is_file()
