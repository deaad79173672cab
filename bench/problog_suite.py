"""Agreement with ProbLog's own test suite: run ProbLog and cortexlog on every `test/*.pl`.

ProbLog's programs are not part of this repository. Extract them (with their data files:
CSV, SQLite, Python libraries) from a clone or mirror of ML-KULeuven/problog:

    git --git-dir=PATH/TO/problog/.git archive HEAD test | tar -x -C /tmp/problog-suite
    .venv/bin/python bench/problog_suite.py --suite /tmp/problog-suite/test

Each program runs in a child process per system (ProbLog 2.2 in-process, as
`tests/differential/diff_harness.py` does, and `cortexlog.Program.from_file(...).query()`)
with a timeout. One line per program:

- `agree`: the same answer terms (compared as terms: ProbLog's `'<'` is cortexlog's `<`),
  probabilities within 1e-6;
- `differ`: both answered, with the differences;
- `problog-error`: ProbLog raised (not counted: the suite's error tests);
- `cortexlog-error`: ProbLog answered, cortexlog raised a `CortexlogError` (its message);
- `cortexlog-crash`: cortexlog raised any other exception (a bug);
- `problog-timeout` / `cortexlog-timeout`.

The last line gives the totals: agreements out of the programs ProbLog answers. Exits with 1
when any program differs or crashes cortexlog.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import sys
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HARNESS_PATH = ROOT / "tests" / "differential" / "diff_harness.py"

# What a child reports: ("answers", {atom: p}) | ("error", message) | ("crash", message).
Report = tuple[str, Any]


def harness() -> ModuleType:
    """Load the differential harness by path (it is not an importable package).

    Returns:
        The `diff_harness` module.
    """
    name = "_cortexlog_differential_diff_harness"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HARNESS_PATH)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _child(system: str, path: str, conn: Connection) -> None:
    """Run one system on one file and send its report (runs in a child process)."""
    h = harness()
    try:
        if system == "problog":
            outcome = h.problog_file_outcome(Path(path))
        else:
            outcome = h.cortexlog_file_outcome(Path(path))
        if outcome.error is not None:
            message = f"{type(outcome.error).__name__}: {outcome.error}"
            report: Report = ("error", " ".join(message.split()))
        else:
            report = ("answers", outcome.answers)
    except BaseException as exc:  # noqa: BLE001 - a crash is reported, not raised
        report = ("crash", f"{type(exc).__name__}: {exc}")
    conn.send(report)
    conn.close()


def run_system(system: str, path: Path, timeout: float) -> Report:
    """Run `system` ("problog" or "cortexlog") on `path` in a child process.

    Args:
        system: which system.
        path: the program file.
        timeout: seconds before the child is terminated.

    Returns:
        The child's report, or `("timeout", seconds)`.
    """
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(system, str(path), sender), daemon=True)
    proc.start()
    sender.close()
    report: Report = ("timeout", timeout)
    if receiver.poll(timeout):
        try:
            report = receiver.recv()
        except EOFError:
            report = ("crash", f"child exited with code {proc.exitcode}")
    proc.join(1.0)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return report


def classify(path: Path, timeout: float) -> tuple[str, str]:
    """Compare both systems on one program.

    Args:
        path: the program file.
        timeout: per-system timeout in seconds.

    Returns:
        `(status, detail)` with status one of the labels of the module docstring.
    """
    oracle = run_system("problog", path, timeout)
    if oracle[0] == "timeout":
        return "problog-timeout", f"{timeout:g} s"
    if oracle[0] != "answers":
        return "problog-error", str(oracle[1])[:200]
    ours = run_system("cortexlog", path, timeout)
    if ours[0] == "timeout":
        return "cortexlog-timeout", f"{timeout:g} s"
    if ours[0] == "error":
        return "cortexlog-error", str(ours[1])
    if ours[0] == "crash":
        return "cortexlog-crash", str(ours[1])
    problems = harness().compare_answers(oracle[1], ours[1])
    if problems:
        return "differ", "; ".join(problems)
    return "agree", f"{len(oracle[1])} answers"


def main(argv: list[str] | None = None) -> int:
    """Run the suite and print one line per program and the totals.

    Args:
        argv: command-line arguments (`sys.argv[1:]` when None).

    Returns:
        The exit status: 1 when a program differs or crashes cortexlog, else 0.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, required=True, help="directory of test/*.pl")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per system")
    parser.add_argument("names", nargs="*", help="only these files (names in the suite)")
    args = parser.parse_args(argv)
    files = sorted(args.suite.glob("*.pl"))
    if args.names:
        files = [f for f in files if f.name in set(args.names)]
    if not files:
        parser.error(f"no *.pl files in {args.suite}")
    counts: Counter[str] = Counter()
    for path in files:
        status, detail = classify(path, args.timeout)
        counts[status] += 1
        print(f"{path.name}: {status}: {detail}", flush=True)
    answered = sum(n for s, n in counts.items() if not s.startswith("problog-"))
    summary = ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
    print(f"agree {counts['agree']} of {answered} programs ProbLog answers ({summary})")
    return 1 if counts["differ"] or counts["cortexlog-crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
