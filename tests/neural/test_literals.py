"""LiteralEncoder: option probabilities -> literal values, against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from cortexlog.circuits.ir import CircuitBuilder
from cortexlog.compile import CompiledCircuit, InputVar, VarKind
from cortexlog.compile.weights import float_literal_weights
from cortexlog.neural.literals import LiteralEncoder, literal_weights
from cortexlog.semantics import get_semantics

# One fact (group 0) and a non-exhaustive two-option AD (group 1: OPTION, OPTION, NONE).
VARIABLES = (
    InputVar(VarKind.FACT, 0, 0),
    InputVar(VarKind.OPTION, 1, 0),
    InputVar(VarKind.OPTION, 1, 1),
    InputVar(VarKind.NONE, 1, -1),
)
W = [[0.2, 0.5, 0.3]]  # p(fact), p(option 0), p(option 1); p(none) = 0.2


def _compiled(conditioned: bool) -> CompiledCircuit:
    return CompiledCircuit(
        CircuitBuilder().build([]), VARIABLES, ((0,), (1, 2, 3)), (), conditioned
    )


def _encode(
    semantics: str, conditioned: bool, w: list[list[float]] = W
) -> tuple[list[list[float]], list[list[float]]]:
    enc = LiteralEncoder(_compiled(conditioned), get_semantics(semantics), (0, 1), 3)
    pos, neg = enc(torch.tensor(w, dtype=torch.float64))
    return pos.tolist(), neg.tolist()


@pytest.mark.parametrize(
    ("conditioned", "neg"), [(True, [0.8, 1.0, 1.0, 1.0]), (False, [0.8, 0.5, 0.7, 1.0])]
)
def test_probability_values(conditioned: bool, neg: list[float]) -> None:
    pos, got_neg = _encode("probability", conditioned)
    np.testing.assert_allclose(pos, [[0.2, 0.5, 0.3, 0.2]], rtol=1e-12)
    np.testing.assert_allclose(got_neg, [neg], rtol=1e-12)


def test_logprob_is_log_of_probability() -> None:
    pos, neg = _encode("logprob", conditioned=False)
    np.testing.assert_allclose(pos, [[math.log(x) for x in (0.2, 0.5, 0.3, 0.2)]], rtol=1e-12)
    np.testing.assert_allclose(neg, [[math.log(x) for x in (0.8, 0.5, 0.7, 1.0)]], rtol=1e-12)


def test_possibilistic_encodes_whole_distributions() -> None:
    # Dubois-Prade: fact (0.2, 0.8) -> (0.2, 1); AD (0.5, 0.3, none 0.2) -> (1, 0.5, 0.2).
    pos, neg = _encode("possibilistic", conditioned=True)
    np.testing.assert_allclose(pos, [[0.2, 1.0, 0.5, 0.2]], rtol=1e-12)
    np.testing.assert_allclose(neg, [[1.0, 1.0, 1.0, 1.0]], rtol=1e-12)


@pytest.mark.parametrize("semantics", ["probability", "possibilistic", "godel"])
def test_batched_rows_equal_single_rows(semantics: str) -> None:
    gen = torch.Generator().manual_seed(0)
    fact = torch.rand(5, 1, generator=gen, dtype=torch.float64)
    ad = torch.rand(5, 3, generator=gen, dtype=torch.float64).softmax(-1)[:, :2]
    w = torch.cat([fact, ad], dim=1).tolist()
    pos, neg = _encode(semantics, semantics == "possibilistic", w)
    for i, row in enumerate(w):
        one_pos, one_neg = _encode(semantics, semantics == "possibilistic", [row])
        np.testing.assert_allclose(pos[i], one_pos[0], rtol=1e-12)
        np.testing.assert_allclose(neg[i], one_neg[0], rtol=1e-12)


@pytest.mark.parametrize("conditioned", [True, False])
def test_literal_weights_float_and_tensor_paths_agree(conditioned: bool) -> None:
    cc = _compiled(conditioned)
    pos_t, neg_t = literal_weights(cc, [torch.tensor([0.2]), torch.tensor([0.5, 0.3])])
    pos_f, neg_f = float_literal_weights(VARIABLES, [[0.2], [0.5, 0.3]], conditioned)
    np.testing.assert_allclose(pos_t[0].numpy(), pos_f, rtol=1e-6)
    np.testing.assert_allclose(neg_t[0].numpy(), neg_f, rtol=1e-6)
