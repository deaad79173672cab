"""`CompiledProgram`: a program's queries as a torch module under any semantics.

Inputs are the program's probabilistic choices: one column per option of every choice
group (a probabilistic fact is a group with one option; an annotated disjunction or a
neural AD instance is a group with one option per head). `input_names` names each column
by the atom the option makes true; `input_groups` says which columns form one group.
Outputs are one column per query, in the semantics' carrier (log-probabilities for
`logprob`), conditioned on the program's evidence where the semantics allows it.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from cortexlog.circuits.module import CircuitModule
from cortexlog.compile import (
    CompiledCircuit,
    check_cycle_method,
    check_evidence,
    check_no_neural,
)
from cortexlog.grounding.ground_program import AnswerWeight, GroundProgram, NeuralWeight
from cortexlog.language.terms import Struct, format_term
from cortexlog.neural.literals import LiteralEncoder
from cortexlog.semantics import AlgebraicStructure, get_semantics


class CompiledProgram(nn.Module):
    """Queries of a ground program compiled for one algebraic structure.

    Args:
        gp: the ground program.
        semantics: a structure or its registered name.

    Attributes:
        queries: the ground query atoms, one per output column.
        input_names: the atom each input column (option) makes true.
        input_groups: the input columns of each choice group.
    """

    def __init__(self, gp: GroundProgram, semantics: str | AlgebraicStructure,
                 cycles: str = "unroll") -> None:
        super().__init__()
        s = get_semantics(semantics)
        check_cycle_method(cycles)
        check_evidence(gp, s)
        self.semantics = s
        self.gp = gp
        from cortexlog.compile.dispatch import compile_ground_program

        compiled = compile_ground_program(gp, s, cycles)
        self.compiled: CompiledCircuit = compiled
        self.queries: tuple[Struct, ...] = compiled.queries
        self.circuit = CircuitModule(compiled.circuit, s)
        offsets: list[int] = []
        names: list[str] = []
        groups: list[tuple[int, ...]] = []
        for group in gp.groups:
            offsets.append(len(names))
            groups.append(tuple(range(len(names), len(names) + len(group.labels))))
            names.extend(format_term(label) for label in group.labels)
        self.input_names: tuple[str, ...] = tuple(names)
        self.input_groups: tuple[tuple[int, ...], ...] = tuple(groups)
        self.encoder = LiteralEncoder(compiled, s, offsets, len(names))

    def default_inputs(self, dtype: torch.dtype = torch.float64) -> Tensor:
        """The program's own option probabilities as a `[1, n_inputs]` tensor.

        Args:
            dtype: the floating dtype.

        Returns:
            The probabilities; NaN for options whose weight a network computes.
        """
        values = [
            float("nan") if isinstance(w, NeuralWeight | AnswerWeight) else float(w)
            for group in self.gp.groups
            for w in group.weights
        ]
        return torch.tensor([values], dtype=dtype)

    def literals(self, probs: Tensor) -> tuple[Tensor, Tensor]:
        """Carrier values of the positive and negative literal of every circuit variable.

        Args:
            probs: option probabilities `[batch, n_inputs]`.

        Returns:
            `(pos, neg)`, each `[batch, n_vars]` (see `cortexlog.neural.literals`).
        """
        return self.encoder(probs)

    def forward(self, probs: Tensor) -> Tensor:
        """Evaluate every query for a batch of input probabilities.

        Args:
            probs: option probabilities `[batch, n_inputs]` (see `input_names`).

        Returns:
            `[batch, n_queries]` carrier values; conditioned on the evidence by the
            structure's `condition` (division for `probability`, subtraction for
            `logprob`); the joint value of query and evidence for structures without one.
        """
        pos, neg = self.literals(probs)
        out = self.circuit(pos, neg)
        values, evidence = out[:, : len(self.queries)], out[:, len(self.queries) :]
        condition = self.semantics.condition
        if not self.gp.evidence or evidence.shape[1] == 0 or condition is None:
            return values
        return condition(values, evidence)

    def evaluate(self) -> dict[Struct, float | bool]:
        """Evaluate the queries on the program's own probabilities, decoded for reporting.

        Returns:
            One value per query atom.
        """
        check_no_neural(self.gp)
        inputs = self.default_inputs()
        with torch.no_grad():
            decoded = self.semantics.decode(self.forward(inputs))[0]
        return {q: _scalar(v) for q, v in zip(self.queries, decoded, strict=True)}


def _scalar(v: Tensor) -> float | bool:
    return bool(v.item()) if v.dtype == torch.bool else float(v.item())
