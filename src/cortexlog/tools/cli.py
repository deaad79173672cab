"""The `cortexlog ground|mpe|explain|compile|sample|lfi|dt|map` subcommands (ProbLog's
tasks, torch-free)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from cortexlog.grounding.ground_program import GroundProgram

COMMANDS = ("ground", "mpe", "explain", "compile", "sample", "lfi", "dt", "map")

_DESCRIPTIONS = {
    "ground": "Print the relevant ground program in ProbLog syntax (as `problog ground`).",
    "mpe": "Print the most probable world given the evidence: the queries' truth values "
    "(every choice atom when there is no query, `\\+atom` when false) and its probability, "
    "as `problog mpe`.",
    "explain": "Print the proofs of each query with their probabilities (as `problog "
    "explain`), then the queries' probabilities, or draw the proofs with --dot / --png. "
    "Evidence is ignored, as ProbLog does.",
    "compile": "Compile the queries and evidence into a circuit; print its size, or draw it "
    "with --dot / --png, its literals named by atoms.",
    "sample": "Sample possible worlds that satisfy the evidence (rejection sampling, as "
    "`problog sample`) and print each query's truth per world, or with --estimate the "
    "frequencies: Monte Carlo estimates of the query probabilities with standard errors.",
    "lfi": "Learn the t(...) parameters from interpretations (evidence files, examples "
    "separated by --- lines) by EM on the compiled circuits, as `problog lfi`: print the "
    "log-likelihood per iteration, the learned program, and problog lfi's result line.",
    "dt": "Decision-theoretic ProbLog, as `problog dt`: the decisions ?::atom that maximise "
    "the expected utility (utility/2), and that utility (SCORE).",
    "map": "MAP over the queried probabilistic facts, as `problog map`: the truth values "
    "that maximise the sum of P(q | evidence) over queries chosen true and 1 - P(q | "
    "evidence) over those chosen false, and that score.",
}


def make_parser(command: str) -> argparse.ArgumentParser:
    """The argument parser of one subcommand.

    Args:
        command: one of `COMMANDS`.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog=f"cortexlog {command}", description=_DESCRIPTIONS[command],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("file", help="the program (.pl)")
    if command != "compile":
        parser.add_argument("--format", choices=("text", "json"), default="text",
                            help="text (ProbLog's output format) or json")
    if command == "lfi":
        parser.add_argument("examples", nargs="+", metavar="EVIDENCE",
                            help="evidence files (examples separated by lines starting ---)")
        parser.add_argument("-n", dest="max_iter", type=int, default=10000,
                            help="the most EM iterations")
        parser.add_argument("-d", dest="min_improv", type=float, default=1e-10,
                            help="stop when the sum of log-parameters changes by at most this")
        parser.add_argument("-s", "--seed", type=int, default=0,
                            help="seed of the random starting values of t(_)")
        parser.add_argument("-O", "--output-model", metavar="FILE", default=None,
                            help="also write the learned program to this file")
    if command in ("dt", "map"):
        parser.add_argument("-s", "--search", choices=("exhaustive", "local"),
                            default="exhaustive", help="how strategies are searched")
        parser.add_argument("--max-decisions", type=int, default=16,
                            help="the most decisions an exhaustive search accepts (2^n "
                            "strategies)")
    if command == "sample":
        parser.add_argument("-N", "--samples", type=int, default=10, help="worlds to sample")
        parser.add_argument("--seed", type=int, default=0, help="random seed")
        parser.add_argument("--estimate", action="store_true",
                            help="print each query's frequency and its standard error")
    if command in ("ground", "explain", "compile"):
        parser.add_argument("--dot", action="store_true",
                            help="print the graph in graphviz DOT instead (to --out if given)")
        parser.add_argument("--out", metavar="FILE.dot", default=None,
                            help="write the DOT text to this file instead of stdout")
        parser.add_argument("--png", metavar="FILE.png", default=None,
                            help="render the graph to a PNG with graphviz's `dot` binary")
    return parser


