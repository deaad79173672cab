"""The conventions a user expects: `--version`, `python -m cortexlog`, a typed, licensed wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

import cortexlog
from cortexlog.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([flag]) == 0
    out = capsys.readouterr().out
    assert out == f"cortexlog {version('cortexlog')}\n"
    assert version("cortexlog") == cortexlog.__version__


def test_help_mentions_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "--version" in capsys.readouterr().out


def test_python_dash_m_runs_the_same_cli() -> None:
    proc = subprocess.run([sys.executable, "-m", "cortexlog", "--version"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"cortexlog {cortexlog.__version__}\n"
    proc = subprocess.run([sys.executable, "-m", "cortexlog", "query",
                           str(ROOT / "examples" / "alarm.pl")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("burglary: 0.98193")


def test_python_dash_m_unknown_command_is_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "cortexlog", "nope"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "unknown command 'nope'" in proc.stderr


@pytest.mark.slow
def test_wheel_ships_types_license_data_and_metadata(tmp_path: Path) -> None:
    tree = tmp_path / "tree"  # a copy, so the build never writes into the shared checkout
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src" / "cortexlog", tree / "src" / "cortexlog",
                    ignore=shutil.ignore_patterns("__pycache__"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(tree)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("cortexlog-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = zf.read(meta_name).decode()
    assert "cortexlog/py.typed" in names
    assert "cortexlog/__main__.py" in names
    assert "cortexlog/data/digits_8x8.npz" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "License-Expression: Apache-2.0" in meta
    for extra in ("dev", "docs", "peers"):
        assert f"Provides-Extra: {extra}" in meta
    assert "Classifier: Typing :: Typed" in meta
    requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    core = [r for r in requires if "extra ==" not in r]
    assert not any("scikit-learn" in r for r in core)
    assert any(r.startswith("Requires-Dist: torch>=") for r in core)
