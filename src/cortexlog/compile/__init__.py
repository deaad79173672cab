"""Exact inference by knowledge compilation: ground program -> formula -> SDD -> Circuit.

Pure Python over PySDD: importing this package imports neither torch nor numpy.
"""

from cortexlog.compile.evaluate import (
    check_evidence,
    check_no_neural,
    evaluate_queries,
    is_weighted_count,
    scalar_literals,
)
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
    VarKind,
    allocate_variables,
    literal_columns,
)
from cortexlog.compile.weights import float_group_probs, float_literal_weights
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
    "SddOptions",
    "VarKind",
    "allocate_variables",
    "build_formula",
    "check_evidence",
    "check_no_neural",
    "circuit_wmc",
    "compile_sdd",
    "compile_sdd_nodes",
    "evaluate_queries",
    "exact_probabilities",
    "float_group_probs",
    "float_literal_weights",
    "is_weighted_count",
    "formula_circuit",
    "literal_columns",
    "scalar_literals",
    "sdd_to_circuit",
]
