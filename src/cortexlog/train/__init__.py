"""Training neural predicates through logic: objectives, the loop, the CLI, a short API."""

from cortexlog.train.api import Model
from cortexlog.train.build import LOGIC_MODES, build_objective, read_program
from cortexlog.train.loop import LoopConfig, evaluate, fit

__all__ = ["LOGIC_MODES", "LoopConfig", "Model", "build_objective", "evaluate", "fit",
           "read_program"]
