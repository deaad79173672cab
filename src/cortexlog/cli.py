"""The `cortexlog` command: `query`, ProbLog's tasks (`ground`, `mpe`, `explain`,
`compile`, `sample`, `lfi`, `dt`, `map`), `train`, `data` and `experiment` subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cortexlog.errors import CortexlogError

USAGE = """usage: cortexlog COMMAND [options]

commands:
  query FILE.pl [--semantics NAME]   answer the program's queries, one `atom: value` per line
                                     (with mpe, then the most probable world)
  train [FILE.pl] [options]          train neural predicates through the logic (see --help)
  ground FILE.pl [--dot|--png F]     print the relevant ground program in ProbLog syntax
  mpe FILE.pl                        the most probable world given the evidence
  explain FILE.pl [--dot|--png F]    the proofs of each query, with their probabilities
  compile FILE.pl [--dot|--png F]    compile to a circuit; draw it with atom names
  sample FILE.pl [-N K] [--estimate] sample worlds: query truths, or their frequencies
  lfi FILE.pl EVIDENCE... [-n N]     learn t(_) parameters from interpretations (EM)
  dt FILE.pl [-s local]              the best ?:: decisions for the utility/2 facts
  map FILE.pl [-s local]             MAP truth values of the queried probabilistic facts
  data TASK --out DIR                write a built-in task's program and query files
  experiment NAME [options]          run a brain-inspired reproduction (--list names them)

options:
  -h, --help     show this message
  -V, --version  print the installed version
"""


def version() -> str:
    """The installed cortexlog version (the package metadata, else `cortexlog.__version__`)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("cortexlog")
    except PackageNotFoundError:  # running from a source tree that is not installed
        from cortexlog import __version__

        return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code.

    Args:
        argv: the arguments after the program name (defaults to `sys.argv[1:]`).

    Returns:
        0 on success, 1 on a user error (printed as `file:line:col: error: ...`), 2 on usage.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0 if args else 2
    if args[0] in ("-V", "--version"):
        print(f"cortexlog {version()}")
        return 0
    command, rest = args[0], args[1:]
    try:
        if command == "query":
            return _query(rest)
        if command in ("ground", "mpe", "explain", "compile", "sample", "lfi", "dt", "map"):
            from cortexlog.tools.cli import main as tools_main

            return tools_main(command, rest)
        if command == "train":
            from cortexlog.tasks.preset import task_preset
            from cortexlog.train.cli import main as train_main

            return train_main(rest, task_preset)
        if command == "data":
            from cortexlog.tasks.cli import main as data_main

            return data_main(rest)
        if command == "experiment":
            from cortexlog.experiments.cli import main as experiment_main

            return experiment_main(rest)
    except CortexlogError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    print(f"cortexlog: unknown command {command!r}\n\n{USAGE}", file=sys.stderr, end="")
    return 2


def _query(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="cortexlog query", description="Answer a program's queries."
    )
    parser.add_argument("file", help="the program (.pl)")
    parser.add_argument(
        "--semantics", default="probability",
        help="algebraic structure: probability (default), logprob, mpe, boolean, godel, "
        "product, lukasiewicz, possibilistic; mpe then prints the most probable world",
    )
    parser.add_argument(
        "--cycles", default="unroll", choices=("unroll", "break"),
        help="how the fuzzy logics read positive cycles: unroll = fixpoint iteration "
        "(default), break = ProbLog-style cycle breaking (docs/semantics.md)",
    )
    ns = parser.parse_args(argv)
    from cortexlog.program import Program

    program = Program.from_file(ns.file)
    answers = program.query(semantics=ns.semantics, cycles=ns.cycles)
    for atom in sorted(answers):
        print(f"{atom}: {_format_value(answers[atom])}")
    if ns.semantics == "mpe":  # the world itself, as `cortexlog mpe` prints it
        from cortexlog.tools.mpe import most_probable_world

        print("% the most probable world (as `cortexlog mpe`):")
        print(most_probable_world(program.ground()).text(), end="")
    return 0


def _format_value(value: float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:.8g}"


if __name__ == "__main__":
    raise SystemExit(main())
