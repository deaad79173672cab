"""The language front-end: ProbLog / DeepProbLog text -> typed AST (`ProgramAST`).

See docs/language.md for the supported syntax.
"""

from cortexlog.language.program import parse, parse_file, parse_term
from cortexlog.language.terms import format_term

__all__ = ["format_term", "parse", "parse_file", "parse_term"]
