"""sym-stdp (Hao et al. 2020): the presentation rule vs stdp_symmetric, a hand-computed
pair with synaptic scaling, and short real runs on the 8x8 digits."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from cortexlog.brain import SymSTDPParams, stdp_symmetric, synaptic_scaling, zero_sym_traces
from cortexlog.data import load_digits_8x8
from cortexlog.experiments.cli import main
from cortexlog.experiments.common import Split
from cortexlog.experiments.sym_stdp import (
    SymSTDPConfig,
    classes_of,
    predict,
    sym_stdp_presentation,
    train_and_evaluate,
)


def test_presentation_rule_equals_iterated_stdp_symmetric() -> None:
    g = torch.Generator().manual_seed(0)
    pre = (torch.rand(30, 3, 6, generator=g) < 0.2).double()
    post = (torch.rand(30, 3, 4, generator=g) < 0.15).double()
    p = SymSTDPParams(a_plus=0.01, a_minus=0.004, tau_plus=5.0, tau_minus=12.0,
                      w_min=-1e9, w_max=1e9, dt=1.5)  # no clipping
    w0 = torch.zeros(4, 6, dtype=torch.float64)
    w, tr = w0, zero_sym_traces(pre[0], post[0])
    for t in range(30):
        w, tr = stdp_symmetric(w, pre[t], post[t], tr, p)
    dw = sym_stdp_presentation(w0, pre, post, p)
    assert dw.abs().sum() > 0 and torch.allclose(dw, w - w0, atol=1e-12)


def test_one_pair_with_scaling_by_hand() -> None:
    p = SymSTDPConfig(a_plus=0.003, a_minus=0.00075, dt=1.0).rule()  # tau 20 / 40 ms
    pre = torch.zeros(5, 1, 2)
    post = torch.zeros(5, 1, 1)
    pre[0, 0, 0], post[3, 0, 0] = 1.0, 1.0  # input 0 at t=0, the neuron at t=3
    w = torch.tensor([[0.5, 0.5]])
    dw = sym_stdp_presentation(w, pre, post, p)
    want = 0.003 * math.exp(-3 / 20) - 0.00075 * math.exp(-3 / 40)  # 0.0018860
    assert dw.flatten().tolist() == pytest.approx([want, 0.0], rel=1e-6)
    reversed_order = sym_stdp_presentation(w, pre.flip(0), post.flip(0), p)
    assert torch.allclose(reversed_order, dw)  # symmetric: post before pre potentiates too
    scaled = synaptic_scaling(w + dw, 1.0)  # the row sums to 1 again
    assert scaled.flatten().tolist() == pytest.approx([(0.5 + want) / (1 + want), 0.5 / (1 + want)])


def test_prediction_by_class_group() -> None:
    assert classes_of(20).tolist() == list(range(10)) * 2
    counts = torch.zeros(1, 20)
    counts[0, 3], counts[0, 13], counts[0, 7] = 2.0, 2.0, 3.0  # class 3: mean 2, class 7: 1.5
    assert predict(counts, 20).tolist() == [3]


@pytest.fixture(scope="module")
def digits() -> tuple[Split, Split]:
    tr, te = load_digits_8x8("train"), load_digits_8x8("test")
    return (Split(tr.images.reshape(len(tr), -1), tr.labels),
            Split(te.images.reshape(len(te), -1), te.labels))


def test_learns_digits_without_backprop(digits: tuple[Split, Split]) -> None:
    train, test = digits
    cfg = SymSTDPConfig(neurons=40, steps=40, dt=350 / 40, gain=0.3)
    net, m = train_and_evaluate(train, test, cfg)
    assert m["test_accuracy"] > 0.6  # chance 0.1; 0.82 measured
    assert net.w.shape == (40, 64) and torch.allclose(net.w.sum(1), torch.full((40,), 6.4))


def test_cli_run_writes_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEXLOG_NO_DOWNLOAD", "1")
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)  # no data location: 8x8 fallback
    monkeypatch.setattr("cortexlog.data.mnist.CACHE_DIR", tmp_path / "cache")
    out = tmp_path / "run"
    code = main(["sym-stdp", "--out", str(out), "--neurons", "20", "--steps", "20",
                 "--gain", "0.3", "--train-size", "300", "--test-size", "200"])
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    metrics = json.loads((out / "metrics.json").read_text())
    assert last == f"test accuracy: {metrics['test_accuracy']:.4f}"
    assert metrics["config"]["data_source"].startswith("sklearn")
    assert metrics["test_accuracy"] > 0.3  # chance 0.1
    assert (out / "receptive_fields.png").stat().st_size > 0
