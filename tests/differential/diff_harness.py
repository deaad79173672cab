"""Differential-testing harness: run a program through ProbLog (the oracle) and cortexlog.

ProbLog runs in-process with the `problog` command's pipeline (parse, ground with evidence
propagation, compile to SDD when pysdd is installed, evaluate). Answers of both systems are
`{query atom as cortexlog writes it: P}`: ProbLog's answer terms are converted, so the two
are compared term by term, not by spelling (`answer_key`).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
PROGRAMS_DIR = HERE / "programs"
REPO_ROOT = HERE.parent.parent
EXAMPLES_DIR = REPO_ROOT / "examples"
TOLERANCE = 1e-6

# Corpus programs on which cortexlog is known to disagree with ProbLog (path under programs/:
# reason). Their differential test is `xfail(strict=True)`: fixing the bug turns CI red until
# the entry is removed here.
KNOWN_CORTEXLOG_FAILURES: dict[str, str] = {}


@dataclass(frozen=True)
class Outcome:
    """What one system did with a program: answers, or the error it raised.

    Args:
        answers: `{atom: probability}` when the system answered.
        error: the exception it raised otherwise.
    """

    answers: dict[str, float] | None
    error: BaseException | None = None


def load_sibling(name: str) -> ModuleType:
    """Import `tests/differential/<name>.py` under a unique module name (no sys.path edits).

    Args:
        name: the module's file stem, e.g. `"generator"`.

    Returns:
        The loaded module (cached in `sys.modules`).
    """
    full = f"_cortexlog_differential_{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.spec_from_file_location(full, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module


@functools.lru_cache(maxsize=1024)
def problog_outcome(text: str) -> Outcome:
    """Run ProbLog in-process on `text` (cached: the oracle is deterministic).

    Args:
        text: the program.

    Returns:
        ProbLog's answers keyed by `answer_key(term)`, or the exception it raised.
    """
    from problog.program import PrologString

    return _problog_evaluate(lambda: PrologString(text))


def problog_file_outcome(path: Path) -> Outcome:
    """Run ProbLog in-process on a program file (its loads are relative to the file).

    Args:
        path: the `.pl` file.

    Returns:
        ProbLog's answers keyed by `answer_key(term)`, or the exception it raised.
    """
    from problog.program import PrologFile

    return _problog_evaluate(lambda: PrologFile(str(path)))


def _problog_evaluate(read: Callable[[], Any]) -> Outcome:
    """Evaluate the program `read()` gives as the `problog` command does.

    Args:
        read: makes ProbLog's program object (parsing may already raise).

    Returns:
        ProbLog's answers keyed by `answer_key(term)`, or the exception it raised.
    """
    from problog import get_evaluatable

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # propagate_evidence=True: what the `problog` command does by default (it omits
            # answers of non-ground queries that the evidence rules out).
            result = (
                get_evaluatable().create_from(read(), propagate_evidence=True).evaluate()
            )
    except Exception as exc:  # noqa: BLE001 - any ProbLog failure makes this an error test
        return Outcome(None, exc)
    answers = {answer_key(k): float(v) for k, v in result.items()}
    if len(answers) < len(result):  # two spellings ProbLog keeps apart, e.g. '[]' and []
        answers = {str(k): float(v) for k, v in result.items()}
    return Outcome(answers)


def answer_key(term: Any) -> str:
    """Write a ProbLog answer term as cortexlog writes the same term.

    ProbLog prints terms by their source spelling (`'<'` from compare/3, `(d, e); f` as an
    argument, which no Prolog reads back); cortexlog writes standard Prolog. Comparing the
    terms, not the spellings, keeps both honest: a different atom still differs.

    Args:
        term: a ProbLog `Term`.

    Returns:
        cortexlog's text of the same term.
    """
    from cortexlog.language.terms import format_query

    return format_query(_from_problog(term))


def _from_problog(term: Any) -> Any:
    """Convert a ProbLog term (Term, Constant, Var or a variable slot) to cortexlog's."""
    from problog.logic import Constant
    from problog.logic import Var as ProblogVar

    from cortexlog.language.terms import Num, Str, Struct, Var

    if term is None:
        return Var("_")
    if type(term) is int:  # ProbLog's variable slot, printed as it prints it (term2str)
        return Var(f"X{-term}" if term < 0 else f"A{term + 1}")
    if isinstance(term, (Constant, float, str)):
        value = term.value if isinstance(term, Constant) else term
        if isinstance(value, str):
            if len(value) >= 2 and value[0] == value[-1] == '"':
                return Str(value[1:-1])
            return Struct(_atom_name(value))
        return Num(value)
    if isinstance(term, ProblogVar):
        return Var(str(term.name))
    return Struct(_atom_name(term.functor), tuple(_from_problog(a) for a in term.args))


