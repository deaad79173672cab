"""Exact inference by knowledge compilation: ground program -> formula -> SDD -> Circuit."""

from cortexlog.compile.sdd_convert import sdd_to_circuit

__all__ = ["sdd_to_circuit"]
