"""Grounding: from a parsed program to the relevant ground program (ProbLog semantics)."""

from cortexlog.grounding.ground import ground
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.grounding.limits import GroundingLimits

__all__ = ["GroundProgram", "GroundingLimits", "ground"]
