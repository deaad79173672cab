"""Tensor-valued networks `nn(net, Inputs, E) :: p(..., E)` feeding other networks, and
networks whose input list is a variable: compared with the hand-composed torch modules."""

from __future__ import annotations

import pytest
import torch
from tests.neural.counting import Counting

from cortexlog.errors import CortexlogError
from cortexlog.grounding import ground
from cortexlog.language import parse, parse_term
from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.pattern import QueryPattern

PROGRAM = """
nn(embed, [X], E) :: embedding(X, E).
nn(refine, [E], F) :: refine(E, F).
nn(classifier, [E], Y, [a, b]) :: cls(E, Y).
nn(pair, L, Y, [0, 1]) :: pair(L, Y).
label(X, Y) :- embedding(X, E), cls(E, Y).
deep(X, Y) :- embedding(X, E), refine(E, F), cls(F, Y).
same(X, Z, Y) :- embedding(X, E1), embedding(Z, E2), pair([E1, E2], Y).
"""
QUERIES = ["label(img0, Y)", "deep(img1, Y)", "same(img0, img1, Y)"]


def _nets() -> dict[str, Counting]:
    torch.manual_seed(0)
    return {"embed": Counting(4, 3), "refine": Counting(3, 3), "classifier": Counting(3, 2),
            "pair": Counting(6, 2)}


def _plan() -> tuple[NeuralCalls, list[str]]:
    gp = ground(parse(PROGRAM), [parse_term(q) for q in QUERIES])
    return NeuralCalls.from_ground(gp), [str(q).replace(" ", "") for q in gp.queries]


def test_plan_levels_and_sources() -> None:
    plan, _ = _plan()
    assert plan.sources == ("img0", "img1")
    e0, e1 = "'$nn'(embed,[img0])", "'$nn'(embed,[img1])"
    assert [sorted(d[0] for d in level) for level in plan.derived] == [
        [e0, e1], ["'$nn'(refine,['$nn'(embed,[img1])])"]]
    assert plan.calls["pair"] == ((e0, e1),)


def test_outputs_match_the_hand_composition() -> None:
    plan, _ = _plan()
    nets = _nets()
    x0, x1 = torch.randn(5, 4), torch.randn(5, 4)
    w, outputs = plan.evaluate({"img0": x0, "img1": x1}, nets)
    assert {k: m.calls for k, m in nets.items()} == dict.fromkeys(nets, 1)
    assert set(outputs) == {"classifier", "pair"}
    e0, e1 = nets["embed"].lin(x0), nets["embed"].lin(x1)
    want = {
        "cls0": nets["classifier"].lin(e0).softmax(-1),
        "cls1": nets["classifier"].lin(nets["refine"].lin(e1)).softmax(-1),
        "pair": nets["pair"].lin(torch.cat([e0, e1], 1)).softmax(-1),
    }
    expected = torch.cat(list(want.values()), 1)
    assert w.shape == expected.shape == (5, 6)
    for col in expected.T:  # every column computed once, in some group order
        matches = [j for j in range(6) if torch.allclose(w[:, j], col, atol=1e-6)]
        assert len(matches) == 1
    # batched == per example, and gradients reach the embedding network
    w2, _ = plan.evaluate({"img0": x0[3:4], "img1": x1[3:4]}, nets)
    torch.testing.assert_close(w2[0], w[3])
    w.sum().backward()
    assert nets["embed"].lin.weight.grad is not None
    assert float(nets["embed"].lin.weight.grad.abs().sum()) > 0


def test_query_probabilities_end_to_end() -> None:
    gp = ground(parse(PROGRAM), [parse_term(q) for q in QUERIES])
    pattern = QueryPattern.from_ground(gp)
    nets = _nets()
    x0, x1 = torch.randn(3, 4), torch.randn(3, 4)
    values, _ = pattern({"img0": x0, "img1": x1}, nets)
    e0, e1 = nets["embed"].lin(x0), nets["embed"].lin(x1)
    cls0 = nets["classifier"].lin(e0).softmax(-1)
    cls1 = nets["classifier"].lin(nets["refine"].lin(e1)).softmax(-1)
    pair = nets["pair"].lin(torch.cat([e0, e1], 1)).softmax(-1)
    expect = {
        "label(img0,a)": cls0[:, 0], "label(img0,b)": cls0[:, 1],
        "deep(img1,a)": cls1[:, 0], "deep(img1,b)": cls1[:, 1],
        "same(img0,img1,0)": pair[:, 0], "same(img0,img1,1)": pair[:, 1],
    }
    names = [str(q).replace(" ", "") for q in pattern.queries]
    assert sorted(names) == sorted(expect)
    for i, name in enumerate(names):
        torch.testing.assert_close(values[:, i], expect[name].to(values.dtype),
                                   atol=1e-6, rtol=1e-5)


def test_missing_network_is_named() -> None:
    plan, _ = _plan()
    nets = _nets()
    del nets["refine"]
    with pytest.raises(CortexlogError, match="no module given for network 'refine'"):
        plan.evaluate({"img0": torch.randn(2, 4), "img1": torch.randn(2, 4)}, nets)
