"""Build a model from a program and names (the edge where strings become values)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Struct
from cortexlog.train.examples import Example, read_utf8
from cortexlog.train.losses import trainable_semantics
from cortexlog.train.model import DEFAULT_MAX_PATTERNS, LogicModel
from cortexlog.train.tensors import TensorSource


def read_program(program: str | os.PathLike[str]) -> tuple[str, str]:
    """Return `(text, source name)` of a `.pl` path or of program text.

    Args:
        program: a path to a `.pl` file, or program text.

    Returns:
        The text and the name used in error locations.
    """
    text = str(program)
    if isinstance(program, os.PathLike) or (text.endswith(".pl") and "\n" not in text):
        return read_utf8(program, "program"), text
    return text, "<string>"


def parse_training_program(text: str, name: str) -> ProgramAST:
    """Parse a program for training; evidence is rejected with its location, not dropped.

    Args:
        text: the program.
        name: its name for error locations.

    Returns:
        The parsed program.
    """
    from cortexlog.language import parse

    ast = parse(text, name)
    if ast.evidence:
        raise CortexlogError(
            "evidence in a training program is not supported", ast.evidence[0].location,
            hint="state observations as examples instead (an atom with target 1.0, or "
            "`0.0::atom.` for one that is false) and remove the evidence statement",
        )
    return ast


def defined_predicates(ast: ProgramAST) -> set[tuple[str, int]]:
    """`(name, arity)` of every predicate with a clause, disjunction or neural head."""
    out: set[tuple[str, int]] = set()
    for c in ast.clauses:
        heads = ([h for _, h in c.heads] if isinstance(c, AnnotatedDisjunction)
                 else [c.head] if isinstance(c, Clause | NeuralAD) else [])
        out.update((h.functor, len(h.args)) for h in heads if isinstance(h, Struct))
    return out


def check_examples(ast: ProgramAST, examples: Sequence[Example], what: str) -> None:
    """Every example's predicate must be defined by the program.

    Args:
        ast: the program.
        examples: the examples.
        what: "training" or "test", for the message.
    """
    defined = defined_predicates(ast)
    for ex in examples:
        key = (ex.query.functor, len(ex.query.args))
        if key not in defined:
            near = sorted(f"{n}/{a}" for n, a in defined if n == key[0] or a == key[1])[:5]
            raise CortexlogError(
                f"{what} example {ex} uses {key[0]}/{key[1]}, which the program does not "
                "define", ex.location,
                hint=("defined with a similar name or arity: " + ", ".join(near)) if near
                else "define the predicate in the program or fix the example",
            )


def build_model(
    text: str, source_name: str, semantics: str = "probability",
    networks: Mapping[str, nn.Module] | None = None,
    sources: Mapping[str, TensorSource] | None = None,
    max_patterns: int = DEFAULT_MAX_PATTERNS,
    inference: str = "exact",
    seed: int = 0,
) -> LogicModel:
    """Parse the program and wrap it with its networks as a trainable model.

    Args:
        text: the program.
        source_name: its name for error locations.
        semantics: a trainable semantics name.
        networks: user modules by network name (the rest get defaults in `prepare`).
        sources: tensor sources by name.
        max_patterns: compiled shapes kept in memory.
        inference: `exact` or an approximate method such as `top-k:10`
            (`cortexlog.train.inference`).
        seed: seed of an approximate method's sampling.

    Returns:
        The model.
    """
    from cortexlog.train.inference import check_structure, get_inference

    structure, loss = trainable_semantics(semantics)
    method = get_inference(inference)
    check_structure(method, structure)
    ast = parse_training_program(text, source_name)
    model = LogicModel(ast, structure, loss, networks, sources, max_patterns)
    if not method.exact:
        from cortexlog.train.approximate import Approximator

        model.approx = Approximator(ast, method, seed)
    return model
