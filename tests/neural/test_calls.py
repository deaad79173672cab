"""Tests for batched neural calls and network binding (hand-built ground programs)."""

from __future__ import annotations

import pytest
import torch
from tests.neural.counting import Counting
from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import ChoiceGroup, GroundProgram, NeuralWeight
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.networks import import_reference, instantiate, parse_network_args


def _digit_group(img: str, net: str = "net") -> ChoiceGroup:
    weights = tuple(NeuralWeight(net, (Struct(img),), k) for k in range(3))
    labels = tuple(Struct("d", (Struct(img), Num(k))) for k in range(3))
    return ChoiceGroup(weights, labels, exhaustive=True)


def test_one_call_per_network_and_gather() -> None:
    torch.manual_seed(0)
    pair = ChoiceGroup(
        (NeuralWeight("pair", (Struct("a"), Struct("b")), 1),), (Struct("p"),), exhaustive=False
    )
    const = ChoiceGroup((0.25, 0.5), (Struct("c1"), Struct("c2")), exhaustive=False)
    gp = GroundProgram((_digit_group("a"), const, _digit_group("b"), pair), (), ())
    plan = NeuralCalls.from_ground(gp)
    assert plan.calls == {"net": (("a",), ("b",)), "pair": (("a", "b"),)}
    assert plan.offsets == (0, 3, 5, 8)
    nets = {"net": Counting(4, 3), "pair": Counting(8, 2)}
    a, b = torch.randn(5, 4), torch.randn(5, 4)
    w, outs = plan.evaluate({"a": a, "b": b}, nets)
    assert nets["net"].calls == 1 and nets["pair"].calls == 1
    assert w.shape == (5, 9)
    torch.testing.assert_close(w[:, 0:3], nets["net"].lin(a).softmax(-1))
    torch.testing.assert_close(w[:, 5:8], nets["net"].lin(b).softmax(-1))
    torch.testing.assert_close(w[:, 3:5], torch.tensor([[0.25, 0.5]]).expand(5, 2))
    torch.testing.assert_close(w[:, 8], nets["pair"].lin(torch.cat([a, b], 1)).softmax(-1)[:, 1])
    assert outs["net"].shape == (2, 5, 3)
    wlog, _ = plan.evaluate({"a": a, "b": b}, nets, log=True)
    torch.testing.assert_close(wlog.exp(), w)
    # batched == per example
    w0, _ = plan.evaluate({"a": a[2:3], "b": b[2:3]}, nets)
    torch.testing.assert_close(w0[0], w[2])


def test_binary_network_uses_sigmoid() -> None:
    g = ChoiceGroup((NeuralWeight("e", (Struct("x"),), 0),), (Struct("edge"),), exhaustive=False)
    plan = NeuralCalls.from_ground(GroundProgram((g,), (), ()), binary=frozenset({"e"}))
    net = Counting(2, 1)
    x = torch.randn(3, 2)
    w, _ = plan.evaluate({"x": x}, {"e": net})
    torch.testing.assert_close(w[:, 0], torch.sigmoid(net.lin(x)[:, 0]))


def test_missing_source_is_an_error() -> None:
    plan = NeuralCalls.from_ground(GroundProgram((_digit_group("a"),), (), ()))
    with pytest.raises(CortexlogError, match="a"):
        plan.evaluate({}, {"net": Counting(4, 3)})


def test_network_references() -> None:
    assert isinstance(instantiate(import_reference("cortexlog.neural.nets:LeNet")), nn.Module)
    nets = parse_network_args(["mnist_net=cortexlog.neural.nets:LeNet", "torch.nn:Identity"])
    assert set(nets) == {"mnist_net", "Identity"}
    with pytest.raises(CortexlogError, match="cannot import"):
        import_reference("cortexlog.nope:Net")
    with pytest.raises(CortexlogError):
        instantiate(42)
