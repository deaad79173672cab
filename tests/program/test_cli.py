"""`cortexlog query` end to end: output format, ordering, semantics flag and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cortexlog.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_query_prints_sorted_atom_value_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "p.pl"
    f.write_text("0.5::b. 0.25::a. add([a,b],[c,d],49). query(b). query(a).\n"
                 "query(add(_,_,_)).\n")
    code, out, _ = _run(["query", str(f)], capsys)
    assert code == 0
    assert out.splitlines() == ["a: 0.25", "add([a, b],[c, d],49): 1", "b: 0.5"]


def test_query_semantics_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.pl"
    f.write_text("0.3::a. 0.6::b. c :- a, b. query(c).\n")
    code, out, _ = _run(["query", str(f), "--semantics", "godel"], capsys)
    assert (code, out) == (0, "c: 0.3\n")


def test_syntax_error_names_file_line_col(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.pl"
    f.write_text("a.\nb :- a\n")
    code, out, err = _run(["query", str(f)], capsys)
    assert code == 1 and out == ""
    assert err.startswith(f"{f}:2:")
    assert "Traceback" not in err


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["query", "/nonexistent/x.pl"], capsys)
    assert code == 1 and "no such file" in err


def test_unknown_command_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["frobnicate"], capsys)[0] == 2
    code, out, _ = _run(["--help"], capsys)
    assert code == 0 and "query FILE.pl" in out


def test_query_mpe_also_prints_the_world_as_the_mpe_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "p.pl"
    f.write_text("0.4::a. 0.3::b. c :- a. c :- b. evidence(c). query(a). query(b).\n")
    code, out, _ = _run(["query", str(f), "--semantics", "mpe"], capsys)
    # by hand: worlds with c are ab 0.12, a~b 0.28, ~ab 0.18; the best is a, not b
    assert code == 0
    assert out.splitlines() == ["a: 0.28", "b: 0.18",
                                "% the most probable world (as `cortexlog mpe`):",
                                "a", "\\+b", "% Probability: 0.28"]
    assert _run(["mpe", str(f)], capsys)[1] == out.split("`cortexlog mpe`):\n", 1)[1]
    # the other semantics print the values only
    assert _run(["query", str(f), "--semantics", "probability"], capsys)[1].count("\n") == 2
