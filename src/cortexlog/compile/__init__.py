"""Exact inference by knowledge compilation: ground program -> formula -> SDD -> Circuit."""

from cortexlog.compile.exact import circuit_wmc, exact_probabilities, formula_circuit
from cortexlog.compile.formula import CYCLE_METHODS, Formula, build_formula, check_cycle_method
from cortexlog.compile.sdd_compile import (
    VTREE_TYPES,
    CompileLimits,
    SddOptions,
    compile_sdd,
    compile_sdd_nodes,
)
from cortexlog.compile.sdd_convert import sdd_to_circuit
from cortexlog.compile.variables import (
    CompiledCircuit,
    InputVar,
    LiteralEncoder,
    VarKind,
    allocate_variables,
)
from cortexlog.compile.weights import float_group_probs, literal_weights
from cortexlog.errors import CompileError

__all__ = [
    "CYCLE_METHODS",
    "check_cycle_method",
    "VTREE_TYPES",
    "CompileError",
    "CompileLimits",
    "CompiledCircuit",
    "Formula",
    "InputVar",
    "LiteralEncoder",
    "SddOptions",
    "VarKind",
    "allocate_variables",
    "build_formula",
    "circuit_wmc",
    "compile_sdd",
    "compile_sdd_nodes",
    "exact_probabilities",
    "float_group_probs",
    "formula_circuit",
    "literal_weights",
    "sdd_to_circuit",
]
