"""Answers as circuit inputs: losses, gradients, accuracy and predict against brute force.

Four-digit numbers over a 3-valued digit network have 4,445 possible sums, more than
`ANSWER_LIMIT`: their shape compiles to one circuit fed with each example's sum.
"""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from tests.train.helpers import Scale, digit_probs

from cortexlog.grounding import ground
from cortexlog.language import parse, parse_term
from cortexlog.neural.calls import AnswerPlan
from cortexlog.train import Model
from cortexlog.train.answers import ANSWER_LIMIT, answer_columns

PROGRAM = (
    "nn(net,[X],Y,[0,1,2]) :: digit(X,Y).\n"
    "number([],R,R).\n"
    "number([H|T],Acc,R) :- digit(H,D), Acc2 is D+10*Acc, number(T,Acc2,R).\n"
    "addition(X,Y,Z) :- number(X,0,A), number(Y,0,B), Z is A+B.\n"
)
N = 4


def _number(items: list[int]) -> str:
    return "[" + ",".join(f"tensor(s({i}))" for i in items) + "]"


def _example(a: list[int], b: list[int], z: int | str) -> str:
    return f"addition({_number(a)},{_number(b)},{z})"


def _value(digits: tuple[int, ...]) -> int:
    return int("".join(map(str, digits)))


def _p_sum(p: torch.Tensor, a: list[int], b: list[int], z: int) -> torch.Tensor:
    """Brute force over the 3^(2N) digit assignments."""
    total = p.new_zeros(())
    for da in itertools.product(range(3), repeat=N):
        for db in itertools.product(range(3), repeat=N):
            if _value(da) + _value(db) == z:
                total = total + math.prod(p[i, d] for i, d in zip(a + b, da + db, strict=True))
    return total


def _model() -> tuple[Model, torch.Tensor]:
    torch.manual_seed(0)
    items = torch.randn(8, 3, dtype=torch.float64)
    model = Model(PROGRAM, networks={"net": Scale()}, uniform_prior=0.0)
    model.add_tensors("s", items)
    return model, items


A, B = [0, 1, 2, 3], [4, 5, 6, 7]


def test_pattern_takes_the_answer_as_input() -> None:
    q = parse_term(_example([0, 1, 2, 3], [4, 5, 6, 7], "S").replace("tensor(s(", "t(("))
    ast = parse(PROGRAM)
    listed = ground(ast, queries=[q], evidence=[], symbolic=True)
    # 5^4 reachable sums (each position 0..4), in a range of 4,445 > ANSWER_LIMIT values
    assert len(listed.queries) == 625 and not listed.answer_inputs
    gp = ground(ast, queries=[q], evidence=[], symbolic=True, answer_limit=ANSWER_LIMIT)
    (a,) = gp.answer_inputs
    assert gp.queries == (a.query,) and str(a.query).endswith(",'$answer')")
    assert a.offset == 0 and len(a.digits) == 4 and sorted(a.expression.coefs) == [1, 1] + [
        10, 10, 100, 100, 1000, 1000]


def test_losses_and_gradients_match_brute_force() -> None:
    model, items = _model()
    sums = [1234, 2222, 0, 4444, 3, 9999]  # 9999 is impossible with digits 0..2
    data = model.examples([_example(A, B, z) for z in sums])
    model.module.prepare(data)
    losses = model.module(data, torch.arange(len(sums)))
    p = digit_probs(model.networks["net"], items)
    tiny = torch.finfo(torch.float64).tiny
    expected = torch.stack([-_p_sum(p, A, B, z).clamp_min(tiny).log() for z in sums])
    torch.testing.assert_close(losses.double(), expected, rtol=1e-5, atol=1e-6)
    w = model.networks["net"].w
    (got,) = torch.autograd.grad(losses[:5].sum(), [w])
    (want,) = torch.autograd.grad(expected[:5].sum(), [w])
    torch.testing.assert_close(got.double(), want, rtol=1e-5, atol=1e-6)


def test_accuracy_predict_and_confusion() -> None:
    model, items = _model()
    guess = digit_probs(model.networks["net"], items).argmax(1).tolist()
    best = _value(tuple(guess[i] for i in A)) + _value(tuple(guess[i] for i in B))
    m = model.evaluate([_example(A, B, best), _example(A, B, best + 1), _example(A, B, 7777)])
    assert m["mode"] == "answer" and m["test_accuracy"] == pytest.approx(1 / 3)
    assert model.confusion[(str(best), str(best))] == 1
    assert model.confusion[("7777", str(best))] == 1
    (answer, value), = model.predict(_example(A, B, "S")).items()
    p = digit_probs(model.networks["net"], items).detach()
    assert answer == str(best) and value == pytest.approx(float(_p_sum(p, A, B, best)), rel=1e-5)


def test_answer_digits_and_columns() -> None:
    plan = AnswerPlan(offset=-5, n_digits=2, const=0, terms=())
    assert plan.digits(-5) == [0, 0] and plan.digits(94) == [9, 9]
    assert plan.digits(95) == [-1, -1] and plan.digits(-6) == [-1, -1]
    assert plan.digits("a") == [-1, -1]
    cols = answer_columns(torch.tensor([[1, 2], [-1, -1]]))
    assert cols.tolist() == [0, -1]


def test_prediction_is_the_expression_at_the_best_options() -> None:
    plan = AnswerPlan(offset=0, n_digits=2, const=3, terms=((10, 0, (0, 1)), (-1, 2, (5, 7))))
    table = torch.tensor([[0.2, 0.8, 0.9, 0.1], [0.6, 0.4, 0.3, 0.7]])
    assert plan.predict(table) == [3 + 10 - 5, 3 + 0 - 7]
