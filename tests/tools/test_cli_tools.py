"""The task subcommands run without torch, and report errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .oracle import ROOT


@pytest.mark.parametrize("command", ["ground", "mpe", "explain", "compile", "sample"])
def test_task_commands_load_no_torch(command: str) -> None:
    probe = (
        "import sys, json\nfrom cortexlog.cli import main\n"
        f"main([{command!r}, {str(ROOT / 'examples/alarm.pl')!r}])\n"
        "print(json.dumps('torch' in sys.modules or 'numpy' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    assert json.loads(out.stdout.splitlines()[-1]) is False


@pytest.mark.parametrize("command", ["ground", "mpe", "explain", "compile", "sample", "lfi",
                                     "dt", "map"])
def test_missing_file_is_an_error_not_a_traceback(command: str) -> None:
    extra = ["no_such.ev"] if command == "lfi" else []
    out = subprocess.run([sys.executable, "-m", "cortexlog", command, "no_such.pl", *extra],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "error: no such file: no_such.pl" in out.stderr and "Traceback" not in out.stderr


def test_cli_reference_page_documents_the_task_commands() -> None:
    pytest.importorskip("mkdocs")
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "docs/hooks/cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page = module.render()
    for command in ("ground", "mpe", "explain", "compile", "sample", "lfi", "dt", "map"):
        assert f"## cortexlog {command}\n" in page and f"usage: cortexlog {command}" in page
    assert "--png FILE.png" in page and "--format {text,json}" in page