def main(command: str, argv: list[str]) -> int:
    """Run one subcommand.

    Args:
        command: one of `COMMANDS`.
        argv: its arguments.

    Returns:
        The exit code (errors propagate as `CortexlogError` to `cortexlog.cli.main`).
    """
    ns = make_parser(command).parse_args(argv)
    from cortexlog.program import Program

    if command in ("lfi", "dt", "map"):
        from cortexlog.tools.tasks_cli import run_task

        return run_task(command, Program.from_file(ns.file).ast, ns)
    gp = Program.from_file(ns.file).ground()
    run: dict[str, Callable[[GroundProgram, argparse.Namespace], int]] = {
        "ground": _ground, "mpe": _mpe, "explain": _explain, "compile": _compile,
        "sample": _sample,
    }
    return run[command](gp, ns)


def _sample(gp: GroundProgram, ns: argparse.Namespace) -> int:
    from cortexlog.errors import CortexlogError
    from cortexlog.language.terms import format_query
    from cortexlog.tools.sample import estimate, sample_worlds

    if ns.samples < 1:
        raise CortexlogError(f"-N must be >= 1, got {ns.samples}", hint="pass -N 1000")
    worlds = sample_worlds(gp, ns.samples, ns.seed)
    if ns.estimate:
        est = estimate(worlds)
        text = "".join(f"{format_query(q)}: {p:.6g} +- {se:.2g}\n" for q, (p, se) in est.items())
        data: Any = {format_query(q): {"estimate": p, "stderr": se}
                     for q, (p, se) in est.items()}
        return _emit(text, data, ns.format)
    text = "".join("".join(f"{format_query(q)}: {str(v).lower()}\n" for q, v in w.items())
                   + "----\n" for w in worlds)
    return _emit(text, [{format_query(q): v for q, v in w.items()} for w in worlds], ns.format)


def _emit(text: str, data: Any, fmt: str) -> int:
    sys.stdout.write(json.dumps(data, indent=2) + "\n" if fmt == "json" else text)
    return 0


def _picture(dot_text: str, ns: argparse.Namespace) -> None:
    """Render the DOT text to --png, and write it to --out or (with --dot) stdout."""
    from cortexlog.tools.dot import render_png

    if ns.png is not None:
        render_png(dot_text, ns.png)
    if ns.dot or ns.out is not None:
        if ns.out is None:
            sys.stdout.write(dot_text)
        else:
            with open(ns.out, "w", encoding="utf-8") as f:
                f.write(dot_text)


def _ground(gp: GroundProgram, ns: argparse.Namespace) -> int:
    from cortexlog.tools.dot import ground_dot
    from cortexlog.tools.ground_text import ground_json, ground_text

    if ns.dot or ns.out or ns.png:
        _picture(ground_dot(gp), ns)
        return 0
    return _emit(ground_text(gp), ground_json(gp) if ns.format == "json" else None, ns.format)


def _mpe(gp: GroundProgram, ns: argparse.Namespace) -> int:
    from cortexlog.tools.mpe import most_probable_world

    result = most_probable_world(gp)
    return _emit(result.text(), result.json(), ns.format)


def _explain(gp: GroundProgram, ns: argparse.Namespace) -> int:
    from cortexlog.tools.explain import explain, explain_json, explain_text

    found = explain(gp)
    if ns.dot or ns.out or ns.png:
        from cortexlog.tools.dot import proofs_dot

        _picture(proofs_dot(found), ns)
        return 0
    return _emit(explain_text(found), explain_json(found), ns.format)


def _compile(gp: GroundProgram, ns: argparse.Namespace) -> int:
    from cortexlog.compile.dispatch import compile_ground_program
    from cortexlog.semantics import get_semantics
    from cortexlog.tools.dot import circuit_dot

    compiled = compile_ground_program(gp, get_semantics("probability"))
    if ns.dot or ns.out or ns.png:
        _picture(circuit_dot(compiled, gp), ns)
        return 0
    c = compiled.circuit
    print(f"circuit: {c.n_nodes} nodes, {c.n_edges} edges, {c.n_vars} variables, "
          f"{len(compiled.queries)} queries + evidence")
    return 0
