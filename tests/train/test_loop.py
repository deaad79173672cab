"""Tests for the training loop: learning, metrics files, checkpoint/resume equality."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from cortexlog.data import load_digits_8x8
from cortexlog.tasks import make_addition_data
from cortexlog.train.baseline import NeuralBaseline
from cortexlog.train.loop import LoopConfig, fit


def _data(size: int = 400):
    train = make_addition_data(load_digits_8x8("train"), 1, size=size, seed=0)
    test = make_addition_data(load_digits_8x8("test"), 1, seed=1)
    return train, test


def _run(out: Path, epochs: int, resume: bool = False) -> list[dict]:
    torch.manual_seed(0)
    train, test = _data(200)
    cfg = LoopConfig(epochs=epochs, batch_size=16, lr=2e-3, seed=3, out=str(out),
                     resume=resume, progress=False)
    return fit(NeuralBaseline(1, 8), train, test, cfg)


def test_resume_gives_the_same_final_metrics(tmp_path: Path) -> None:
    full = _run(tmp_path / "full", 3)
    _run(tmp_path / "part", 2)
    resumed = _run(tmp_path / "part", 3, resume=True)
    assert [h["epoch"] for h in resumed] == [1, 2, 3]
    for a, b in zip(full, resumed, strict=True):
        assert a["train_loss"] == b["train_loss"]
        assert a["test_accuracy"] == b["test_accuracy"]
    lines = (tmp_path / "part" / "metrics.jsonl").read_text().splitlines()
    rows = [json.loads(x) for x in lines]
    assert [r["epoch"] for r in rows] == [1, 2, 3]
    assert set(rows[0]) == {"epoch", "epoch_seconds", "train_loss", "test_accuracy",
                            "sum_accuracy", "digit_sum_accuracy", "digit_accuracy"}
    assert rows[0]["test_accuracy"] == rows[0]["sum_accuracy"]
    assert (tmp_path / "part" / "curve.png").stat().st_size > 1000
    state = torch.load(tmp_path / "part" / "model.pt", weights_only=False)
    assert {"model", "optimizer", "rng", "epoch"} <= set(state)


def test_loss_decreases(tmp_path: Path) -> None:
    hist = _run(tmp_path / "r", 3)
    assert hist[-1]["train_loss"] < hist[0]["train_loss"]
