"""Differential tests on the repository's examples/*.pl, through the API and the CLI."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def test_examples_found(harness: ModuleType) -> None:
    """The examples directory has programs to check."""
    assert harness.example_files()


def test_example_matches_problog(
    harness: ModuleType, cortexlog_api: Any, example_path: Path
) -> None:
    """`Program.from_file(...).query()` equals ProbLog on every example."""
    expected = harness.problog_outcome(example_path.read_text(encoding="utf-8"))
    assert expected.error is None, f"ProbLog failed on {example_path.name}: {expected.error}"
    got = cortexlog_api.from_file(example_path).query()
    problems = harness.compare_answers(expected.answers, {str(k): v for k, v in got.items()})
    assert not problems, f"{example_path.name}:\n  " + "\n  ".join(problems)


def test_example_cli_matches_problog(
    harness: ModuleType,
    cortexlog_api: Any,
    example_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`cortexlog query FILE.pl` prints `atom: probability` lines, sorted, equal to ProbLog."""
    from cortexlog.cli import main

    expected = harness.problog_outcome(example_path.read_text(encoding="utf-8"))
    assert expected.error is None
    code = main(["query", str(example_path)])
    out = capsys.readouterr().out
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip()]
    atoms = [line.rsplit(": ", 1)[0] for line in lines]
    assert atoms == sorted(atoms), f"CLI output is not sorted:\n{out}"
    got = {atom: float(line.rsplit(": ", 1)[1]) for atom, line in zip(atoms, lines, strict=True)}
    problems = harness.compare_answers(expected.answers, got, tol=1e-6)
    assert not problems, f"{example_path.name} (CLI):\n  " + "\n  ".join(problems)
