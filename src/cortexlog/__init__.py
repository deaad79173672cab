"""cortexlog: a neurosymbolic machine with a brain-inspired neural side."""

from cortexlog.errors import CortexlogError, SourceLocation

__version__ = "0.1.0"

__all__ = ["CortexlogError", "SourceLocation", "__version__"]
