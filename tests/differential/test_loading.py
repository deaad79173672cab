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


def _database(path: Path) -> None:
    """A small SQLite database: edge(From, To, P) with numbers, person(Name) with text."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE edge (a INTEGER, b INTEGER, p REAL)")
    conn.executemany("INSERT INTO edge VALUES (?, ?, ?)",
                     [(1, 2, 0.5), (2, 3, 0.25), (1, 3, 0.1), (3, 1, 0.9)])
    conn.execute("CREATE TABLE person (name TEXT)")
    conn.executemany("INSERT INTO person VALUES (?)", [("ann",), ("bob",)])
    conn.commit()
    conn.close()


SQLITE_PROGRAM = """:- use_module(library(db)).
:- sqlite_load('data.sqlite').
P::e(X, Y) :- edge(X, Y, P).
path(X, Y) :- e(X, Y).
path(X, Y) :- e(X, Z), path(Z, Y).
query(path(1, _)).
query(edge(_, 3, _)).
"""


def test_sqlite_load_matches_problog(tmp_path: Path, harness: ModuleType) -> None:
    """Every table becomes facts; numeric tables give ProbLog's answers to 1e-6."""
    _database(tmp_path / "data.sqlite")
    path = tmp_path / "main.pl"
    path.write_text(SQLITE_PROGRAM, encoding="utf-8")
    expected = harness.problog_file_outcome(path).answers
    got = harness.cortexlog_file_outcome(path).answers
    assert expected and got is not None
    assert not harness.compare_answers(expected, got), (expected, got)


def test_sqlite_load_text_values_are_atoms(tmp_path: Path) -> None:
    """Text values are plain atoms (as csv_load's): person(ann) holds."""
    import cortexlog

    _database(tmp_path / "data.sqlite")
    path = tmp_path / "main.pl"
    path.write_text(":- use_module(library(db)).\n:- sqlite_load('data.sqlite').\n"
                    "query(person(ann)). query(person(carl)).\n", encoding="utf-8")
    assert cortexlog.Program.from_file(path).query() == {"person(ann)": 1.0,
                                                         "person(carl)": 0.0}


def test_sqlite_load_errors_are_located(tmp_path: Path) -> None:
    """A missing database, a file that is no database, no library(db): located errors."""
    import cortexlog

    path = tmp_path / "main.pl"
    (tmp_path / "bad.sqlite").write_text("not a database", encoding="utf-8")
    cases = [
        (":- use_module(library(db)).\n:- sqlite_load('none.sqlite').\n",
         "main.pl:2:1", "sqlite_load/1: file not found"),
        (":- use_module(library(db)).\n:- sqlite_load('bad.sqlite').\n",
         "main.pl:2:1", "sqlite_load: cannot read"),
        (":- sqlite_load('bad.sqlite').\n", "main.pl:1:1", "sqlite_load/1 needs library(db)"),
    ]
    for text, where, message in cases:
        path.write_text(text + "a.\nquery(a).\n", encoding="utf-8")
        with pytest.raises(cortexlog.CortexlogError) as info:
            cortexlog.Program.from_file(path).query()
        assert where in str(info.value) and message in str(info.value)
