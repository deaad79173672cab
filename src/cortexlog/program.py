"""`Program`: the user-facing entry point from program text to answers and torch modules."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cortexlog.errors import CortexlogError
from cortexlog.semantics.structure import get_semantics

if TYPE_CHECKING:
    from cortexlog.compiled_program import CompiledProgram
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Struct, Term, format_query


@dataclass(frozen=True)
class Program:
    """A parsed logic program, ready to ground, compile and query.

    >>> p = Program.from_string("0.5::a. 0.5::b. c :- a, b. query(c).")
    >>> p.query()
    {'c': 0.25}
    """

    ast: ProgramAST

    @classmethod
    def from_string(cls, text: str, source_name: str = "<string>") -> Program:
        """Parse a program from text.

        Args:
            text: the program, in ProbLog / DeepProbLog syntax.
            source_name: the name used in error locations.

        Returns:
            The parsed program.
        """
        from cortexlog.language import parse

        return cls(parse(text, source_name))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Program:
        """Parse a program from a `.pl` file (errors name the file, line and column).

        Args:
            path: the file to read.

        Returns:
            The parsed program.
        """
        try:  # plain `open`: pathlib costs the command line ~3 ms of imports
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except FileNotFoundError:
            raise CortexlogError(
                f"no such file: {path}", hint="check the path; programs end in .pl"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CortexlogError(f"cannot read {path}: {exc}") from None
        return cls.from_string(text, str(path))

    def ground(
        self,
        queries: Sequence[Term] | None = None,
        evidence: Sequence[tuple[Term, bool]] | None = None,
        symbolic: bool = False,
    ) -> GroundProgram:
        """Build the relevant ground program for the queries and evidence.

        Args:
            queries: query terms; the program's `query/1` statements when None.
            evidence: `(atom, value)` pairs; the program's `evidence` statements when None.
            symbolic: keep integer neural-AD values symbolic through linear arithmetic
                (see `cortexlog.grounding.ground`); `query` and `compile` do so for every
                compiled structure.

        Returns:
            The ground program.
        """
        from cortexlog.grounding import ground

        return ground(self.ast, queries=queries, evidence=evidence, symbolic=symbolic,
                      subquery=self._subquery)

    def _subquery(self, goal: Term, evidence: list[Term]) -> list[tuple[Term, float]]:
        """Answer `subquery(Goal, P, Evidence)`: P(answer | evidence) per answer of Goal.

        Args:
            goal: the goal (ground or not).
            evidence: atoms observed true (the program's own evidence is not used).

        Returns:
            `(answer atom, probability)` per answer.
        """
        gp = self.ground([goal], [(e, True) for e in evidence])
        values = _evaluate(gp, "probability", "unroll")
        return [(atom, float(v)) for atom, v in values.items()]

    def query(
        self,
        queries: Sequence[Term | str] | None = None,
        semantics: str = "probability",
        cycles: str = "unroll",
    ) -> dict[str, float | bool]:
        """Answer the queries: `{atom written as ProbLog writes it: value}`.

        Args:
            queries: query terms or strings such as `"path(a, X)"`; the program's `query/1`
                statements when None.
            semantics: the algebraic structure's name (see `cortexlog.semantics`).
            cycles: how a fuzzy structure reads positive cycles: "unroll" (fixpoint
                iteration, default) or "break" (ProbLog-style cycle breaking); see
                docs/semantics.md. Compiled structures give the same answer either way.

        Returns:
            One entry per ground query atom, P(query | evidence) for `probability`.
        """
        with _gc_paused():
            from cortexlog.compile.dispatch import arithmetic_path

            symbolic = arithmetic_path(get_semantics(semantics))
            gp = self.ground(_as_terms(queries), symbolic=symbolic)
            values = _evaluate(gp, semantics, cycles)
            return {format_query(atom): value for atom, value in values.items()}

    def compile(
        self,
        queries: Sequence[Term | str] | None = None,
        semantics: str = "probability",
        cycles: str = "unroll",
    ) -> CompiledProgram:
        """Compile the queries into a torch module under an algebraic structure.

        Args:
            queries: query terms or strings; the program's `query/1` statements when None.
            semantics: the structure's name (see `cortexlog.semantics.available_semantics`).
            cycles: "unroll" (default) or "break": how fuzzy structures read positive
                cycles (see `query`).

        Returns:
            A `CompiledProgram`: `[batch, n_inputs]` option probabilities (named by
            `.input_names`) to `[batch, n_queries]` values.

        >>> m = Program.from_string("0.5::a. 0.5::b. c :- a; b. query(c).").compile()
        >>> m.input_names, [round(v, 4) for v in m.evaluate().values()]
        (('a', 'b'), [0.75])
        """
        from cortexlog.compile.dispatch import arithmetic_path
        from cortexlog.compiled_program import CompiledProgram

        symbolic = arithmetic_path(get_semantics(semantics))
        gp = self.ground(_as_terms(queries), symbolic=symbolic)
        return CompiledProgram(gp, semantics, cycles)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one query (restored afterwards).

    Grounding and compilation allocate many short-lived, acyclic objects that reference
    counting frees; the collector only adds pauses, and a full collection walks every object
    of the process (torch's included), measured at 0.05-0.2 s, more than a whole
    `smokers(20)` query. Collection resumes, if it was enabled, when the query ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _as_terms(queries: Sequence[Term | str] | None) -> list[Term] | None:
    if queries is None:
        return None
    from cortexlog.language import parse_term

    return [parse_term(q, "<query>") if isinstance(q, str) else q for q in queries]


def _evaluate(gp: GroundProgram, semantics: str, cycles: str) -> dict[Struct, float | bool]:
    """Answer in Python floats when the structure has scalar operations (every built-in
    one does), else through the torch module (`CompiledProgram`)."""
    from cortexlog.semantics import get_semantics

    structure = get_semantics(semantics)
    if structure.scalar is not None:
        from cortexlog.compile.evaluate import evaluate_queries

        return evaluate_queries(gp, structure, cycles)
    from cortexlog.compiled_program import CompiledProgram

    return CompiledProgram(gp, structure, cycles).evaluate()
