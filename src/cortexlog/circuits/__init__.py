"""Circuit IR and its batched, layered evaluation under any algebraic structure."""

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind
from cortexlog.circuits.layering import Bucket, LayeredPlan, layer_circuit, padded_arity
from cortexlog.circuits.module import CircuitModule
from cortexlog.circuits.mpe import Explanation, mpe_explanation

__all__ = [
    "Bucket",
    "Circuit",
    "CircuitBuilder",
    "CircuitModule",
    "Explanation",
    "Kind",
    "LayeredPlan",
    "layer_circuit",
    "mpe_explanation",
    "padded_arity",
]
