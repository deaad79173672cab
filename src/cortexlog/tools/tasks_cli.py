"""Running `cortexlog lfi`, `dt` and `map` from parsed arguments (see `tools.cli`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cortexlog.errors import CortexlogError
from cortexlog.language.ast import ProgramAST


def run_task(command: str, ast: ProgramAST, ns: argparse.Namespace) -> int:
    """Run one of the learning / decision subcommands and print its result.

    Args:
        command: "lfi", "dt" or "map".
        ast: the parsed program.
        ns: the parsed arguments (`tools.cli.make_parser(command)`).

    Returns:
        The exit code (errors propagate as `CortexlogError`).
    """
    if command == "lfi":
        text, data = _lfi(ast, ns)
    else:
        from cortexlog.tools.dt import decision_theoretic, maximum_a_posteriori

        if ns.max_decisions < 0:
            raise CortexlogError(f"--max-decisions must be >= 0, got {ns.max_decisions}")
        run = decision_theoretic if command == "dt" else maximum_a_posteriori
        result = run(ast, ns.search, ns.max_decisions)
        text, data = result.text(), result.json()
    sys.stdout.write(json.dumps(data, indent=2) + "\n" if ns.format == "json" else text)
    return 0


def problog_line(score: float, weights: list[float], names: list[str], iterations: int
                 ) -> str:
    """`problog lfi`'s result line: score, weights (8 decimals), names, iterations.

    >>> problog_line(-1.5, [0.6, 1/3], ["t(_)::a", "t(_)::b"], 12)
    '-1.5 [0.6, 0.33333333] [t(_)::a, t(_)::b] 12'
    """
    return (f"{score!r} {[round(w, 8) for w in weights]!r} [{', '.join(names)}] "
            f"{iterations}")


def _lfi(ast: ProgramAST, ns: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    from cortexlog.tools.lfi import learn
    from cortexlog.tools.lfi_io import learned_model, names, read_examples

    if ns.max_iter < 1:
        raise CortexlogError(f"-n must be >= 1, got {ns.max_iter}", hint="pass -n 100")
    result = learn(ast, read_examples(ns.examples), ns.max_iter, ns.min_improv, ns.seed)
    model = learned_model(ast, result.weights)
    params = names(ast, result.weights)
    weights = [result.weights[param] for _, param, _ in params]
    if ns.output_model is not None:
        try:
            with open(ns.output_model, "w", encoding="utf-8") as f:
                f.write(model)
        except OSError as exc:
            raise CortexlogError(f"cannot write {ns.output_model}: {exc}") from None
    lines = [f"% iteration {i}: log-likelihood {ll!r}"
             for i, ll in enumerate(result.curve, 1)]
    if result.ignored:
        lines.append(f"% {result.ignored} example(s) with evidence of probability 0 ignored")
    lines.append(model.rstrip("\n"))
    lines.append("% " + problog_line(result.score, weights, [n for n, _, _ in params],
                                     result.iterations))
    data = {
        "score": result.score, "iterations": result.iterations,
        "log_likelihood": list(result.curve),
        "weights": [[n, w, loc.line, loc.col] for (n, _, loc), w in
                    zip(params, weights, strict=True)],
        "model": model, "ignored_examples": result.ignored,
    }
    return "".join(f"{x}\n" for x in lines), data
