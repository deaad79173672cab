"""cortexlog: a neurosymbolic machine with a brain-inspired neural side.

The public API is what this module re-exports.
"""

from cortexlog.errors import (
    CompileError,
    CortexlogError,
    GroundingError,
    ParseError,
    ProgramError,
    SemanticsError,
    SourceLocation,
)
from cortexlog.program import Program

__version__ = "0.1.0"

_TRAINING = {"Model": "cortexlog.train.api", "Example": "cortexlog.train.examples"}


def __getattr__(name: str) -> object:
    """`cortexlog.Model` and `cortexlog.Example`, imported (with torch) on first use."""
    if name in _TRAINING:
        import importlib

        return getattr(importlib.import_module(_TRAINING[name]), name)
    raise AttributeError(f"module 'cortexlog' has no attribute {name!r}")


__all__ = [
    "CompileError",
    "CortexlogError",
    "Example",
    "GroundingError",
    "Model",
    "ParseError",
    "Program",
    "ProgramError",
    "SemanticsError",
    "SourceLocation",
    "__version__",
]
