"""Brain-inspired side of cortexlog: spiking neurons, encoders, local plasticity, HLOP."""

from cortexlog.brain.astro import (
    AstroParams,
    AstroSTDPParams,
    astro_stdp,
    astro_stdp_presentation,
    astrocyte_step,
)
from cortexlog.brain.criticality import branching_factor
from cortexlog.brain.encoders import direct_encode, latency_encode, poisson_encode
from cortexlog.brain.fused import lif_sequence
from cortexlog.brain.hlop import (
    learn_subspace,
    oja_subspace_step,
    project_gradient,
    project_onto,
    subspace_alignment,
)
from cortexlog.brain.liquid import (
    LiquidParams,
    LiquidState,
    LiquidWiring,
    grid_shape,
    liquid_initial_state,
    liquid_step,
    spatial_wiring,
)
from cortexlog.brain.modules import ALIF, LIF, Izhikevich
from cortexlog.brain.neurons import (
    ALIFParams,
    ALIFState,
    IzhikevichParams,
    IzhikevichState,
    LIFParams,
    LIFState,
    Reset,
    alif_step,
    izhikevich_initial_state,
    izhikevich_step,
    lif_initial_state,
    lif_step,
)
from cortexlog.brain.plastic_liquid import (
    PresentationRule,
    Presented,
    Synapses,
    dense_weights,
    present,
    synapse_lists,
    with_weights,
)
from cortexlog.brain.plasticity import (
    STDPParams,
    SymSTDPParams,
    SymTraces,
    Traces,
    adaptive_threshold,
    lateral_inhibition,
    normalize_weights,
    stdp_additive,
    stdp_multiplicative,
    stdp_symmetric,
    synaptic_scaling,
    winner_take_all,
    zero_sym_traces,
    zero_traces,
)
from cortexlog.brain.surrogate import (
    ARCTAN,
    FAST_SIGMOID,
    TRIANGLE,
    ArcTanSpike,
    FastSigmoidSpike,
    Surrogate,
    TriangleSpike,
    surrogate,
)
from cortexlog.brain.wiring import KWTA, MaskedLinear, g2g_mask, kwta

__all__ = [
    "ALIF", "ALIFParams", "ALIFState", "ARCTAN", "ArcTanSpike", "AstroParams", "AstroSTDPParams",
    "FAST_SIGMOID", "LiquidParams", "PresentationRule", "Presented", "Synapses",
    "dense_weights", "grid_shape", "present", "synapse_lists", "with_weights", "LiquidState",
    "LiquidWiring", "FastSigmoidSpike",
    "Izhikevich", "IzhikevichParams", "IzhikevichState", "KWTA", "LIF", "LIFParams", "LIFState",
    "MaskedLinear", "Reset", "STDPParams", "Surrogate", "SymSTDPParams", "SymTraces", "TRIANGLE",
    "Traces", "TriangleSpike", "adaptive_threshold", "alif_step", "astro_stdp",
    "astro_stdp_presentation", "astrocyte_step",
    "branching_factor", "direct_encode", "g2g_mask", "izhikevich_initial_state", "izhikevich_step",
    "kwta", "latency_encode", "lateral_inhibition", "learn_subspace", "lif_initial_state",
    "liquid_initial_state", "liquid_step", "spatial_wiring", "lif_sequence", "lif_step",
    "normalize_weights", "oja_subspace_step", "poisson_encode", "project_gradient", "project_onto",
    "stdp_additive", "stdp_multiplicative", "stdp_symmetric", "subspace_alignment", "surrogate",
    "synaptic_scaling", "winner_take_all", "zero_sym_traces", "zero_traces"
]
