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

__all__ = [
    "CompileError",
    "CortexlogError",
    "GroundingError",
    "ParseError",
    "Program",
    "ProgramError",
    "SemanticsError",
    "SourceLocation",
    "__version__",
]
