"""A query shape compiled for training: its pattern and how to read its columns and inputs."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import torch

from cortexlog.errors import CortexlogError, GroundingError
from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Term
from cortexlog.neural.calls import source_name
from cortexlog.neural.pattern import QueryPattern
from cortexlog.semantics.structure import AlgebraicStructure
from cortexlog.train.answers import ANSWER_LIMIT
from cortexlog.train.constants import constant_source
from cortexlog.train.shapes import Shape, placeholder
from cortexlog.train.sharing import canonical_sources, structure_key


@dataclass
class CompiledShape:
    """A shape's compiled pattern and how to read its columns.

    Attributes:
        pattern: the compiled query pattern.
        answer_col: output term -> column (ungeneralised shapes: `None` -> 0).
        names: the source name of each placeholder, in placeholder order.
        constants: non-tensor network inputs (numbers, lists of numbers) as `[1, d]`.
    """

    pattern: QueryPattern
    answer_col: dict[Term | None, int]
    names: tuple[str, ...]
    constants: dict[str, torch.Tensor]
    structure: int = -1
    canon: tuple[str, ...] = ()
    canon_refs: tuple[int, ...] = ()



def compile_shape(ast: ProgramAST, semantics: AlgebraicStructure, shape: Shape,
                  structures: dict[Hashable, int], builds: int) -> CompiledShape:
    """Compile one shape's pattern (its answer an input above `ANSWER_LIMIT` answers).

    Args:
        ast: the program.
        semantics: the structure.
        shape: the shape.
        structures: circuit structure key -> class number, shared by a model's shapes
            (updated: shapes with equal circuits are evaluated in one pass).
        builds: how many shapes the model has built, this one included (a shape whose
            circuit has no structure key gets a class of its own from it).

    Returns:
        The compiled shape.
    """
    try:
        limit = None if shape.output_arg is None else ANSWER_LIMIT
        pattern = QueryPattern.from_program(ast, [shape.query], semantics, limit)
    except GroundingError as exc:
        if shape.output_arg is None:
            raise
        raise CortexlogError(
            f"grounding the shape {shape} with its output argument free failed: "
            f"{exc.message}", exc.location,
            hint="if the output argument must be bound, pass --output-arg none "
            "(Python: output_arg=None)",
        ) from None
    if shape.output_arg is None:
        hits = [i for i, q in enumerate(pattern.queries) if q == shape.query]
        cols: dict[Term | None, int] = {None: hits[0]} if hits else {}
    else:
        k = shape.output_arg
        cols = {q.args[k]: i for i, q in enumerate(pattern.queries)}
    names = tuple(source_name(placeholder(j)) for j in range(len(shape.sources)))
    consts = {n: constant_source(n) for n in pattern.calls.sources if n not in names}
    key = structure_key(pattern)
    structure = (structures.setdefault(key, len(structures)) if key is not None
                 else -builds - 1)
    canon = canonical_sources(pattern.calls)
    refs = tuple(names.index(n) if n in names else -1 for n in canon)
    return CompiledShape(pattern, cols, names, consts, structure, canon, refs)
