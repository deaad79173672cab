"""The README's Python snippets run verbatim, on the bundled digits and (if present) MNIST."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _snippets() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def _run(code: str, env: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**env, "OMP_NUM_THREADS": "1", "CORTEXLOG_NO_DOWNLOAD": "1", "HOME": str(tmp),
           "CORTEXLOG_PATTERN_CACHE": "0"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=600)


def test_there_are_snippets() -> None:
    assert len(_snippets()) >= 2


@pytest.mark.parametrize("index", range(len(_snippets())))
def test_snippet_runs_on_the_bundled_digits(index: int, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CORTEXLOG_DATA"}
    proc = _run(_snippets()[index], env, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    if "model.fit" in _snippets()[index]:
        assert "bundled 8x8 digits" in proc.stderr  # the one-line data notice
        accuracy = float(re.findall(r"'test_accuracy': ([0-9.]+)", proc.stdout)[0])
        assert accuracy > 0.5  # chance: ~0.1 (measured ~0.9)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("CORTEXLOG_DATA"), reason="no MNIST ($CORTEXLOG_DATA)")
def test_training_snippet_runs_on_mnist(tmp_path: Path) -> None:
    code = next(s for s in _snippets() if "model.fit" in s)
    proc = _run(code, dict(os.environ), tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    accuracy = float(re.findall(r"'test_accuracy': ([0-9.]+)", proc.stdout)[0])
    assert accuracy > 0.9
