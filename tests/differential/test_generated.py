"""Differential tests on randomly generated programs (fixed seeds), cortexlog vs ProbLog."""

from __future__ import annotations

from types import ModuleType
from typing import Any


def test_generator_is_deterministic(generator_module: ModuleType) -> None:
    """The same (family, seed) always yields the same program text."""
    for family in generator_module.FAMILIES:
        assert generator_module.generate(family, 7) == generator_module.generate(family, 7)


def test_enough_generated_programs_are_consistent(
    harness: ModuleType, generator_module: ModuleType
) -> None:
    """At least 300 programs, and ProbLog answers (no inconsistent evidence) >= 95% of them."""
    programs = generator_module.generate_all()
    assert len(programs) >= 300
    answered = sum(harness.problog_outcome(p.text).error is None for p in programs)
    assert answered >= 0.95 * len(programs)


def test_generated_matches_problog(harness: ModuleType, cortexlog_api: Any, generated: Any) -> None:
    """cortexlog's answers equal ProbLog's to 1e-6 (or both raise on inconsistent evidence)."""
    harness.check_program(generated.text, f"<generated {generated.name}>")
