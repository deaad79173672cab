"""Training programs with neural predicates on examples of any shape, as DeepProbLog does."""

from cortexlog.train.api import Model
from cortexlog.train.examples import Example, parse_examples, read_examples
from cortexlog.train.loop import LoopConfig, fit
from cortexlog.train.metrics import evaluate_examples
from cortexlog.train.model import LogicModel
from cortexlog.train.shapes import ExampleSet, build_example_set
from cortexlog.train.tensors import TensorSource

__all__ = ["Example", "ExampleSet", "LogicModel", "LoopConfig", "Model", "TensorSource",
           "build_example_set", "evaluate_examples", "fit", "parse_examples", "read_examples"]
