"""The benchmark program generators, for tests: their one home is `bench/programs.py`.

`bench/` is a folder of scripts, not a package: `load()` imports its generator module once
per process under a fixed name (the one tests/differential/test_bench_programs.py uses), so
tests and benchmarks run the same programs and no copy of the generators exists.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

NAME = "_cortexlog_bench_programs"
PATH = Path(__file__).resolve().parents[2] / "bench" / "programs.py"


def load() -> ModuleType:
    """Import `bench/programs.py` (once per process).

    Returns:
        The module: `smokers`, `reachability`, `dice_sum`, `digit_addition`, `FAMILIES`, ...
    """
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(NAME, PATH)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[NAME]
