"""Examples whose answer is a circuit input (`NeuralCalls.answer`): digits and columns.

A shape whose freed output is an integer expression with many values (multi-digit
addition from N=3 on) compiles to one circuit computing "the answer equals the given
value", the value entering as its decimal digits. These helpers turn each example's output
term into those digits, and predict answers from the most likely value of each group.
"""

from __future__ import annotations

import torch

from cortexlog.language.terms import Num, Term
from cortexlog.neural.calls import AnswerPlan
from cortexlog.train.shapes import ShapeGroup

#: Answers with more possible values than this are inputs (listing each costs a circuit
#: output: N=2 addition has 199, N=3 1,999, N=4 19,999).
ANSWER_LIMIT = 1000


def answer_value(term: Term | None) -> int | None:
    """The integer an output term holds, else None.

    >>> answer_value(Num(12)), answer_value(Num(1.5)), answer_value(None)
    (12, None, None)
    """
    if isinstance(term, Num) and isinstance(term.value, int):
        return term.value
    return None


def answer_digits(group: ShapeGroup, plan: AnswerPlan) -> torch.Tensor:
    """`[n, K]` digits of each example's answer (rows of -1 when it cannot be one).

    Args:
        group: the examples of one shape.
        plan: the pattern's answer plan.

    Returns:
        A long tensor, one row per example of the group.
    """
    per_code = [plan.digits(answer_value(t)) for t in group.outputs] or [[-1] * plan.n_digits]
    table = torch.tensor(per_code, dtype=torch.long).view(-1, plan.n_digits)
    return table[group.out_code]


def answer_columns(digits: torch.Tensor) -> torch.Tensor:
    """Column 0 (the one query) for examples with a possible answer, -1 for the others."""
    valid = (digits >= 0).all(1) if digits.shape[1] else torch.ones(len(digits), dtype=torch.bool)
    return torch.where(valid, 0, -1)