def _atom_name(functor: str) -> str:
    """The name of a ProbLog functor: ProbLog keeps a quoted atom's quotes around its text."""
    if len(functor) >= 2 and functor[0] == functor[-1] == "'":
        return functor[1:-1]
    return functor


def cortexlog_file_outcome(path: Path) -> Outcome:
    """Run cortexlog's public API on a program file.

    Args:
        path: the `.pl` file.

    Returns:
        cortexlog's answers, or the `CortexlogError` it raised (other exceptions propagate).
    """
    import cortexlog

    try:
        answers = cortexlog.Program.from_file(path).query()
    except cortexlog.CortexlogError as exc:
        return Outcome(None, exc)
    return Outcome({str(k): float(v) for k, v in answers.items()})


def cortexlog_program_class() -> Any | None:
    """Return `cortexlog.Program`, or None while the public API has not landed."""
    import cortexlog

    return getattr(cortexlog, "Program", None)


def cortexlog_outcome(text: str, source_name: str = "<string>") -> Outcome:
    """Run cortexlog's public API on `text`.

    Args:
        text: the program.
        source_name: name used in cortexlog's error locations.

    Returns:
        cortexlog's answers, or the `CortexlogError` it raised. Any other exception propagates:
        a crash is a bug, never an expected outcome.
    """
    import cortexlog

    program_cls = cortexlog_program_class()
    assert program_cls is not None, "cortexlog.Program is not available"
    try:
        answers = program_cls.from_string(text, source_name=source_name).query()
    except cortexlog.CortexlogError as exc:
        return Outcome(None, exc)
    return Outcome({str(k): float(v) for k, v in answers.items()})


def compare_answers(
    expected: dict[str, float], got: dict[str, float], tol: float = TOLERANCE
) -> list[str]:
    """List every difference between two answer dictionaries (empty when they agree).

    Args:
        expected: the oracle's answers.
        got: cortexlog's answers.
        tol: absolute tolerance on each probability.

    Returns:
        Human-readable mismatch lines.
    """
    problems: list[str] = []
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    if missing:
        problems.append(f"missing queries (ProbLog has them): {missing}")
    if extra:
        problems.append(f"unexpected queries (ProbLog lacks them): {extra}")
    for key in sorted(set(expected) & set(got)):
        e, g = expected[key], got[key]
        if not (math.isfinite(g) and abs(e - g) <= tol):
            problems.append(f"{key}: ProbLog {e!r} vs cortexlog {g!r} (diff {abs(e - g):.3g})")
    return problems


def check_program(text: str, source_name: str) -> None:
    """Assert that cortexlog agrees with ProbLog on `text` (or both reject it).

    Args:
        text: the program.
        source_name: name for error messages.
    """
    import cortexlog

    oracle = problog_outcome(text)
    ours = cortexlog_outcome(text, source_name)
    if oracle.error is not None:
        assert ours.error is not None, (
            f"{source_name}: ProbLog raised {type(oracle.error).__name__}: {oracle.error}; "
            f"cortexlog should raise a CortexlogError but answered {ours.answers}"
        )
        assert isinstance(ours.error, cortexlog.CortexlogError)
        return
    assert ours.answers is not None, (
        f"{source_name}: ProbLog answered {oracle.answers}, cortexlog raised: {ours.error}"
    )
    assert oracle.answers is not None
    problems = compare_answers(oracle.answers, ours.answers)
    assert not problems, f"{source_name}:\n  " + "\n  ".join(problems)


def corpus_files() -> list[Path]:
    """Return every hand-written corpus program, sorted."""
    return sorted(PROGRAMS_DIR.rglob("*.pl"))


def example_files() -> list[Path]:
    """Return the repository's `examples/*.pl` without neural (`nn(...)`) declarations."""
    return [
        p for p in sorted(EXAMPLES_DIR.glob("*.pl")) if "nn(" not in p.read_text(encoding="utf-8")
    ]
