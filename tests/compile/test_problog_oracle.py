"""exact_probabilities against ProbLog on ProbLog-grounded programs; literal_weights in torch."""

from __future__ import annotations

import pytest
import torch

from cortexlog.compile import build_formula, compile_sdd, exact_probabilities, literal_weights
from cortexlog.compile.benchmarks import addition, dice, problog_sdd, reachability, smokers
from cortexlog.compile.problog_bridge import from_problog_formula, problog_ground
from cortexlog.language.terms import Struct

PROGRAMS = [
    smokers(4),
    reachability(5, seed=1),
    dice(2),
    addition(1),
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
    assert torch.allclose(pos[1], torch.from_numpy(pos_np)) and torch.allclose(
        neg[0], torch.from_numpy(neg_np))
    pos.sum().backward()
    assert probs[0].grad is not None
    assert Struct("r") in exact_probabilities(gp)
