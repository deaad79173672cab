"""Importing the library and answering a query load neither torch nor numpy (issue 15).

Each check runs in a fresh interpreter, since this test process has torch loaded already.
Heavy modules cost start-up time: torch ~1 s, numpy ~0.05 s, against ~0.1 s for a whole
ProbLog run (docs/benchmarks.md, bench/startup.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEAVY = ("torch", "numpy", "matplotlib", "tqdm", "sklearn", "problog")
LIGHT_MODULES = ("cortexlog", "cortexlog.language", "cortexlog.grounding", "cortexlog.compile",
                 "cortexlog.semantics", "cortexlog.circuits", "cortexlog.cli",
                 "cortexlog.program")


def _loaded_after(code: str) -> dict[str, bool]:
    """Run `code` in a fresh interpreter; which of `HEAVY` it left in `sys.modules`."""
    report = f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    probe = f"import json, sys\n{code}\n{report}"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.splitlines()[-1])


def test_importing_the_inference_modules_loads_nothing_heavy() -> None:
    loaded = _loaded_after("\n".join(f"import {m}" for m in LIGHT_MODULES))
    assert not any(loaded.values()), loaded


@pytest.mark.parametrize("semantics", ["probability", "logprob", "mpe", "boolean",
                                       "possibilistic", "godel", "product"])
def test_the_query_command_loads_nothing_heavy(semantics: str) -> None:
    program = EXAMPLES / ("alarm.pl" if semantics not in ("godel", "product") else "path.pl")
    loaded = _loaded_after(
        "from cortexlog.cli import main\n"
        f"assert main(['query', {str(program)!r}, '--semantics', {semantics!r}]) == 0"
    )
    assert not any(loaded.values()), loaded


def test_compile_builds_the_torch_module() -> None:
    loaded = _loaded_after(
        "from cortexlog import Program\n"
        "Program.from_string('0.5::a. query(a).').compile()"
    )
    assert loaded["torch"]
