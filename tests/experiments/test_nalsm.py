"""nalsm (Ivanov & Michmizos 2021): grid shapes, the three variants on the 8x8 digits and
a CLI run on the fallback digits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cortexlog.data import load_digits_8x8
from cortexlog.experiments.cli import main
from cortexlog.experiments.common import Split
from cortexlog.experiments.nalsm import NALSMConfig, build_liquid, grid_shape, run_all


@pytest.fixture(scope="module")
def digits() -> tuple[Split, Split]:
    tr, te = load_digits_8x8("train"), load_digits_8x8("test")
    return (Split(tr.images.reshape(len(tr), -1), tr.labels),
            Split(te.images.reshape(len(te), -1), te.labels))


def test_grid_shape_and_liquid() -> None:
    assert grid_shape(8000) == (20, 20, 20) and grid_shape(7) == (1, 1, 7)
    liq = build_liquid(64, NALSMConfig(neurons=125), 1.0)
    assert liq.w.shape == (125, 125) and liq.w_in.shape == (125, 64)
    inh = liq.inhibitory
    assert (liq.w[:, inh] <= 0).all() and (liq.w[:, ~inh] >= 0).all()
    assert torch.equal(liq.w != 0, liq.mask.bool())
    assert torch.allclose(liq.w_in[liq.mask_in.bool()].abs(), torch.tensor(0.15))


def test_variants_learn_digits(digits: tuple[Split, Split]) -> None:
    train, test = digits
    cfg = NALSMConfig(neurons=125, steps=40, plastic_size=300, plastic_batch=25,
                      readout_epochs=20)
    m = run_all(train, test, cfg)
    for name, r in m["variants"].items():
        assert r["test_accuracy"] > 0.5, name  # chance 0.1; ~0.9 measured
    nalsm, stdp = m["variants"]["nalsm"], m["variants"]["stdp"]
    assert len(nalsm["branching_factor_curve"]) == 12 and not m["variants"]["lsm"][
        "branching_factor_curve"]
    assert stdp["depression_over_eta"] == pytest.approx([1.0] * 12)  # no astrocyte
    assert nalsm["depression_over_eta"] != stdp["depression_over_eta"]
    assert m["test_accuracy"] == nalsm["test_accuracy"]


def test_cli_run_writes_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                fallback_digits: None) -> None:
    out = tmp_path / "run"
    code = main(["nalsm", "--out", str(out), "--neurons", "64", "--steps", "30",
                 "--plastic-size", "100", "--plastic-batch", "25", "--train-size", "600",
                 "--test-size", "300", "--variants", "nalsm,lsm", "--readout-epochs", "10"])
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    metrics = json.loads((out / "metrics.json").read_text())
    assert last == f"test accuracy: {metrics['test_accuracy']:.4f}"
    assert metrics["config"]["data_source"].startswith("sklearn")
    assert set(metrics["variants"]) == {"nalsm", "lsm"}
    assert metrics["test_accuracy"] > 0.3  # chance 0.1
    assert (out / "branching_factor.png").stat().st_size > 0


def test_cli_rejects_unknown_variant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nalsm", "--variants", "nalsm,chaos"]) == 2
    assert "valid variants: nalsm, stdp, lsm" in capsys.readouterr().err
