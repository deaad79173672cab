"""QueryPattern on a hand-built ground MNIST-addition program, against brute force."""

from __future__ import annotations

import itertools

import pytest
import torch
from torch import nn

from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
    NeuralWeight,
)
from cortexlog.language.terms import Num, Struct
from cortexlog.neural.literals import literal_weights
from cortexlog.neural.pattern import QueryPattern

K = 4  # digits 0..3 keep the test small


def _addition_gp() -> GroundProgram:
    groups, rules = [], []
    for img in ("img0", "img1"):
        w = tuple(NeuralWeight("net", (Struct(img),), k) for k in range(K))
        labels = tuple(Struct("digit", (Struct(img), Num(k))) for k in range(K))
        groups.append(ChoiceGroup(w, labels, exhaustive=True))
    queries = [Struct("addition", (Struct("img0"), Struct("img1"), Num(s)))
               for s in range(2 * K - 1)]
    for i, j in itertools.product(range(K), repeat=2):
        body = (Literal(ChoiceVar(0, i)), Literal(ChoiceVar(1, j)))
        rules.append(GroundRule(queries[i + j], body))
    return GroundProgram(tuple(groups), tuple(rules), tuple(queries))


class Lin(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(3, K)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(x)


def _brute(p0: torch.Tensor, p1: torch.Tensor) -> torch.Tensor:
    out = torch.zeros(p0.shape[0], 2 * K - 1, dtype=p0.dtype)
    for i, j in itertools.product(range(K), repeat=2):
        out[:, i + j] += p0[:, i] * p1[:, j]
    return out


def _max_over_pairs(t: torch.Tensor, luk: bool = False) -> torch.Tensor:
    """Per sum s, max (or Lukasiewicz OR) over i + j = s of the pair values t[:, i, j]."""
    out = torch.zeros(t.shape[0], 2 * K - 1, dtype=t.dtype)
    for s in range(2 * K - 1):
        terms = torch.stack([t[:, i, s - i] for i in range(K) if 0 <= s - i < K], 1)
        out[:, s] = terms.sum(1).clamp(max=1.0) if luk else terms.amax(1)
    return out


@pytest.mark.parametrize("semantics", ["mpe", "possibilistic", "lukasiewicz"])
def test_max_semantics_match_brute_force(semantics: str) -> None:
    """mpe: max of products; possibilistic: max-min of Dubois-Prade possibilities of each
    whole digit distribution; lukasiewicz: bounded sum of max(0, a + b - 1)."""
    from cortexlog.semantics.possibilistic import dubois_prade

    torch.manual_seed(2)
    net = Lin().double()
    pattern = QueryPattern.from_ground(_addition_gp(), semantics)
    a, b = torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 3, dtype=torch.float64)
    values, _ = pattern({"img0": a, "img1": b}, {"net": net})
    p0, p1 = net(a).softmax(-1), net(b).softmax(-1)
    if semantics == "mpe":
        expected = _max_over_pairs(p0[:, :, None] * p1[:, None, :])
    elif semantics == "possibilistic":
        pi0, pi1 = dubois_prade(p0), dubois_prade(p1)
        expected = _max_over_pairs(torch.minimum(pi0[:, :, None], pi1[:, None, :]))
    else:
        pair = (p0[:, :, None] + p1[:, None, :] - 1).clamp(min=0.0)
        expected = _max_over_pairs(pair, luk=True)
    cols = [pattern.queries.index(q) for q in _addition_gp().queries]
    torch.testing.assert_close(values[:, cols], expected)
    v2, _ = pattern({"img0": a[2:3], "img1": b[2:3]}, {"net": net})
    torch.testing.assert_close(v2[0], values[2])


@pytest.mark.parametrize("semantics", ["probability", "logprob", "product", "godel"])
def test_pattern_matches_brute_force(semantics: str) -> None:
    torch.manual_seed(0)
    net = Lin().double()
    pattern = QueryPattern.from_ground(_addition_gp(), semantics)
    a, b = torch.randn(5, 3, dtype=torch.float64), torch.randn(5, 3, dtype=torch.float64)
    values, outs = pattern({"img0": a, "img1": b}, {"net": net})
    p0, p1 = net(a).softmax(-1), net(b).softmax(-1)
    pairs = p0[:, :, None] * p1[:, None, :]
    if semantics == "probability":
        expected = _brute(p0, p1)
    elif semantics == "logprob":
        expected = _brute(p0, p1).log()
    else:
        expected = torch.zeros(5, 2 * K - 1, dtype=p0.dtype)
        for s in range(2 * K - 1):
            terms = [(pairs if semantics == "product" else torch.minimum(
                p0[:, :, None], p1[:, None, :]))[:, i, s - i]
                for i in range(K) if 0 <= s - i < K]
            t = torch.stack(terms, 1)
            expected[:, s] = (1 - (1 - t).prod(1)) if semantics == "product" else t.amax(1)
    cols = [pattern.queries.index(q) for q in _addition_gp().queries]
    torch.testing.assert_close(values[:, cols], expected)
    assert outs["net"].shape == (2, 5, K)
    # batch row i == evaluating example i alone
    v2, _ = pattern({"img0": a[3:4], "img1": b[3:4]}, {"net": net})
    torch.testing.assert_close(v2[0], values[3])


def test_literal_weights_follow_compile_convention() -> None:
    torch.manual_seed(1)
    net = Lin().double()
    pattern = QueryPattern.from_ground(_addition_gp(), "probability")
    a, b = torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 3, dtype=torch.float64)
    pos, neg, _ = pattern.probabilities({"img0": a, "img1": b}, {"net": net})
    ref_pos, ref_neg = literal_weights(pattern.compiled, [net(a).softmax(-1), net(b).softmax(-1)])
    torch.testing.assert_close(pos, ref_pos)
    torch.testing.assert_close(neg, ref_neg)


def test_gradients_flow_to_the_network() -> None:
    net = Lin().double()
    pattern = QueryPattern.from_ground(_addition_gp(), "probability")
    a, b = torch.randn(4, 3, dtype=torch.float64), torch.randn(4, 3, dtype=torch.float64)
    values, _ = pattern({"img0": a, "img1": b}, {"net": net})
    (-values[:, 2].log().mean()).backward()
    assert net.lin.weight.grad is not None and net.lin.weight.grad.abs().sum() > 0


@pytest.mark.parametrize("semantics", ["probability", "logprob", "mpe", "possibilistic",
                                       "godel", "product", "lukasiewicz"])
def test_literal_fast_path_equals_table_path(semantics: str) -> None:
    pattern = QueryPattern.from_ground(_addition_gp(), semantics)
    enc = pattern.literals
    w = torch.rand(5, 2 * K, dtype=torch.float64)
    fast = enc(w)
    direct = enc._direct
    enc._direct = False
    try:
        slow = enc(w)
    finally:
        enc._direct = direct
    torch.testing.assert_close(fast[0], slow[0])
    torch.testing.assert_close(fast[1], slow[1])
