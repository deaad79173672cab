"""nalsm (Ivanov & Michmizos 2021): grid shapes, the three variants on the 8x8 digits and
a CLI run on the fallback digits."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from cortexlog.brain.liquid import grid_shape, liquid_initial_state, liquid_step
from cortexlog.data import load_digits_8x8
from cortexlog.experiments.cli import main
from cortexlog.experiments.common import Split
from cortexlog.experiments.nalsm import (
    NALSMConfig,
    build_liquid,
    input_spikes,
    liquid_params,
    presentation_rule,
    run_all,
)


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
    cfg = NALSMConfig(neurons=125, steps=40, plastic_size=300,
                      readout_epochs=20)
    m = run_all(train, test, cfg)
    for name, r in m["variants"].items():
        assert r["test_accuracy"] > 0.5, name  # chance 0.1; ~0.9 measured
    nalsm, stdp = m["variants"]["nalsm"], m["variants"]["stdp"]
    assert len(nalsm["branching_factor_curve"]) == 100 and not m["variants"]["lsm"][
        "branching_factor_curve"]
    assert stdp["depression_over_eta"] == pytest.approx([1.0] * 100)  # no astrocyte
    assert nalsm["depression_over_eta"] != stdp["depression_over_eta"]
    assert m["test_accuracy"] == nalsm["test_accuracy"]


def test_cli_run_writes_metrics(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                fallback_digits: None) -> None:
    out = tmp_path / "run"
    code = main(["nalsm", "--out", str(out), "--neurons", "64", "--steps", "30",
                 "--constant-input",
                 "--plastic-size", "100", "--train-size", "600",
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


@pytest.mark.parametrize("plastic_states", [True, False])
@pytest.mark.parametrize("stochastic_input", [True, False])
def test_state_options_learn(digits: tuple[Split, Split], plastic_states: bool,
                             stochastic_input: bool) -> None:
    train, test = digits
    cfg = NALSMConfig(neurons=64, steps=30, plastic_size=100,
                      readout_epochs=15, plastic_states=plastic_states,
                      stochastic_input=stochastic_input)
    m = run_all(Split(train.x[:600], train.y[:600]), Split(test.x[:300], test.y[:300]),
                cfg, ("nalsm", "stdp"))
    for name, r in m["variants"].items():
        assert r["test_accuracy"] > 0.4, name  # chance 0.1


def test_presentation_rule_per_variant() -> None:
    cfg = NALSMConfig()
    nalsm, stdp = presentation_rule(cfg, "nalsm"), presentation_rule(cfg, "stdp")
    assert nalsm is not None and nalsm.astro is not None and nalsm.decay == cfg.state_decay
    assert stdp is not None and stdp.astro is None
    assert presentation_rule(cfg, "lsm") is None
    assert presentation_rule(NALSMConfig(plastic_states=False), "nalsm") is None


def test_input_spikes_match_the_constant_current_at_full_intensity() -> None:
    x = torch.tensor([[1.0, 0.0, 1.0]])
    gen = torch.Generator().manual_seed(0)
    noisy = input_spikes(x, NALSMConfig(stochastic_input=True), 12, gen)
    assert torch.equal(noisy, input_spikes(x, NALSMConfig(stochastic_input=False), 12, gen))
    assert noisy[:, 0, 0].tolist() == [1.0, 0.0, 0.0] * 4  # every 3 ms (2 ms refractory)
    half = input_spikes(torch.full((200, 1), 0.5), NALSMConfig(stochastic_input=True), 60, gen)
    assert 0.15 < float(half.mean()) < 0.3  # between 1/(2 + 2) and 1/3: refractory-capped


def test_code_synapse_kernel_adds_w_then_w_over_e() -> None:
    tau = 1.0 / (1.0 - math.exp(-1.0))  # current decays by 1/e per ms, 1.58 w in all
    params = liquid_params(NALSMConfig(tau_syn=tau, synapse_charge=tau))
    w = 0.1
    state = liquid_initial_state(1, 1, params, torch.float64)
    _, state = liquid_step(torch.tensor([[w]], dtype=torch.float64), state, None, params)
    assert state.lif.v.item() == pytest.approx(w)  # the spike's step: + w
    _, state = liquid_step(torch.zeros(1, 1, dtype=torch.float64), state, None, params)
    assert state.lif.v.item() == pytest.approx(w * (1 - 1 / 64) + w / math.e)
    assert liquid_params(NALSMConfig(tau_syn=2.0, synapse_charge=1.0)).gain == pytest.approx(32.0)
    assert liquid_params(NALSMConfig()) == params  # the code's kernel is the default
