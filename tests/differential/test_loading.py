"""Differential tests of the loading directives (`consult/1`, `csv_load/2`, Python files).

The corpus runs programs from strings; these programs load files relative to their own
path, so both systems read them from `loading/` by path.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from types import ModuleType

import pytest

LOADING = Path(__file__).resolve().parent / "loading"


@pytest.mark.parametrize("name", ["consult_main.pl", "csv_main.pl", "python_main.pl"])
def test_loading_matches_problog(harness: ModuleType, name: str) -> None:
    """cortexlog's answers on a program that loads files equal ProbLog's to 1e-6."""
    from problog import get_evaluatable
    from problog.program import PrologFile

    import cortexlog

    path = LOADING / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = get_evaluatable().create_from(
            PrologFile(str(path)), propagate_evidence=True).evaluate()
    expected = {str(k): float(v) for k, v in result.items()}
    got = {k: float(v) for k, v in cortexlog.Program.from_file(path).query().items()}
    assert expected
    assert not harness.compare_answers(expected, got), (expected, got)


def test_missing_consulted_file_is_a_located_error(tmp_path: Path) -> None:
    """A file that does not exist is an error at the directive."""
    import cortexlog

    path = tmp_path / "main.pl"
    path.write_text("a.\n:- consult(nowhere).\nquery(a).\n", encoding="utf-8")
    with pytest.raises(cortexlog.CortexlogError) as info:
        cortexlog.Program.from_file(path).query()
    assert "consult/1: file not found" in str(info.value)
    assert "main.pl:2:1" in str(info.value)
