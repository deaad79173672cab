"""The one compile dispatcher: which compiler a ground program goes through.

Every entry point (`Program.query` for non-probability structures, `Program.compile` /
`CompiledProgram`, training patterns, `cortexlog compile`) calls `compile_ground_program`,
so a program compiles the same way wherever it comes from. The choice is made on what the
structure declares and what the program holds, never on names:
- a structure that is not `compiled` (the fuzzy t-norms: their value depends on the
  formula's shape) gets the formula itself (`formula_circuit`);
- otherwise the program is knowledge-compiled into a deterministic, decomposable, smooth
  circuit, after factoring out free categorical groups (`factor.py`, exact in every
  semiring; skipped with evidence). Programs with categorical groups (>= 3 options: neural
  ADs, dice, the arithmetic path's digit values) use multi-valued SDDs when `mv-sdd` is
  installed (19-155x faster than one-hot SDDs on MNIST-addition patterns,
  docs/benchmarks.md), else one-hot SDDs in order of appearance (retried with dynamic
  vtree minimisation on a limit); the rest use one-hot SDDs in `roots_first` order (the
  measured default on smokers, reachability and the ProbLog programs).
The grounder's arithmetic path (`ground(..., symbolic=True)`) is taken by the callers for
the same `compiled` structures; its constraints reach every compiler through the formula.
Approximate inference (`cortexlog.train.inference`, chosen by the user, never here)
compiles nothing: it grounds one world of the neural choices at a time.
"""

from __future__ import annotations

from cortexlog.compile.exact import formula_circuit
from cortexlog.compile.factor import compile_factored
from cortexlog.compile.formula import Formula, build_formula
from cortexlog.compile.sdd_compile import SddOptions, compile_sdd
from cortexlog.compile.variables import CompiledCircuit
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.semantics.structure import AlgebraicStructure

CATEGORICAL = 3  # a group with this many options or more is categorical


def arithmetic_path(structure: AlgebraicStructure) -> bool:
    """Whether programs are grounded on the arithmetic path for this structure.

    Exactly the `compiled` structures: their value depends only on the models of the
    formula, which the path preserves (it changes the formula's shape, which the fuzzy
    structures would read).

    >>> from cortexlog.semantics import get_semantics
    >>> arithmetic_path(get_semantics("mpe")), arithmetic_path(get_semantics("product"))
    (True, False)
    """
    return structure.compiled


def compile_ground_program(gp: GroundProgram, structure: AlgebraicStructure,
                           cycles: str = "unroll") -> CompiledCircuit:
    """Compile a ground program for a structure (see the module doc for the choice).

    Args:
        gp: the ground program.
        structure: the algebraic structure (its `compiled` capability decides).
        cycles: how a formula circuit reads positive cycles ("unroll" or "break"; only
            for structures that are not `compiled`).

    Returns:
        The `CompiledCircuit` (`conditioned=True` when knowledge-compiled).

    >>> from cortexlog import Program
    >>> from cortexlog.semantics import get_semantics
    >>> gp = Program.from_string("0.5::a. 0.5::b. c :- a; b. query(c).").ground()
    >>> compile_ground_program(gp, get_semantics("probability")).conditioned
    True
    >>> compile_ground_program(gp, get_semantics("godel")).conditioned
    False
    """
    if not structure.compiled:
        return formula_circuit(gp, cycles)
    if gp.evidence:
        return compile_exact(gp)
    return compile_factored(gp, compile_exact)


def compile_exact(gp: GroundProgram) -> CompiledCircuit:
    """Knowledge-compile a ground program (MV-SDD for categorical programs, else SDD)."""
    formula = build_formula(gp, "break")
    if not any(len(gv) >= CATEGORICAL for gv in formula.group_vars):
        return compile_sdd(formula)
    mv = _compile_mvsdd(formula)
    if mv is not None:
        return mv
    try:
        return compile_sdd(formula, SddOptions(var_order="appearance"))
    except CompileError:
        return compile_sdd(formula, SddOptions(var_order="appearance", minimize=True))


def _compile_mvsdd(formula: Formula) -> CompiledCircuit | None:
    """Multi-valued SDDs when `mv-sdd` is installed and every group fits, else None."""
    try:
        import pymvsdd  # noqa: F401
    except ImportError:
        return None
    from cortexlog.compile.mvsdd import compile_mvsdd

    try:
        return compile_mvsdd(formula)
    except CompileError:
        return None
