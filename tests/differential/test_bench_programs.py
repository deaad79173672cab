"""The exact-inference benchmark programs (bench/programs.py) agree with ProbLog at small sizes."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest


def _bench_programs(harness: ModuleType) -> ModuleType:
    name = "_cortexlog_bench_programs"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, harness.REPO_ROOT / "bench" / "programs.py"
        )
        assert spec is not None and spec.loader is not None
        sys.modules[name] = module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


SMALL = {"smokers": 5, "reachability": 7, "dice": 2, "digits": 1}


@pytest.mark.parametrize("family", sorted(SMALL))
def test_bench_program_matches_problog(
    harness: ModuleType, cortexlog_api: Any, family: str
) -> None:
    """The smallest instance of every benchmark family gives ProbLog's answers."""
    text = _bench_programs(harness).FAMILIES[family](SMALL[family])
    harness.check_program(text, f"<bench {family}({SMALL[family]})>")
