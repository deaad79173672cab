"""Neural predicates: binding `nn(...)` declarations to torch modules, batched calls."""

from cortexlog.neural.calls import NeuralCalls, source_name
from cortexlog.neural.networks import (
    bind_networks,
    import_reference,
    instantiate,
    neural_declarations,
    parse_network_args,
)

__all__ = [
    "NeuralCalls", "bind_networks", "import_reference", "instantiate",
    "neural_declarations", "parse_network_args", "source_name",
]
