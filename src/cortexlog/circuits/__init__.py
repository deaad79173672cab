"""Circuit IR and its batched, layered evaluation under any algebraic structure.

The IR (`ir.py`) and the float evaluator (`scalar.py`) need neither torch nor numpy; the
torch layers (`CircuitModule`, `mpe_explanation`, the node-by-node `reference_evaluate`)
and the layering (numpy) are imported on first use of their names here, so
`import cortexlog.circuits` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind
from cortexlog.circuits.scalar import evaluate_scalar

if TYPE_CHECKING:
    from cortexlog.circuits.layering import Bucket, LayeredPlan, layer_circuit, padded_arity
    from cortexlog.circuits.module import CircuitModule
    from cortexlog.circuits.mpe import Explanation, mpe_explanation
    from cortexlog.circuits.reference import reference_evaluate

_LAZY = {
    "Bucket": "layering",
    "LayeredPlan": "layering",
    "layer_circuit": "layering",
    "padded_arity": "layering",
    "CircuitModule": "module",
    "Explanation": "mpe",
    "mpe_explanation": "mpe",
    "reference_evaluate": "reference",
}

__all__ = [
    "Bucket",
    "Circuit",
    "CircuitBuilder",
    "CircuitModule",
    "Explanation",
    "Kind",
    "LayeredPlan",
    "evaluate_scalar",
    "layer_circuit",
    "mpe_explanation",
    "padded_arity",
    "reference_evaluate",
]


def __getattr__(name: str) -> object:
    """Import a torch/numpy-backed name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
