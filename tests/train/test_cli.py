"""`cortexlog train` end to end on the (loud) 8x8 fallback: files, last line, resume, DDP."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cortexlog.train.cli import main

ARGS = ["--train-size", "200", "--test-size", "100", "--batch-size", "16", "--no-progress"]


def _run(tmp_path: Path, out: str, *extra: str) -> list[dict]:
    code = main(["--data-dir", str(tmp_path / "no-mnist"), "--out", str(tmp_path / out),
                 *ARGS, *extra])
    assert code == 0
    lines = (tmp_path / out / "metrics.jsonl").read_text().splitlines()
    return [json.loads(x) for x in lines]


def test_cli_writes_run_files_and_prints_accuracy_last(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = _run(tmp_path, "r", "--epochs", "1")
    captured = capsys.readouterr()
    last = captured.out.strip().splitlines()[-1]
    assert last == f"test accuracy: {rows[-1]['test_accuracy']:.4f}"
    assert "WARNING: MNIST not found" in captured.err
    config = json.loads((tmp_path / "r" / "config.json").read_text())
    assert config["logic"] == "architecture" and config["train_examples"] == 200
    assert {p.name for p in (tmp_path / "r").iterdir()} >= {
        "config.json", "metrics.jsonl", "model.pt", "curve.png"}


def test_cli_resume_matches_uninterrupted_run(tmp_path: Path) -> None:
    full = _run(tmp_path, "full", "--epochs", "2")
    _run(tmp_path, "part", "--epochs", "1")
    resumed = _run(tmp_path, "part", "--epochs", "2", "--resume")
    strip = [{k: v for k, v in r.items() if k != "epoch_seconds"} for r in full]
    assert [{k: v for k, v in r.items() if k != "epoch_seconds"} for r in resumed] == strip


def test_cli_loss_mode_and_network_reference(tmp_path: Path) -> None:
    rows = _run(tmp_path, "l", "--logic", "loss", "--semantics", "godel", "--epochs", "1")
    assert 0.0 <= rows[0]["test_accuracy"] <= 1.0


@pytest.mark.slow
def test_ddp_two_processes(tmp_path: Path) -> None:
    torchrun = shutil.which("torchrun", path=str(Path(sys.executable).parent))
    assert torchrun is not None
    env = dict(os.environ, OMP_NUM_THREADS="1")
    cmd = [torchrun, "--nproc_per_node", "2", "--standalone", "-m",
           "cortexlog.train.cli", "--data-dir", str(tmp_path / "none"),
           "--out", str(tmp_path / "ddp"), *ARGS, "--epochs", "2"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().splitlines()[-1].startswith("test accuracy: ")
    rows = [json.loads(x) for x in (tmp_path / "ddp" / "metrics.jsonl").read_text().splitlines()]
    assert [r["epoch"] for r in rows] == [1, 2]
    assert json.loads((tmp_path / "ddp" / "config.json").read_text())["world_size"] == 2


def test_no_arguments_runs_the_short_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """`cortexlog train` alone (the demo): N=1, 1 epoch, and `test accuracy: X` last."""
    monkeypatch.setenv("CORTEXLOG_DATA", str(tmp_path / "no-mnist"))  # the loud 8x8 fallback
    monkeypatch.chdir(tmp_path)
    assert main([]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith("test accuracy: ")
    run = tmp_path / "runs" / "mnist-addition-N1-architecture-probability"
    config = json.loads((run / "config.json").read_text())
    assert config["digits"] == 1 and config["epochs"] == 1
    rows = [json.loads(x) for x in (run / "metrics.jsonl").read_text().splitlines()]
    assert out[-1] == f"test accuracy: {rows[-1]['test_accuracy']:.4f}" and len(rows) == 1
