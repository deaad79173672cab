"""exact_probabilities against ProbLog on ProbLog-grounded programs; literal_weights in torch."""

from __future__ import annotations

import pytest
import torch

from cortexlog.compile import build_formula, compile_sdd, exact_probabilities
from cortexlog.language.terms import Struct
from cortexlog.neural.literals import literal_weights

from .bench_programs import load
from .problog_bridge import from_problog_formula, problog_ground, problog_sdd

BENCH = load()
PROGRAMS = [
    BENCH.smokers(4),
    BENCH.reachability(5, seed=1),
    BENCH.dice_sum(2),
    BENCH.digit_addition(1),
    """0.3::a; 0.5::b; 0.2::c. 0.6::x. 0.4::y; 0.3::z.
       r :- a, x. r :- y, \\+b. s :- r, \\+z. s :- c.
       evidence(s). evidence(x, false). query(r). query(a). query(y).""",
]


@pytest.mark.parametrize("text", PROGRAMS)
def test_matches_problog(text: str) -> None:
    lf = problog_ground(text)
    expected = problog_sdd(lf)
    got = exact_probabilities(from_problog_formula(lf))
    assert {k.functor: v for k, v in got.items()} == pytest.approx(expected, abs=1e-9)


def test_literal_weights_torch_batched_and_differentiable() -> None:
    gp = from_problog_formula(problog_ground(PROGRAMS[-1]))
    compiled = compile_sdd(build_formula(gp))
    floats = [tuple(float(w) for w in g.weights) for g in gp.groups]
    probs = [torch.tensor([list(w), list(w)], dtype=torch.float64, requires_grad=True)
             for w in floats]
    pos, neg = literal_weights(compiled, probs)
    pos_np, neg_np = literal_weights(compiled, floats)
    assert pos.shape == (2, len(compiled.variables))
    assert torch.allclose(pos[1], torch.tensor(pos_np, dtype=torch.float64)) and torch.allclose(
        neg[0], torch.tensor(neg_np, dtype=torch.float64))
    pos.sum().backward()
    assert probs[0].grad is not None
    assert Struct("r") in exact_probabilities(gp)
