"""The spiking-addition experiment end to end on the scikit-learn 8x8 digits fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cortexlog.experiments import EXPERIMENTS
from cortexlog.experiments.cli import main


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A private pattern cache and no downloads (one thread comes from conftest.py)."""
    monkeypatch.setenv("CORTEXLOG_PATTERN_CACHE", str(tmp_path / "pattern-cache"))
    monkeypatch.setenv("CORTEXLOG_NO_DOWNLOAD", "1")


def test_registered() -> None:
    assert "spiking-addition" in EXPERIMENTS


def test_cli_run_trains_and_writes_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "run"
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)  # no data location: the 8x8 fallback
    monkeypatch.setattr("cortexlog.data.mnist.CACHE_DIR", tmp_path / "cache")
    code = main(["spiking-addition", "--out", str(out),
                 "--epochs", "2", "--batch", "8", "--lr", "2e-3", "--train-size", "719",
                 "--test-size", "150", "--steps", "4", "--seed", "0"])
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("test accuracy: ")
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["data_source"].startswith("sklearn")
    assert metrics["config"]["train_pairs"] == 719 and metrics["config"]["test_pairs"] == 150
    assert len(metrics["sum_accuracy_per_epoch"]) == 2
    assert float(last.split(": ")[1]) == pytest.approx(metrics["test_accuracy"], abs=1e-4)
    # chance is ~10% for digits and sums; only the sums were supervised (measured: 0.89 / 0.80)
    assert metrics["digit_accuracy"] > 0.6
    assert metrics["test_accuracy"] > 0.4
    assert (out / "accuracy.png").stat().st_size > 0
