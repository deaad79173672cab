"""Logic over real values (LTN-style): comparisons, neural predicates and quantifiers.

A constraint program (`query/1` axioms over named batched tensors) compiles once into a
`ConstraintModule` whose `forward(**tensors)` returns the satisfaction degree, with
gradients. See docs/realvalued.md.
"""

from cortexlog.realvalued.aggregate import Aggregator, pmean, pmean_error
from cortexlog.realvalued.module import ConstraintModule, compile_constraints

__all__ = ["Aggregator", "ConstraintModule", "compile_constraints", "pmean", "pmean_error"]
