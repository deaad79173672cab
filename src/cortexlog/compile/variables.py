"""Circuit input variables of a ground program, the compiled result, and literal values.

Input order (the same for `build_formula`, `compile_sdd` and `formula_circuit`): groups
in `GroundProgram.groups` order; a group with one option gets one `FACT` variable
(`ChoiceVar(g, 0)`); a group with `k >= 2` options gets `k` `OPTION` indicators (option
order) followed, if the group is not exhaustive, by one `NONE` indicator. Groups with no
option get no variable.

Probability-semiring literal weights: `FACT` pos = p, neg = 1 - p; `OPTION` pos = p_i,
neg = 1 (the semiring one; the exactly-one constraint does the work) in a `conditioned`
circuit, 1 - p_i in a formula circuit; `NONE` pos = 1 - sum(p), neg = 1. `literal_columns`
says where each literal reads its value in the table of option probabilities (its columns:
`LiteralTable`); the torch
`cortexlog.neural.literals.LiteralEncoder` (for `CompiledProgram`, `QueryPattern` and
`literal_weights`) and the float `cortexlog.compile.evaluate.scalar_literals` apply it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from cortexlog.circuits.ir import Circuit
from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram
from cortexlog.language.terms import Struct


class VarKind(IntEnum):
    """What a circuit input variable stands for."""

    FACT = 0  # the only option of a one-option group (a probabilistic fact)
    OPTION = 1  # indicator of option `index` of a group with >= 2 options
    NONE = 2  # indicator "no option holds" of a non-exhaustive group


@dataclass(frozen=True, slots=True)
class InputVar:
    """One circuit input variable: its kind, group and option index (-1 for `NONE`)."""

    kind: VarKind
    group: int
    index: int

    @property
    def choice(self) -> ChoiceVar | None:
        """The `ChoiceVar` this variable is true for, None for a `NONE` indicator."""
        return None if self.kind == VarKind.NONE else ChoiceVar(self.group, self.index)


@dataclass(frozen=True)
class CompiledCircuit:
    """A circuit plus what its inputs and outputs mean.

    Attributes:
        circuit: the circuit; outputs `0..len(queries)-1` are the queries, the last
            output is the evidence (conjunction of evidence literals, and, when
            `conditioned`, the group constraints).
        variables: `variables[v]` describes circuit variable `v` (see module doc).
        group_vars: circuit variables of each group, in option order (+ NONE last).
        queries: the query atoms, one per output.
        conditioned: True when query outputs are `query & evidence & constraints` (SDD);
            False when they are the bare query formulas (`formula_circuit`).
    """

    circuit: Circuit
    variables: tuple[InputVar, ...]
    group_vars: tuple[tuple[int, ...], ...]
    queries: tuple[Struct, ...]
    conditioned: bool


class Allocation(NamedTuple):
    """The circuit variables of a ground program's groups (`allocate_variables`).

    Attributes:
        variables: `variables[v]` describes circuit variable `v`.
        group_vars: the circuit variables of each group, in option order (+ NONE last).
    """

    variables: tuple[InputVar, ...]
    group_vars: tuple[tuple[int, ...], ...]


def allocate_variables(gp: GroundProgram) -> Allocation:
    """Allocate circuit variables for the groups of a ground program (module doc order).

    Args:
        gp: the ground program.

    Returns:
        `(variables, group_vars)`.
    """
    variables: list[InputVar] = []
    group_vars: list[tuple[int, ...]] = []
    for g, group in enumerate(gp.groups):
        n = len(group.weights)
        start = len(variables)
        if n == 1:
            variables.append(InputVar(VarKind.FACT, g, 0))
        elif n >= 2:
            variables.extend(InputVar(VarKind.OPTION, g, i) for i in range(n))
            if not group.exhaustive:
                variables.append(InputVar(VarKind.NONE, g, -1))
        group_vars.append(tuple(range(start, len(variables))))
    return Allocation(tuple(variables), tuple(group_vars))


@dataclass(frozen=True)
class LiteralTable:
    """The columns of a literal table `[options | 1 - options | 1 - group sums | 1]`.

    A row holds the option probabilities `p` of every group, side by side, then each
    option's complement `1 - p`, then per group the probability `1 - sum(p)` that none of
    its options holds, then the constant 1.

    Attributes:
        offsets: the first option column of each group.
        n_options: the number of option columns.

    >>> t = LiteralTable((0, 1), 3)  # a fact, then a group of two options
    >>> t.option(1, 1), t.complement(1, 1), t.none(1), t.one, t.width
    (2, 5, 7, 8, 9)
    """

    offsets: tuple[int, ...]
    n_options: int

    def option(self, group: int, index: int) -> int:
        """The column of `p`, option `index` of `group`."""
        return self.offsets[group] + index

    def complement(self, group: int, index: int) -> int:
        """The column of `1 - p`, option `index` of `group`."""
        return self.n_options + self.offsets[group] + index

    def none(self, group: int) -> int:
        """The column of `1 - sum(p)` over the options of `group`."""
        return 2 * self.n_options + group

    @property
    def one(self) -> int:
        """The column of the constant 1."""
        return 2 * self.n_options + len(self.offsets)

    @property
    def width(self) -> int:
        """The number of columns."""
        return self.one + 1


class LiteralColumns(NamedTuple):
    """Where every literal and group distribution reads its values in a `LiteralTable`.

    Attributes:
        pos: the column of each variable's positive literal.
        neg: the column of each variable's negative literal.
        groups: per group with variables, the columns of its categorical distribution:
            `[p, 1 - p]` for a FACT, else its options plus the `1 - sum` column when it
            has a NONE variable.
    """

    pos: list[int]
    neg: list[int]
    groups: list[list[int]]


def literal_columns(
    compiled: CompiledCircuit, offsets: Sequence[int], n_options: int
) -> LiteralColumns:
    """Columns of the literals and group distributions in a literal table (`LiteralTable`).

    Args:
        compiled: the compiled circuit (variables, groups, conditioning).
        offsets: first option column of each group.
        n_options: number of option columns.

    Returns:
        `(pos, neg, groups)`: see `LiteralColumns`.
    """
    table = LiteralTable(tuple(offsets), n_options)
    pos, neg = [], []
    for var in compiled.variables:
        if var.kind == VarKind.NONE:
            pos.append(table.none(var.group))
            neg.append(table.one)
        else:
            pos.append(table.option(var.group, var.index))
            unit = var.kind == VarKind.OPTION and compiled.conditioned  # exactly-one does it
            neg.append(table.one if unit else table.complement(var.group, var.index))
    groups = []
    for g, vars_ in enumerate(compiled.group_vars):
        kinds = [compiled.variables[v].kind for v in vars_]
        if kinds == [VarKind.FACT]:
            groups.append([table.option(g, 0), table.complement(g, 0)])
        elif kinds:
            cols = [table.option(g, i) for i in range(kinds.count(VarKind.OPTION))]
            groups.append(cols + ([table.none(g)] if VarKind.NONE in kinds else []))
    return LiteralColumns(pos, neg, groups)
