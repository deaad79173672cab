"""The formula task: labels are what the program computes, lengths mix, no division by 0."""

from __future__ import annotations

import random

import pytest
import torch

from cortexlog.data.operators import OPERATORS
from cortexlog.errors import CortexlogError
from cortexlog.language import parse, parse_term
from cortexlog.language.terms import Num, Struct, iter_list, make_list
from cortexlog.neural.worlds import WorldProgram
from cortexlog.tasks.hwf import PROGRAM, formula_value, hwf_examples
from cortexlog.train.tensors import load_source


def _program_value(symbols: list[int | str]) -> float | None:
    """The formula's value by grounding examples/hwf.pl in the world of these symbols."""
    wp = WorldProgram(parse(PROGRAM))
    images = [Struct(f"i{k}") for k in range(len(symbols))]
    query = Struct("formula", (make_list(images), parse_term("R")))
    calls = wp.calls(query)
    world = tuple(c.domain.index(parse_term(str(s))) for c, s in zip(calls, symbols,
                                                                       strict=True))
    answers = wp.answers(query, calls, world)
    if not answers:
        return None
    (atom,) = answers
    value = atom.args[1]
    assert isinstance(value, Num) and isinstance(value.value, float)
    return value.value


def test_labels_agree_with_the_program_on_random_formulas() -> None:
    rng = random.Random(0)
    for _ in range(40):
        n = rng.randint(1, 4)
        symbols: list[int | str] = [rng.randrange(10)]
        for _ in range(n - 1):
            symbols += [rng.choice(OPERATORS), rng.randrange(10)]
        assert formula_value(symbols) == _program_value(symbols), symbols


def test_hand_computed_values() -> None:
    assert formula_value([3]) == 3.0
    assert formula_value([2, "plus", 3, "times", 4]) == 14.0
    assert formula_value([8, "div", 3, "minus", 1]) == 1.6667
    assert formula_value([1, "div", 0]) is None and _program_value([1, "div", 0]) is None


def test_examples_mix_lengths_and_read_both_sources() -> None:
    labels = torch.arange(500) % 10
    ex = hwf_examples(labels, "train", 4, 300, seed=0)
    assert len(ex) == 300
    lengths = {len(list(iter_list(e.query.args[0]))) for e in ex}
    assert lengths == {1, 3, 5, 7}
    for e in ex[:50]:
        refs = [str(t) for t in iter_list(e.query.args[0])]
        assert all(r.startswith("tensor(train(") for r in refs[0::2])
        assert all(r.startswith("tensor(train_ops(") for r in refs[1::2])
        assert isinstance(e.query.args[1], Num) and isinstance(e.query.args[1].value, float)
    assert [str(e) for e in ex] == [str(e) for e in hwf_examples(labels, "train", 4, 300, 0)]


def test_operator_tensor_specs() -> None:
    src = load_source("ops", "operators:test:8")
    assert tuple(src.data.shape[1:]) == (1, 8, 8) and src.labels is not None
    for bad in ("operators:valid", "operators:train:x", "operators:train:2"):
        with pytest.raises(CortexlogError, match="bad operator images"):
            load_source("ops", bad)
