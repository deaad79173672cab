"""Spike rasters and membrane traces: hand-checked points, the experiments' PNGs, and no
matplotlib side effects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from matplotlib.figure import Figure

from cortexlog.brain.nets import SpikingDigitNet
from cortexlog.data import load_digits_8x8
from cortexlog.experiments.cli import main
from cortexlog.experiments.diehl_cook import DiehlCookConfig, init_net, record
from cortexlog.experiments.plots import membrane_traces, save_png, spike_raster
from cortexlog.experiments.snn_mnist import hidden_activity

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _points(fig: Figure) -> list[list[list[float]]]:
    return [ax.collections[0].get_offsets().tolist() for ax in fig.axes]


def test_raster_has_one_point_per_spike_by_hand() -> None:
    # T=3 steps, B=2 inputs, N=3 neurons
    spikes = torch.zeros(3, 2, 3)
    spikes[0, 0, 2] = spikes[2, 0, 0] = 1.0  # input 0: neuron 2 at t=0, neuron 0 at t=2
    spikes[1, 1, 1] = 1.0  # input 1: neuron 1 at t=1
    fig = spike_raster(spikes, "t", ["first", "second"], dt=0.5, time_unit="ms")
    assert _points(fig) == [[[0.0, 2.0], [1.0, 0.0]], [[0.5, 1.0]]]  # (time in ms, neuron)
    assert [ax.get_title() for ax in fig.axes] == ["first: 2 spikes", "second: 1 spikes"]
    assert fig.axes[0].get_xlabel() == "time (ms)" and fig.axes[0].get_ylabel() == "neuron"


def test_raster_of_one_population_and_of_silence() -> None:
    fig = spike_raster(torch.tensor([[0.0, 1.0], [1.0, 1.0]]))  # [T, N]
    assert len(fig.axes) == 1 and _points(fig) == [[[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]]
    silent = spike_raster(torch.zeros(4, 1, 5))
    assert _points(silent) == [[]] and silent.axes[0].get_title() == "0 spikes"
    with pytest.raises(ValueError, match=r"\[T, N\]"):
        spike_raster(torch.zeros(2))
    with pytest.raises(ValueError, match="3 labels for 1 panels"):
        spike_raster(torch.zeros(2, 3), labels=["a", "b", "c"])


def test_membrane_traces_draw_the_chosen_neurons_and_the_threshold() -> None:
    v = torch.tensor([[0.2, 0.5, 0.0], [0.9, 0.1, 0.3], [1.2, 0.6, 0.4]])
    fig = membrane_traces(v, 1.0, neurons=[2, 0], title="x")
    (ax,) = fig.axes
    *traces, threshold = ax.get_lines()
    assert list(traces[0].get_ydata()) == pytest.approx([0.0, 0.3, 0.4])  # neuron 2
    assert list(traces[1].get_ydata()) == pytest.approx([0.2, 0.9, 1.2])  # neuron 0
    assert [t.get_label() for t in ax.get_lines()] == ["neuron 2", "neuron 0", "threshold"]
    assert [list(t.get_xdata()) for t in traces] == [[0, 1, 2], [0, 1, 2]]
    assert list(threshold.get_ydata()) == [1.0, 1.0]
    assert len(membrane_traces(v, 0.5).axes[0].get_lines()) == 3 + 1
    with pytest.raises(ValueError, match=r"\[T, N\]"):
        membrane_traces(torch.zeros(2, 1, 3), 1.0)


def test_save_png_leaves_the_users_backend_alone(tmp_path: Path) -> None:
    code = f"""
import sys, matplotlib, torch
matplotlib.use('svg')
from cortexlog.experiments.plots import save_png, spike_raster, membrane_traces
save_png(spike_raster(torch.ones(2, 1, 2)), {str(tmp_path / 'sub' / 'r.png')!r})
save_png(membrane_traces(torch.ones(2, 2), 1.0), {str(tmp_path / 'm.png')!r})
print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)
"""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["svg", "False"]
    assert (tmp_path / "sub" / "r.png").read_bytes()[:8] == PNG_MAGIC
    assert save_png(spike_raster(torch.ones(1, 1)), tmp_path / "x.png").stat().st_size > 0


def test_hidden_activity_matches_the_networks_spikes() -> None:
    torch.manual_seed(0)
    model = SpikingDigitNet(steps=5, image_size=8, channels=(4, 8), hidden=16).eval()
    with torch.no_grad():  # an untrained net is quiet: stronger weights make it fire
        for layer in (model.conv1[0], model.conv2[0], model.fc1):
            layer.weight.mul_(5.0)
    x = torch.rand(3, 1, 8, 8) * 3
    spikes, v = hidden_activity(model, x)
    with torch.no_grad():
        _, _, z3 = model.spikes(x)
    assert torch.equal(spikes, z3) and v.shape == (5, 3, 16)
    assert spikes.sum() > 0
    assert torch.equal(spikes > 0, v >= model.lif3.params.v_th)  # a spike: v over threshold


def test_record_boosts_quiet_images_as_the_evaluation_does() -> None:
    cfg = DiehlCookConfig(neurons=10, steps=20, dt=350 / 20, gain=0.3)
    digits = load_digits_8x8("test")
    x = digits.images.reshape(len(digits), -1)[:3]
    net = init_net(64, cfg, torch.Generator().manual_seed(0))
    spikes_in, out = record(net, x, cfg, torch.Generator().manual_seed(1))
    assert spikes_in.shape == (20, 3, 64) and out.shape == (20, 3, 10)
    assert (out.sum(2) <= 1).all()  # at most one winner per step and image
    assert (out.sum((0, 2)) >= cfg.min_spikes).all()


@pytest.mark.parametrize(("name", "options", "pictures"), [
    ("snn-mnist", ["--train-size", "300", "--test-size", "100"],
     {"accuracy.png", "spike_raster.png", "membrane_traces.png"}),
    ("diehl-cook", ["--neurons", "20", "--steps", "20", "--train-size", "100",
                    "--test-size", "50", "--label-size", "100"],
     {"receptive_fields.png", "spike_raster.png"}),
])
def test_experiments_write_a_raster(name: str, options: list[str], pictures: set[str],
                                    tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    fallback_digits: None) -> None:
    n = torch.get_num_threads()
    try:
        assert main([name, "--out", str(tmp_path / "run"), *options]) == 0
    finally:
        torch.set_num_threads(n)
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("test accuracy: ")
    written = {p.name for p in (tmp_path / "run").iterdir()}
    assert written == pictures | {"metrics.json"}
    for picture in pictures:
        assert (tmp_path / "run" / picture).read_bytes()[:8] == PNG_MAGIC
    assert "test_accuracy" in json.loads((tmp_path / "run" / "metrics.json").read_text())

