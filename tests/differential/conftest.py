"""Fixtures and parametrisation for the differential tests (cortexlog vs ProbLog).

Test modules cannot import each other under `--import-mode=importlib`, so the harness and
generator are loaded here by path and handed out through fixtures and parametrisation:

- `corpus_path`: every `programs/**/*.pl` (id: path under programs/);
- `generated`: every program of `generator.generate_all()` (id: family-seed);
- `example_path`: every `examples/*.pl` without `nn(...)` (id: file name).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _load_harness() -> ModuleType:
    name = "_cortexlog_differential_diff_harness"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("diff_harness.py")
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


HARNESS = _load_harness()
GENERATOR = HARNESS.load_sibling("generator")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise tests over corpus files, generated programs and examples."""
    h = HARNESS
    if "corpus_path" in metafunc.fixturenames:
        known = h.KNOWN_CORTEXLOG_FAILURES if "cortexlog_api" in metafunc.fixturenames else {}
        params = []
        for path in h.corpus_files():
            rel = path.relative_to(h.PROGRAMS_DIR).as_posix()
            marks = [pytest.mark.xfail(strict=True, reason=known[rel])] if rel in known else []
            params.append(pytest.param(path, id=rel, marks=marks))
        metafunc.parametrize("corpus_path", params)
    if "generated" in metafunc.fixturenames:
        programs = GENERATOR.generate_all()
        metafunc.parametrize("generated", programs, ids=[p.name for p in programs])
    if "example_path" in metafunc.fixturenames:
        examples = h.example_files()
        metafunc.parametrize("example_path", examples, ids=[p.name for p in examples])


@pytest.fixture
def harness() -> ModuleType:
    """The `diff_harness` module."""
    return HARNESS


@pytest.fixture
def generator_module() -> ModuleType:
    """The `generator` module."""
    return GENERATOR


@pytest.fixture
def cortexlog_api() -> Any:
    """`cortexlog.Program`; skips the test while the public API has not landed."""
    program_cls = HARNESS.cortexlog_program_class()
    if program_cls is None:
        pytest.skip("cortexlog.Program is not available yet")
    return program_cls
