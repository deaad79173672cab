"""MkDocs hook: write the command-line reference (cli.md) from the CLI's own parsers.

Nothing is copied by hand: `cortexlog train` comes from `cortexlog.train.cli.make_parser`,
and the commands whose parsers are built inside their `main` (the top level, `query`,
ProbLog's tasks `ground`/`mpe`/`explain`/`compile`, `experiment NAME`) from running their
`--help` in-process. So the page always matches the installed code.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import File, Files

PAGE = "cli.md"
WIDTH = "96"  # argparse wraps to $COLUMNS: fixed, so the page does not depend on the terminal


TASKS = {
    "ground": "Prints the relevant ground program in ProbLog syntax, as `problog ground`.",
    "mpe": "Prints the most probable world given the evidence, as `problog mpe`.",
    "explain": "Prints the proofs of each query with their probabilities, as "
    "`problog explain`; `--dot`/`--png` draw them.",
    "compile": "Compiles the program to a circuit; `--dot`/`--png` draw it with atom names.",
    "sample": "Samples worlds that satisfy the evidence, as `problog sample`; `--estimate` "
    "prints each query's frequency and standard error.",
    "lfi": "Learns the `t(...)` parameters from interpretations by EM, as `problog lfi`.",
    "dt": "Finds the best `?::` decisions for the `utility/2` facts, as `problog dt`.",
    "map": "MAP truth values of the queried probabilistic facts, as `problog map`.",
}


def _capture(run: Callable[[], Any]) -> str:
    out = io.StringIO()
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            run()
    finally:
        if old is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = old
    text = out.getvalue().rstrip()
    if not text:
        raise RuntimeError("a --help printed nothing: the CLI reference would be empty")
    return text


def _block(text: str) -> str:
    return f"```text\n{text}\n```\n"


def render() -> str:
    """The whole page, as Markdown."""
    from cortexlog.cli import main
    from cortexlog.experiments.registry import EXPERIMENTS
    from cortexlog.train.cli import make_parser

    parts = [
        "# Command line\n",
        "Generated from the parsers of the installed code when the site is built. "
        "`python -m cortexlog` is the same command as `cortexlog`.\n",
        "## cortexlog\n", _block(_capture(lambda: main(["--help"]))),
        "## cortexlog query\n",
        "Answers a program's queries, one `atom: value` per line, sorted by atom. "
        "Exit code 0, or 1 with a `file:line:col: error: ...` message.\n",
        _block(_capture(lambda: main(["query", "--help"]))),
    ]
    for command, summary in TASKS.items():
        parts += [f"## cortexlog {command}\n", f"{summary} See [ProbLog's tasks](tasks.md).\n",
                  _block(_capture(lambda c=command: main([c, "--help"])))]
    parts += [
        "## cortexlog train\n",
        "Trains the neural predicates of a program through its logic; the last line printed "
        "is `test accuracy: X`. See [Neural predicates and training](training.md).\n",
        _block(_capture(lambda: make_parser().print_help())),
        "## cortexlog data\n",
        "Writes a built-in task's `program.pl`, `train.pl` and `test.pl` and prints the "
        "`cortexlog train` command that trains on them.\n",
        _block(_capture(lambda: main(["data", "--help"]))),
        "## cortexlog experiment\n",
        "Runs a brain-inspired reproduction; `--list` names them. The last line printed is "
        "`test accuracy: X`; results are in [Experiments](experiments.md).\n",
        _block(_capture(lambda: main(["experiment", "--list"]))),
    ]
    for name, exp in EXPERIMENTS.items():
        parts += [f"### cortexlog experiment {name}\n", f"{exp.summary}.\n",
                  _block(_capture(lambda n=name: main(["experiment", n, "--help"])))]
    return "\n".join(parts)


def on_files(files: Files, config: Any) -> Files:
    """Add the generated page to the site (it never exists on disk)."""
    files.append(File.generated(config, PAGE, content=render()))
    return files
