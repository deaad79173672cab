"""Query patterns: ground and compile once, evaluate a whole batch in one circuit pass.

Queries that differ only in their tensor arguments share one circuit. The program is
grounded with placeholder constants standing for the tensors (`addition(img0, img1, S)`
for every sum S), compiled once, and a batch of B examples is then ONE call per network
(over all B examples' inputs) plus ONE batched circuit evaluation `[B, n_queries]`.

This module is the only place the training stack touches grounding, compilation and the
circuit layers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import torch
from torch import nn

from cortexlog.compile.variables import CompiledCircuit, VarKind
from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language.ast import NeuralAD, ProgramAST
from cortexlog.language.terms import Struct, Term
from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.literals import LiteralEncoder
from cortexlog.neural.simplify import simplify_if_equivalent
from cortexlog.semantics.structure import AlgebraicStructure, get_semantics

if TYPE_CHECKING:
    pass


def compile_ground(
    gp: GroundProgram, semantics: AlgebraicStructure, binary: frozenset[str] = frozenset()
) -> tuple[CompiledCircuit, NeuralCalls]:
    """Compile a ground pattern program for the semantics, and plan its network calls.

    The compiler is the one dispatcher's choice (`cortexlog.compile.dispatch`), as for
    every other entry point.

    Args:
        gp: the ground program over placeholder constants.
        semantics: the algebraic structure (its `compiled` flag picks the compiler).
        binary: names of networks declared in the binary (sigmoid) form.

    Returns:
        The compiled circuit and the neural call plan.
    """
    from cortexlog.compile.dispatch import compile_ground_program

    if gp.evidence:
        raise CortexlogError(
            "a query pattern cannot have evidence",
            hint="remove evidence(...) statements from a program used for training",
        )
    calls = NeuralCalls.from_ground(gp, binary)
    return compile_ground_program(gp, semantics), calls


def ground_pattern(ast: ProgramAST, queries: Sequence[Term], symbolic: bool = False,
                   answer_limit: int | None = None) -> GroundProgram:
    """Ground a program for the pattern queries (non-ground ones expand to every answer).

    Args:
        ast: the parsed program.
        queries: query terms over placeholder constants.
        symbolic: take the grounder's arithmetic path (see `cortexlog.grounding.ground`).
        answer_limit: the grounder's `answer_limit` (with `symbolic`).

    Returns:
        The relevant ground program.
    """
    import dataclasses

    from cortexlog.grounding import ground
    from cortexlog.language.terms import is_ground
    from cortexlog.neural.generalise import generalise_queries

    atoms = [q for q in queries if isinstance(q, Struct) and is_ground(q)]
    if len(queries) < 2 or len(atoms) < len(queries):
        return ground(ast, queries=list(queries), evidence=[], symbolic=symbolic,
                      answer_limit=answer_limit)
    # One search for all labels: ground the generalisation, then ask for exactly the
    # requested atoms (an atom without a rule is false).
    gp = ground(ast, queries=generalise_queries(queries), evidence=[], symbolic=symbolic)
    return dataclasses.replace(gp, queries=tuple(atoms))


def binary_networks(ast: ProgramAST) -> frozenset[str]:
    """Names of networks declared in the binary form `nn(net, [X]) :: head.`"""
    return frozenset(c.net for c in ast.clauses if isinstance(c, NeuralAD) and c.output is None)


class QueryPattern(nn.Module):
    """A compiled query pattern as a torch module (it holds no parameters itself).

    Build it with `QueryPattern.from_program(ast, queries, semantics)` (or `from_ground`).

    Args:
        compiled: the compiled circuit of the pattern.
        calls: the neural call plan of the same ground program.
        semantics: a structure or its name.

    Attributes:
        queries: the ground query atoms, one per output column.
        calls: the neural call plan.
    """

    def __init__(
        self,
        compiled: CompiledCircuit,
        calls: NeuralCalls,
        semantics: str | AlgebraicStructure = "probability",
    ) -> None:
        super().__init__()
        from cortexlog.circuits import CircuitModule

        self.semantics = get_semantics(semantics)
        self.calls = calls
        self.compiled = compiled
        self.queries: tuple[Struct, ...] = compiled.queries
        self.literals = LiteralEncoder(compiled, self.semantics, calls.offsets, len(calls.column))
        circuit = compiled.circuit
        if compiled.conditioned:  # option indicators' negations are `one`: drop them
            unit = [v for v, var in enumerate(compiled.variables) if var.kind != VarKind.FACT]
            circuit = simplify_if_equivalent(circuit, unit)
        self.circuit = CircuitModule(circuit, self.semantics)

    @classmethod
    def from_ground(
        cls, gp: GroundProgram, semantics: str | AlgebraicStructure = "probability",
        binary: frozenset[str] = frozenset(),
    ) -> QueryPattern:
        """Compile a ground pattern program.

        Args:
            gp: the ground program over placeholder constants.
            semantics: a structure or its name.
            binary: names of binary (sigmoid) networks.

        Returns:
            The pattern module.
        """
        structure = get_semantics(semantics)
        compiled, calls = compile_ground(gp, structure, binary)
        return cls(compiled, calls, structure)

    @classmethod
    def from_program(
        cls, ast: ProgramAST, queries: Sequence[Term],
        semantics: str | AlgebraicStructure = "probability",
        answer_limit: int | None = None,
    ) -> QueryPattern:
        """Ground and compile a program for pattern queries (cached on disk, see `cache`).

        Args:
            ast: the parsed program.
            queries: query terms over placeholder constants.
            semantics: a structure or its name.
            answer_limit: a single query whose answer is an expression with more values
                than this gets its answer as an input (`calls.answer`; the grounder's
                `answer_limit`); None lists every answer.

        Returns:
            The pattern module.
        """
        from cortexlog.neural.cache import cached, pattern_key

        structure = get_semantics(semantics)

        def build() -> tuple[CompiledCircuit, NeuralCalls]:
            from cortexlog.compile.dispatch import arithmetic_path

            gp = ground_pattern(ast, queries, arithmetic_path(structure), answer_limit)
            return compile_ground(gp, structure, binary_networks(ast))

        key = pattern_key(ast, queries, f"{structure.name}/{answer_limit}")
        compiled, calls = cached(key, build)
        return cls(compiled, calls, structure)

    def probabilities(
        self, sources: Mapping[str, torch.Tensor], networks: Mapping[str, nn.Module]
    ) -> tuple[torch.Tensor, torch.Tensor, dict[str, torch.Tensor]]:
        """Probability-semiring literal weights of every circuit variable.

        Args:
            sources: placeholder name -> tensor [B, ...].
            networks: network name -> module.

        Returns:
            `(pos, neg, net_outputs)`: `[B, n_vars]` each (the `literal_weights`
            convention of `cortexlog.compile.variables`), and each network's normalised
            outputs `[n_calls, B, d]`.
        """
        w, outputs = self.calls.evaluate(sources, networks)
        return (*self.literals.probabilities(w), outputs)

    def forward(
        self, sources: Mapping[str, torch.Tensor], networks: Mapping[str, nn.Module]
    ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        """Evaluate every pattern query for a batch, in the semantics' carrier.

        Args:
            sources: placeholder name -> tensor [B, ...].
            networks: network name -> module.

        Returns:
            The query values `[B, n_queries]` (carrier values, e.g. log-probabilities for
            `logprob`) and each network's normalised outputs `[n_calls, B, d]`.
        """
        w, outputs = self.calls.evaluate(sources, networks)
        values = self.circuit(*self.literals(w))
        return values[:, : len(self.queries)], outputs

    def column_of(self, atoms: Sequence[Term]) -> list[int]:
        """The output column of each ground query atom.

        Args:
            atoms: ground atoms among `self.queries`.

        Returns:
            Their columns.
        """
        index: dict[Term, int] = {q: i for i, q in enumerate(self.queries)}
        missing = [str(a) for a in atoms if a not in index]
        if missing:
            raise CortexlogError(
                f"not a query of the pattern: {', '.join(missing[:3])}",
                hint="labels must be answers of the pattern's queries",
            )
        return [index[a] for a in atoms]
