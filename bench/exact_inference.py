"""Exact inference: cortexlog vs ProbLog on programs of growing size, side by side.

Both systems run the full pipeline on the same program text (parse, ground, compile,
evaluate), ProbLog with its default evaluatable (SDD when pysdd is installed). Each system
lives in its own worker process, warmed up on a tiny program first so imports are not timed
(then one full garbage collection, else the first one after the imports lands on whichever
program happens to run then); a worker that exceeds the per-program timeout is killed
(reported as `timeout`) and restarted. `--whole-process` adds the command-line table of
`bench/startup.py` (`cortexlog query FILE` vs `problog FILE`, imports and start-up included).

Usage:
    .venv/bin/python bench/exact_inference.py [--quick] [--timeout SECONDS] [--only FAMILY]
        [--whole-process]

Prints one row per program (seconds per system, speed-up = ProbLog / cortexlog, and the largest
absolute difference between the two systems' answers) and a total over rows both finished.
Exits with 1 when the two systems' answers differ by more than 1e-6 on any program.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import multiprocessing as mp
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

WARMUP = "0.5::a. 0.5::b. c :- a, b. c :- \\+ a. query(c).\n"
SYSTEMS = ("problog", "cortexlog")


def run_problog(text: str) -> dict[str, float]:
    """ProbLog's full default pipeline on `text`; answers keyed by `str(term)`."""
    from problog import get_evaluatable
    from problog.program import PrologString

    return {str(k): float(v) for k, v in get_evaluatable().create_from(PrologString(text))
            .evaluate().items()}


def run_cortexlog(text: str) -> dict[str, float]:
    """cortexlog's full pipeline on `text` through the public API."""
    import cortexlog

    return {str(k): float(v) for k, v in cortexlog.Program.from_string(text).query().items()}


RUNNERS = {"problog": run_problog, "cortexlog": run_cortexlog}


def _worker(system: str, conn: Connection) -> None:
    """Serve `(text)` requests: reply `(seconds, answers, error)` for each."""
    runner = RUNNERS[system]
    runner(WARMUP)
    gc.collect()  # the first full collection after the imports is an import cost too
    conn.send("ready")
    while True:
        text = conn.recv()
        if text is None:
            return
        start = time.perf_counter()
        try:
            answers = runner(text)
            conn.send((time.perf_counter() - start, answers, None))
        except Exception as exc:  # noqa: BLE001 - reported in the table, never hidden
            conn.send((time.perf_counter() - start, None, f"{type(exc).__name__}: {exc}"))


class Worker:
    """A long-lived process running one system; restarted after a timeout.

    Args:
        system: `problog` or `cortexlog`.
    """

    def __init__(self, system: str) -> None:
        self.system = system
        self._ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self._conn, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker, args=(self.system, child), daemon=True)
        self._proc.start()
        if not self._conn.poll(300) or self._conn.recv() != "ready":
            raise RuntimeError(f"{self.system} worker failed to start")

    def run(self, text: str, timeout: float) -> tuple[float | None, dict[str, float] | None, str]:
        """Run one program; returns (seconds or None on timeout, answers, status)."""
        self._conn.send(text)
        if not self._conn.poll(timeout):
            self._proc.kill()
            self._proc.join()
            self._start()
            return None, None, "timeout"
        seconds, answers, error = self._conn.recv()
        return seconds, answers, "ok" if error is None else error

    def close(self) -> None:
        """Stop the worker process."""
        self._conn.send(None)
        self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()


def _load(name: str) -> Any:
    """Import the sibling script `bench/<name>.py` (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"_bench_{name}", Path(__file__).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _fmt(seconds: float | None, status: str) -> str:
    if status == "timeout":
        return "timeout"
    if status != "ok":
        return "error"
    assert seconds is not None
    return f"{seconds:.4f}"


def _ratio(problog_s: float, cortexlog_s: float) -> str:
    if not cortexlog_s:
        return "-"
    r = problog_s / cortexlog_s
    return f"{r:.1f}x" if r >= 1 else f"{r:.2f}x"


def _max_diff(a: dict[str, float] | None, b: dict[str, float] | None) -> str:
    if a is None or b is None:
        return "-"
    if set(a) != set(b):
        return "KEYS DIFFER"
    diff = max((abs(a[k] - b[k]) for k in a), default=0.0)
    return f"{diff:.1e}" + ("  MISMATCH" if diff > 1e-6 else "")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (seconds)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per program and system")
    parser.add_argument("--only", help="run one family (smokers, reachability, dice, digits)")
    parser.add_argument("--whole-process", action="store_true",
                        help="also time whole command-line runs (bench/startup.py)")
    args = parser.parse_args(argv)
    programs = [p for p in _load("programs").suite(args.quick) if args.only in (None, p.family)]

    from problog import get_evaluatable
    from problog.program import PrologString

    compiled = type(get_evaluatable().create_from(PrologString(WARMUP))).__name__
    print(f"ProbLog {get_evaluatable().__name__} compiles to {compiled}; "
          f"timeout {args.timeout:g}s per program and system")
    workers = {s: Worker(s) for s in SYSTEMS}
    header = f"{'program':<18}{'ProbLog s':>12}{'cortexlog s':>13}{'speed-up':>10}  max|diff|"
    print(header)
    print("-" * len(header))
    totals = dict.fromkeys(SYSTEMS, 0.0)
    problems: list[str] = []
    mismatches = 0
    try:
        for prog in programs:
            res = {s: workers[s].run(prog.text, args.timeout) for s in SYSTEMS}
            (tp, ap, sp), (tc, ac, sc) = res["problog"], res["cortexlog"]
            ratio = _ratio(tp, tc) if sp == sc == "ok" else "-"
            if sp == sc == "ok":
                totals["problog"] += tp
                totals["cortexlog"] += tc
            for system, status in (("ProbLog", sp), ("cortexlog", sc)):
                if status not in ("ok", "timeout"):
                    problems.append(f"{prog.name}: {system} error: {status[:300]}")
            diff = _max_diff(ap, ac)
            mismatches += "MISMATCH" in diff or "DIFFER" in diff
            print(f"{prog.name:<18}{_fmt(tp, sp):>12}{_fmt(tc, sc):>13}{ratio:>10}  {diff}",
                  flush=True)
    finally:
        for w in workers.values():
            w.close()
    print("-" * len(header))
    print(f"{'total (both ok)':<18}{totals['problog']:>12.3f}{totals['cortexlog']:>13.3f}"
          f"{_ratio(totals['problog'], totals['cortexlog']):>10}")
    for line in problems:
        print(line)
    if args.whole_process:
        print("\nwhole process (bench/startup.py):")
        mismatches += _load("startup").main(["--quick"] if args.quick else [])
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
