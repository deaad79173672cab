"""sym-stdp (Hao et al. 2020): the presentation rule vs stdp_symmetric, hand-computed
potentiation-only pairs with synaptic scaling, the teacher and class layers, and short
real runs on the 8x8 digits."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from cortexlog.brain import SymSTDPParams, stdp_symmetric, synaptic_scaling, zero_sym_traces
from cortexlog.cli import main as cortexlog_main
from cortexlog.data import load_digits_8x8
from cortexlog.errors import CortexlogError
from cortexlog.experiments import sym_stdp
from cortexlog.experiments.cli import main
from cortexlog.experiments.common import Split
from cortexlog.experiments.diehl_cook_sim import DiehlCookConfig, simulate, simulate_events
from cortexlog.experiments.sym_stdp import (
    SymSTDPConfig,
    init_net,
    present,
    sym_stdp_presentation,
    train_and_evaluate,
)
from cortexlog.experiments.sym_stdp_sim import (
    class_layer,
    presentation_rows,
    scale_rows,
    teacher_spikes,
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
    p = SymSTDPConfig(dt=1.0).rule(0.0005, 1.0)  # the authors' 0.005 x 0.1, tau 20 ms
    assert p.a_minus == 0.0  # potentiation only: depression comes from synaptic scaling
    pre = torch.zeros(5, 1, 2)
    post = torch.zeros(5, 1, 1)
    pre[0, 0, 0], post[3, 0, 0] = 1.0, 1.0  # input 0 at t=0, the neuron at t=3
    w = torch.tensor([[0.5, 0.5]])
    dw = sym_stdp_presentation(w, pre, post, p)
    want = 0.0005 * math.exp(-3 / 20)  # 0.00043035
    assert dw.flatten().tolist() == pytest.approx([want, 0.0], rel=1e-6)
    reversed_order = sym_stdp_presentation(w, pre.flip(0), post.flip(0), p)
    assert torch.allclose(reversed_order, dw)  # symmetric: post before pre potentiates too
    scaled = synaptic_scaling(w + dw, 1.0)  # the row sums to 1 again: input 1 loses
    assert scaled.flatten().tolist() == pytest.approx([(0.5 + want) / (1 + want), 0.5 / (1 + want)])


def test_teacher_drives_only_the_label() -> None:
    cfg = SymSTDPConfig(steps=400, dt=1.0, teacher_rate_hz=250.0)
    s = teacher_spikes(torch.tensor([3, 7]), cfg, torch.Generator().manual_seed(0))
    assert s.shape == (400, 2, 10)
    counts = s.sum(0)
    assert counts[0, 3] > 60 and counts[1, 7] > 60  # about 100 = 250 Hz x 0.4 s
    assert counts.sum() == counts[0, 3] + counts[1, 7]


def test_class_layer_by_hand() -> None:
    cfg = SymSTDPConfig(dt=10.0, cla_tau=10.0, cla_gain=0.5, cla_reset=0.75)
    hidden = torch.zeros(3, 1, 2)
    hidden[0, 0, 0] = hidden[1, 0, 0] = hidden[2, 0, 1] = 1.0
    w_cla = torch.zeros(10, 2)
    w_cla[4, 0], w_cla[6, 1] = 1.5, 1.0
    # class 4: v = 0.75 (t0), 0.75/e + 0.75 = 1.026 > 1 -> spike (t1); class 6: 0.5 at t2
    counts = class_layer(hidden, w_cla, cfg)
    assert counts[0].tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def test_teacher_shapes_class_weights_not_the_inputs() -> None:
    cfg = SymSTDPConfig(neurons=20, steps=30, dt=350 / 30, gain=0.3, eta_cla=0.05)
    net = init_net(16, cfg, torch.Generator().manual_seed(1))
    x = torch.rand(1, 16, generator=torch.Generator().manual_seed(2))
    new, counts = present(net, x, torch.tensor([2]), cfg, torch.Generator().manual_seed(3))
    other, _ = present(net, x, torch.tensor([5]), cfg, torch.Generator().manual_seed(3))
    assert torch.equal(new.w, other.w) and torch.equal(new.theta, other.theta)  # label-blind
    assert counts.sum() > 0
    grew = new.w_cla / net.w_cla
    assert torch.allclose(new.w_cla.sum(1), torch.full((10,), 0.8 * 20))
    fired = counts[0] > 0
    assert (grew[2, fired] > grew[0, fired]).all()  # the label's row gains on active neurons
    frozen, _ = present(net, x, torch.tensor([2]), cfg, torch.Generator().manual_seed(3),
                        hidden_plastic=False)  # layer-by-layer: only the class layer learns
    assert frozen.w is net.w and frozen.theta is net.theta
    assert torch.equal(frozen.w_cla, new.w_cla)


@pytest.mark.parametrize("seed", range(5))
def test_inhibition_floor_event_driven_matches_steps(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    cfg = DiehlCookConfig(neurons=20, steps=60, dt=350 / 60, inhibition=1.2,
                          inhibition_floor=-1.5)
    drive = (torch.rand(60, 1, 20, generator=g, dtype=torch.float64) < 0.15) * torch.rand(
        60, 1, 20, generator=g, dtype=torch.float64) * 2.5
    theta = torch.zeros(20, dtype=torch.float64)
    steps = simulate(drive, theta, cfg)
    assert steps.sum() > 3
    assert torch.equal(simulate_events(drive, theta, cfg), steps)


def test_inhibition_floor_by_hand() -> None:
    cfg = DiehlCookConfig(neurons=2, steps=4, dt=10.0, tau_mem=1e9, inhibition=1.2,
                          inhibition_floor=-2.0)
    drive = torch.zeros(4, 1, 2, dtype=torch.float64)
    drive[0:3, 0, 0] = 1.5  # neuron 0 fires at steps 0 and 2 (refractory at step 1)
    drive[3, 0, 1] = 3.1  # neuron 1: -1.2, then -2.4 -> floor -2.0; +3.1 = 1.1 > 1
    out = simulate(drive, torch.zeros(2, dtype=torch.float64), cfg)
    assert out[:, 0, 0].tolist() == [1, 0, 1, 0] and out[:, 0, 1].tolist() == [0, 0, 0, 1]
    no_floor = DiehlCookConfig(neurons=2, steps=4, dt=10.0, tau_mem=1e9, inhibition=1.2)
    assert simulate(drive, torch.zeros(2, dtype=torch.float64), no_floor)[:, 0, 1].sum() == 0


@pytest.fixture(scope="module")
def digits() -> tuple[Split, Split]:
    tr, te = load_digits_8x8("train"), load_digits_8x8("test")
    return (Split(tr.images.reshape(len(tr), -1), tr.labels),
            Split(te.images.reshape(len(te), -1), te.labels))


def test_learns_digits_without_backprop(digits: tuple[Split, Split]) -> None:
    train, test = digits
    cfg = SymSTDPConfig(neurons=40, steps=40, dt=350 / 40, gain=0.3)
    net, m = train_and_evaluate(train, test, cfg)
    assert m["test_accuracy"] > 0.4  # chance 0.1; 0.64 measured (labelled read-out 0.66)
    assert net.w.shape == (40, 64) and torch.allclose(net.w.sum(1), torch.full((40,), 6.4))
    assert net.w_cla.shape == (10, 40)
    assert sum(m["neurons_per_class"]) + m["silent_neurons"] == 40


def test_cli_run_writes_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                fallback_digits: None) -> None:
    out = tmp_path / "run"
    code = main(["sym-stdp", "--out", str(out), "--neurons", "20", "--steps", "20",
                 "--gain", "0.3", "--train-size", "300", "--test-size", "200",
                 "--eta-cla", "0.04"])  # 300 digits: a faster class layer (0.45 measured)
    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    metrics = json.loads((out / "metrics.json").read_text())
    assert last == f"test accuracy: {metrics['test_accuracy']:.4f}"
    assert metrics["config"]["data_source"].startswith("sklearn")
    assert metrics["test_accuracy"] > 0.3  # chance 0.1
    assert (out / "receptive_fields.png").stat().st_size > 0


@pytest.mark.parametrize("seed", range(6))
def test_scale_rows_equals_dense_clip_and_scale(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    w = synaptic_scaling(torch.rand(12, 9, generator=g, dtype=torch.float64), 3.0)
    if seed % 2:  # rows the dense form would still move: over w_max, negative, unscaled
        w[1, 0], w[4, 2], w[7] = 1.7, -0.1, w[7] * 1.3
    rows = torch.tensor([0, 5, 9][: 1 + seed % 3])
    cols = torch.tensor([1, 2, 6, 8][seed % 2 :])
    before = w.clone()
    unsettled: torch.Tensor | None = None
    for _ in range(3):  # repeated updates: the unsettled rows carry over exactly
        dw = torch.rand(len(rows), len(cols), generator=g, dtype=torch.float64) * 0.9
        dense = w.clone()
        dense[rows.unsqueeze(1), cols] += dw
        want = synaptic_scaling(dense.clamp(0.0, 0.6), 3.0)
        got, unsettled = scale_rows(w, rows, cols, dw, 0.6, 3.0, unsettled)
        assert torch.allclose(got, want, atol=1e-12)
        assert torch.allclose(got.sum(1), torch.full((12,), 3.0, dtype=torch.float64))
        assert torch.equal(unsettled, got.amax(1) > 0.6)  # after scaling only w_max is left
        w = got
    assert not torch.equal(w, before) and before.sum() > 0


def test_presentation_rows_are_the_non_zero_rows() -> None:
    g = torch.Generator().manual_seed(4)
    pre = (torch.rand(30, 2, 6, generator=g) < 0.2).double()
    post = torch.zeros(30, 2, 5, dtype=torch.float64)
    post[4, 0, 1] = post[17, 1, 3] = post[20, 1, 1] = 1.0
    p = SymSTDPParams(0.01, 0.004, 5.0, 12.0, -1e9, 1e9, 1.5)
    pre[:, :, 2] = 0.0  # an input that never spikes
    rows, cols, dw = presentation_rows(pre, post, p)
    dense = sym_stdp_presentation(torch.zeros(5, 6, dtype=torch.float64), pre, post, p)
    assert rows.tolist() == [1, 3] and 2 not in cols.tolist()
    assert torch.count_nonzero(dense) == torch.count_nonzero(dw) > 0
    assert torch.allclose(dense[rows.unsqueeze(1), cols], dw, atol=1e-15)
    # the same pairs as the per-step rule (w_min/w_max far away: no clipping)
    w, tr = torch.zeros(5, 6, dtype=torch.float64), zero_sym_traces(pre[0], post[0])
    for t in range(30):
        w, tr = stdp_symmetric(w, pre[t], post[t], tr, p)
    assert torch.allclose(dense, w, atol=1e-12)


def test_a_stopped_run_resumes_to_the_same_result(digits: tuple[Split, Split],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    train, test = digits[0].head(150), digits[1].head(60)
    cfg = SymSTDPConfig(neurons=12, steps=20, dt=350 / 20, gain=0.3)
    whole, m_whole = train_and_evaluate(train, test, cfg, epochs=2, readout_epochs=1)
    ckpt = tmp_path / "checkpoint.pt"
    real, calls = sym_stdp._epoch, []

    def stopped(*args: object) -> object:  # the run is killed during its second epoch
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sym_stdp, "_epoch", stopped)
    with pytest.raises(KeyboardInterrupt):
        train_and_evaluate(train, test, cfg, epochs=2, readout_epochs=1, checkpoint=ckpt)
    monkeypatch.setattr(sym_stdp, "_epoch", real)
    resumed, m = train_and_evaluate(train, test, cfg, epochs=2, readout_epochs=1,
                                    checkpoint=ckpt)
    assert torch.equal(resumed.w, whole.w) and torch.equal(resumed.w_cla, whole.w_cla)
    assert m == m_whole and m["evaluated_epochs"] == [1, 2, 3]
    _, m_sparse = train_and_evaluate(train, test, cfg, epochs=2, readout_epochs=1,
                                     eval_every=2)
    assert m_sparse["evaluated_epochs"] == [2, 3]
    assert len(m_sparse["test_accuracy_per_epoch"]) == 2


def test_checkpoint_of_other_settings_or_unreadable_is_a_clear_error(
        digits: tuple[Split, Split], tmp_path: Path) -> None:
    train, test = digits[0].head(40), digits[1].head(20)
    cfg = SymSTDPConfig(neurons=6, steps=10, dt=35.0, gain=0.3)
    ckpt = tmp_path / "checkpoint.pt"
    train_and_evaluate(train, test, cfg, checkpoint=ckpt)
    with pytest.raises(CortexlogError, match="neurons: 6 there, 7 now"):
        train_and_evaluate(train, test, replace(cfg, neurons=7), checkpoint=ckpt)
    ckpt.write_bytes(b"not a checkpoint")
    with pytest.raises(CortexlogError, match="cannot read the checkpoint"):
        train_and_evaluate(train, test, cfg, checkpoint=ckpt)


@pytest.mark.parametrize("flags", [["--epochs", "0"], ["--eval-every", "0"],
                                   ["--epochs", "-1", "--readout-epochs", "2"]])
def test_no_pass_is_a_clear_error(flags: list[str], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str],
                                  fallback_digits: None) -> None:
    code = cortexlog_main(["experiment", "sym-stdp", "--out", str(tmp_path), "--neurons", "4",
                           "--steps", "5", "--train-size", "10", "--test-size", "10", *flags])
    err = capsys.readouterr().err
    assert code != 0 and "at least one pass" in err and "Traceback" not in err
