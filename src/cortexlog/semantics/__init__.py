"""Algebraic structures (semirings, fuzzy logics, possibility) as values, and their registry.

>>> import torch
>>> s = get_semantics("lukasiewicz")
>>> s.times(torch.tensor(0.75), torch.tensor(0.5)).item()
0.25
"""

from cortexlog.semantics.builtin import (
    BOOLEAN,
    GODEL,
    LOGPROB,
    LOGPRODUCT,
    LUKASIEWICZ,
    MPE,
    POSSIBILISTIC,
    PROBABILITY,
    PRODUCT,
)
from cortexlog.semantics.possibilistic import binary_possibility, dubois_prade, normalise_max
from cortexlog.semantics.relax import Relaxation
from cortexlog.semantics.structure import (
    AlgebraicStructure,
    Reduction,
    Score,
    available_semantics,
    get_semantics,
    register,
)

__all__ = [
    "AlgebraicStructure",
    "BOOLEAN",
    "GODEL",
    "LOGPROB",
    "LOGPRODUCT",
    "LUKASIEWICZ",
    "MPE",
    "POSSIBILISTIC",
    "PROBABILITY",
    "PRODUCT",
    "Reduction",
    "Relaxation",
    "Score",
    "available_semantics",
    "binary_possibility",
    "dubois_prade",
    "get_semantics",
    "normalise_max",
    "register",
]
