"""Non-tensor network inputs: numbers and lists of numbers written in the query itself.

DeepProbLog programs such as the Forth tasks call networks on integers of the query
(`swap(7, 1, Z)`); such an input reaches the network as a float tensor `[B, d]`.
"""

from __future__ import annotations

import torch

from cortexlog.errors import CortexlogError
from cortexlog.language.terms import Num, Term, iter_list


def constant_source(name: str) -> torch.Tensor:
    """The tensor `[1, d]` of a constant network input given by its printed term.

    Args:
        name: the printed input term (`7`, `-2.5`, `[1, 2, 3]`).

    Returns:
        The float tensor.

    >>> constant_source("7").tolist(), constant_source("[1,2]").tolist()
    ([[7.0]], [[1.0, 2.0]])
    """
    from cortexlog.language import parse_term

    try:
        term = parse_term(name, "<network input>")
    except CortexlogError:
        term = None
    values = _numbers(term) if term is not None else None
    if values is None:
        raise CortexlogError(
            f"network input {name} is neither a tensor reference nor a number",
            hint="pass tensors as tensor(SOURCE(INDEX)) in the examples, or numbers",
        )
    return torch.tensor([values], dtype=torch.float32)


def _numbers(term: Term) -> list[float] | None:
    if isinstance(term, Num):
        return [float(term.value)]
    try:
        items = list(iter_list(term))
    except (TypeError, ValueError):
        return None
    if items and all(isinstance(t, Num) for t in items):
        return [float(t.value) for t in items if isinstance(t, Num)]
    return None
