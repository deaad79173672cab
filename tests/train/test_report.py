"""The learning-curve PNG: titled, labelled panels; robust rows; no matplotlib side effects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cortexlog.train.report import accuracy_keys, curve_figure, plot_curve

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _legend(ax) -> list[str]:  # type: ignore[no-untyped-def]
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def test_panels_have_titles_labels_and_the_given_points(tmp_path: Path) -> None:
    history = [{"epoch": 0.5, "test_accuracy": 0.4, "digit_accuracy": 0.6},
               {"epoch": 1, "test_accuracy": 0.7, "digit_accuracy": 0.8, "train_loss": 1.0}]
    curve = [(1, 2.3), (10, 1.9), (20, 1.2)]
    fig = curve_figure(history, curve)
    ax_loss, ax_acc = fig.axes
    assert ax_loss.get_title() == "Training loss" and ax_acc.get_title() == "Test accuracy"
    assert ax_loss.get_xlabel() and ax_loss.get_ylabel()
    assert ax_acc.get_xlabel() == "epoch" and ax_acc.get_ylabel() == "accuracy"
    (loss_line,) = ax_loss.get_lines()
    assert list(loss_line.get_xdata()) == [1, 10, 20]
    assert list(loss_line.get_ydata()) == [2.3, 1.9, 1.2]
    test_line, digit_line = ax_acc.get_lines()
    assert list(test_line.get_xdata()) == [0.5, 1] and list(test_line.get_ydata()) == [0.4, 0.7]
    assert list(digit_line.get_ydata()) == [0.6, 0.8]
    assert _legend(ax_acc) == ["test accuracy", "digit accuracy"]
    plot_curve(tmp_path / "c.png", history, curve)
    assert (tmp_path / "c.png").read_bytes()[:8] == PNG_MAGIC


def test_rows_without_digit_accuracy_plot_what_is_present(tmp_path: Path) -> None:
    history = [{"epoch": 1, "test_accuracy": 0.5, "collapsed": False},
               {"epoch": 2, "test_accuracy": 0.6, "accuracy/mnist_net": 0.9}]
    assert accuracy_keys(history) == ["test_accuracy", "accuracy/mnist_net"]
    _, ax_acc = curve_figure(history, []).axes
    test_line, net_line = ax_acc.get_lines()
    assert list(test_line.get_ydata()) == [0.5, 0.6]
    assert list(net_line.get_xdata()) == [2] and list(net_line.get_ydata()) == [0.9]
    assert _legend(ax_acc) == ["test accuracy", "mnist_net accuracy"]
    plot_curve(tmp_path / "only-test.png", history, [])
    plot_curve(tmp_path / "empty.png", [], [])
    assert (tmp_path / "empty.png").read_bytes()[:8] == PNG_MAGIC


@pytest.mark.parametrize("backend", ["svg", "pdf"])
def test_plotting_leaves_the_users_backend_alone(tmp_path: Path, backend: str) -> None:
    code = f"""
import sys, matplotlib
matplotlib.use({backend!r})
from cortexlog.train.report import plot_curve
plot_curve(__import__('pathlib').Path({str(tmp_path / 'c.png')!r}),
           [{{'epoch': 1, 'test_accuracy': 0.5}}], [(1, 1.0), (2, 0.5)])
print(matplotlib.get_backend(), 'matplotlib.pyplot' in sys.modules)
"""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == [backend, "False"]
    assert (tmp_path / "c.png").read_bytes()[:8] == PNG_MAGIC
