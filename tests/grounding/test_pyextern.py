"""Python-defined builtins (`:- use_module('lib.py').`): answers, errors, no ProbLog needed.

The agreement with ProbLog is checked by `tests/differential/test_loading.py`
(`python_main.pl`); these tests check hand-computed answers and the located errors.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cortexlog

LIB = """
from problog.extern import problog_export, problog_export_nondet

@problog_export("+int", "+int", "-int")
def add(a, b):
    return a + b

@problog_export_nondet("+int", "-int")
def upto(n):
    return range(1, n + 1)

@problog_export("+int", "-int")
def boom(a):
    return 1 // 0

@problog_export("+int", "-str")
def not_a_str(a):
    return a
"""


def _program(tmp_path: Path, body: str, lib: str = LIB) -> Path:
    (tmp_path / "lib.py").write_text(textwrap.dedent(lib), encoding="utf-8")
    path = tmp_path / "main.pl"
    path.write_text(":- use_module('lib.py').\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def _query(path: Path) -> dict[str, float | bool]:
    return cortexlog.Program.from_file(path).query()


def test_answers_by_hand(tmp_path: Path) -> None:
    """add/3 is deterministic, upto/2 gives one solution per value, both under a fact."""
    path = _program(tmp_path, """
        0.5::c.
        s(X) :- c, upto(3, Y), add(Y, 10, X).
        query(s(_)). query(add(1, 2, 3)). query(add(1, 2, 4)).
    """)
    assert _query(path) == pytest.approx(
        {"s(11)": 0.5, "s(12)": 0.5, "s(13)": 0.5, "add(1,2,3)": 1.0, "add(1,2,4)": 0.0})


def test_program_given_as_string_resolves_from_cwd(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A program without a file finds the Python file in the working directory."""
    _program(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    answers = cortexlog.Program.from_string(
        ":- use_module('lib.py').\nquery(add(2, 2, _)).").query()
    assert answers == {"add(2,2,4)": 1.0}


@pytest.mark.parametrize(("body", "message"), [
    ("query(add(X, 1, _)).", "instantiation error: an input argument (int) is unbound"),
    ("query(add(a, 1, _)).", "type error: expected int, got the atom a"),
    ("query(boom(1, _)).", "the Python function boom raised ZeroDivisionError"),
    ("query(not_a_str(1, _)).", "returned 1 for a str output"),
])
def test_call_errors_are_located(tmp_path: Path, body: str, message: str) -> None:
    """A bad call or a failing function is a located GroundingError, never a traceback."""
    path = _program(tmp_path, body)
    with pytest.raises(cortexlog.CortexlogError) as info:
        _query(path)
    assert message in str(info.value)
    assert "main.pl:2:" in str(info.value)


def test_file_errors_are_located(tmp_path: Path) -> None:
    """A missing file, a file that raises, an unknown type: errors at the directive."""
    path = tmp_path / "main.pl"
    path.write_text("a.\n:- use_module('none.py').\nquery(a).\n", encoding="utf-8")
    with pytest.raises(cortexlog.CortexlogError, match="use_module/1: file not found"):
        _query(path)
    raising = _program(tmp_path, "query(add(1, 1, _)).", "raise RuntimeError('no')\n")
    with pytest.raises(cortexlog.CortexlogError, match=r"main.pl:1:1: .*RuntimeError: no"):
        _query(raising)
    bad_type = _program(tmp_path, "query(f(1)).", """
        from problog.extern import problog_export
        @problog_export("+obj")
        def f(x):
            return x
    """)
    with pytest.raises(cortexlog.CortexlogError, match="unsupported argument type '\\+obj'"):
        _query(bad_type)


def test_without_problog_installed(tmp_path: Path) -> None:
    """`from problog.extern import ...` works when ProbLog cannot be imported at all."""
    path = _program(tmp_path, "query(add(1, 2, _)).")
    script = textwrap.dedent(f"""
        import sys
        class NoProbLog:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] == 'problog':
                    raise ImportError('no problog here')
        sys.meta_path.insert(0, NoProbLog())
        import cortexlog
        print(cortexlog.Program.from_file({str(path)!r}).query())
        assert 'problog' not in sys.modules
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120)
    assert "'add(1,2,3)': 1.0" in out.stdout


def test_problog_extern_is_restored(tmp_path: Path) -> None:
    """After loading, `problog.extern` is ProbLog's own module again (when installed)."""
    pytest.importorskip("problog")
    import problog
    import problog.extern

    before = sys.modules["problog.extern"]
    assert _query(_program(tmp_path, "query(add(1, 2, _)).")) == {"add(1,2,3)": 1.0}
    assert sys.modules["problog.extern"] is before
    assert problog.extern is before
    assert before.__name__ == "problog.extern"
