"""Tasks: datasets, programs and networks for neurosymbolic benchmarks (MNIST addition)."""

from cortexlog.tasks.mnist_addition import (
    AdditionData,
    addition_queries,
    constraint_clauses,
    constraint_query,
    make_addition_data,
    n_sums,
    placeholders,
    program_text,
)
from cortexlog.tasks.nets import LeNet, SumNet

__all__ = [
    "AdditionData", "LeNet", "SumNet", "addition_queries", "constraint_clauses",
    "constraint_query", "make_addition_data", "n_sums", "placeholders", "program_text",
]
