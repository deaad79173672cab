"""Training examples, DeepProbLog's convention: a ground query atom plus a target probability.

Tensors are referenced inside the atom as `tensor(SOURCE(INDEX))`. A *query file* holds
one example per clause, optionally annotated with its target:

    difference(tensor(train(3)), tensor(train(8)), 5).
    0.0::equal(tensor(train(1)), tensor(train(2))).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cortexlog.errors import CortexlogError, SourceLocation
from cortexlog.language import parse, parse_term
from cortexlog.language.ast import (
    AnnotatedDisjunction,
    Clause,
    Directive,
    Evidence,
    NeuralAD,
    ProgramAST,
)
from cortexlog.language.terms import Num, Struct, Term, format_term, is_ground


@dataclass(frozen=True)
class Example:
    """One training or test example.

    Attributes:
        query: the ground query atom (tensors as `tensor(SOURCE(INDEX))`).
        target: the probability the query should have (1.0: it holds).
        location: where it was read, for errors (None for examples built in Python).
    """

    query: Struct
    target: float = 1.0
    location: SourceLocation | None = None

    def __str__(self) -> str:
        prefix = "" if self.target == 1.0 else f"{self.target:g}::"
        return prefix + format_term(self.query)


def read_examples(path: str | os.PathLike[str]) -> list[Example]:
    """Read a query file: one ground atom per clause, `P::atom.` for a target P.

    Args:
        path: the file.

    Returns:
        The examples, in file order.
    """
    return parse_examples(read_utf8(path, "query file"), str(path))


def write_examples(path: str | os.PathLike[str], examples: Iterable[Example]) -> None:
    """Write a query file that `read_examples` reads back: one `[P::]atom.` per line.

    Args:
        path: the file.
        examples: the examples.
    """
    Path(path).write_text("".join(f"{e}.\n" for e in examples), encoding="utf-8")


def read_utf8(path: str | os.PathLike[str], what: str) -> str:
    """The text of a UTF-8 file; a missing file or bad byte is an error naming file and line.

    Args:
        path: the file.
        what: what the file is, for messages ("program", "query file").

    Returns:
        The text.
    """
    p = Path(path)
    if not p.is_file():
        raise CortexlogError(f"no such {what}: {p}", hint="check the path")
    raw = p.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CortexlogError(f"{p}:{line}: the {what} is not UTF-8 text",
                             hint="save the file as UTF-8") from None


def parse_examples(text: str, source_name: str = "<examples>") -> list[Example]:
    """Parse query-file text into examples.

    Args:
        text: one clause per example (`atom.` or `P::atom.`).
        source_name: the name used in error locations.

    Returns:
        The examples.

    >>> [str(e) for e in parse_examples("0.5::eq(tensor(t(0)), tensor(t(1))). p(1).")]
    ['0.5::eq(tensor(t(0)),tensor(t(1)))', 'p(1)']
    """
    ast = parse(text, source_name)
    _reject_other_statements(ast)
    return [_example(c) for c in ast.clauses]


def _reject_other_statements(ast: ProgramAST) -> None:
    others: list[Evidence | Directive] = [*ast.evidence, *ast.directives]
    if others:
        raise CortexlogError(
            "a query file holds examples only, not evidence or directives",
            others[0].location,
            hint="write one ground atom per line, optionally `P::atom.` with a target P",
        )


def _example(clause: Clause | AnnotatedDisjunction | NeuralAD) -> Example:
    loc = clause.location
    if not isinstance(clause, Clause) or clause.body != Struct("true"):
        raise CortexlogError(
            "expected one ground atom (optionally `P::atom`) per example",
            loc, hint="a query file holds facts such as `equal(tensor(train(1)), "
            "tensor(train(2))).`, not rules or disjunctions",
        )
    return make_example(clause.head, _target(clause.prob, loc), loc)


def _target(prob: Term | None, loc: SourceLocation | None) -> float:
    if prob is None:
        return 1.0
    if isinstance(prob, Num):
        return float(prob.value)
    from cortexlog.language.arith import ArithmeticError_, evaluate

    try:
        return float(evaluate(prob))
    except (ArithmeticError_, TypeError, ValueError):
        raise CortexlogError(f"the target {format_term(prob)} is not a number", loc,
                             hint="write P::atom with P a number in [0, 1]") from None


def make_example(query: Term, target: float = 1.0,
                 location: SourceLocation | None = None) -> Example:
    """Check and build one example.

    Args:
        query: a ground compound or atom.
        target: its probability, in [0, 1].
        location: where it came from.

    Returns:
        The example.
    """
    if not isinstance(query, Struct):
        raise CortexlogError(f"an example must be an atom, not {format_term(query)}", location)
    if not is_ground(query):
        raise CortexlogError(
            f"example {format_term(query)} has variables", location,
            hint="each example is a ground atom; the evaluation frees the output argument",
        )
    if not 0.0 <= target <= 1.0:
        raise CortexlogError(f"target {target:g} of {format_term(query)} is outside [0, 1]",
                             location, hint="targets are probabilities")
    return Example(query, float(target), location)


def as_examples(items: Iterable[Example | str | Term | tuple[str | Term, float]]) -> list[Example]:
    """Normalise Python-side examples: `Example`s, atom strings, terms, `(atom, target)` pairs.

    Args:
        items: the examples.

    Returns:
        The examples.

    >>> [str(e) for e in as_examples(["p(tensor(x(0)))", ("q(1)", 0.0)])]
    ['p(tensor(x(0)))', '0::q(1)']
    """
    out: list[Example] = []
    for item in items:
        atom, target = (item if isinstance(item, tuple) else (item, 1.0))
        if isinstance(atom, Example):
            out.append(atom)
        else:
            if isinstance(atom, str):
                atom = parse_term(atom.rstrip().rstrip("."), "<example>")
            out.append(make_example(atom, target))
    return out


def targets_all_one(examples: Sequence[Example]) -> bool:
    """True when every example's target is 1.0 (DeepProbLog's answer-accuracy mode)."""
    return all(e.target == 1.0 for e in examples)
