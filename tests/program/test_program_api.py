"""The Program API and its compiled torch module, against hand-computed values and ProbLog."""

from __future__ import annotations

import itertools

import pytest
import torch

import cortexlog
from cortexlog import Program, SemanticsError

NOISY_OR = "0.3::a. 0.6::b. c :- a. c :- b. query(c)."


def test_query_probability_noisy_or() -> None:
    assert Program.from_string(NOISY_OR).query() == pytest.approx({"c": 1 - 0.7 * 0.4})


def test_query_accepts_query_strings() -> None:
    p = Program.from_string("0.3::a. 0.6::b. c :- a. c :- b.")
    assert p.query(["c", "a"]) == pytest.approx({"c": 0.72, "a": 0.3})


@pytest.mark.parametrize(
    ("semantics", "expected"),
    [
        ("probability", 0.72),
        ("logprob", 0.72),  # reported back as a probability
        ("mpe", 0.42),  # most probable world with c: a false, b true = 0.7 * 0.6
        ("godel", 0.6),  # max(0.3, 0.6)
        ("product", 0.3 + 0.6 - 0.18),
        ("lukasiewicz", 0.9),
        ("boolean", True),
    ],
)
def test_semantics_hand_computed(semantics: str, expected: float) -> None:
    value = Program.from_string(NOISY_OR).query(semantics=semantics)["c"]
    assert value == pytest.approx(expected)


def test_fuzzy_differs_from_probability_on_shared_structure() -> None:
    # d :- a, a.  The formula has one literal: every logic agrees on 0.3 there;
    # e :- a, b: the t-norms differ.
    prog = "0.3::a. 0.6::b. e :- a, b. query(e)."
    p = Program.from_string(prog)
    assert p.query(semantics="godel")["e"] == pytest.approx(0.3)
    assert p.query(semantics="product")["e"] == pytest.approx(0.18)
    assert p.query(semantics="lukasiewicz")["e"] == pytest.approx(0.0)


def test_unknown_semantics_lists_valid_names() -> None:
    with pytest.raises(SemanticsError, match="valid names: .*probability"):
        Program.from_string(NOISY_OR).query(semantics="fuzzyish")


def test_fuzzy_with_evidence_is_a_clear_error() -> None:
    prog = NOISY_OR + " evidence(a)."
    with pytest.raises(SemanticsError, match="evidence"):
        Program.from_string(prog).query(semantics="godel")


def _brute_force_c(pa: float, pb: float) -> float:
    total = 0.0
    for a, b in itertools.product([0, 1], repeat=2):
        w = (pa if a else 1 - pa) * (pb if b else 1 - pb)
        total += w * float(a or b)
    return total


def test_compiled_module_matches_enumeration_and_is_batched() -> None:
    m = Program.from_string(NOISY_OR).compile()
    assert m.input_names == ("a", "b")
    x = torch.rand(7, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    out = m(x)
    assert out.shape == (7, 1)
    for i in range(7):
        assert out[i, 0].item() == pytest.approx(_brute_force_c(*x[i].tolist()))
        assert torch.equal(m(x[i : i + 1])[0], out[i])


@pytest.mark.parametrize("semantics", ["probability", "logprob", "product", "lukasiewicz"])
def test_compiled_module_gradcheck(semantics: str) -> None:
    prog = "0.2::x; 0.5::y; 0.3::z. 0.4::w. q :- x, w. q :- y, \\+ w. query(q)."
    m = Program.from_string(prog).compile(semantics=semantics)
    x = torch.tensor([[0.2, 0.5, 0.3, 0.4]], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(m, (x,), eps=1e-6, atol=1e-5)


def test_evidence_conditioning_in_module_matches_query() -> None:
    prog = "0.3::a. 0.6::b. c :- a. c :- b. evidence(c). query(a)."
    p = Program.from_string(prog)
    expected = 0.3 / 0.72
    assert p.query()["a"] == pytest.approx(expected)
    m = p.compile(semantics="logprob")
    assert torch.exp(m(m.default_inputs()))[0, 0].item() == pytest.approx(expected)


def test_neural_program_needs_inputs() -> None:
    prog = "nn(net, [X], Y, [0, 1]) :: d(X, Y). q :- d(img, 1). query(q)."
    m = Program.from_string(prog).compile()
    assert m.input_names == ("d(img,0)", "d(img,1)")
    with pytest.raises(SemanticsError, match="neural"):
        m.evaluate()
    out = m(torch.tensor([[0.25, 0.75], [0.9, 0.1]], dtype=torch.float64))
    assert out[:, 0].tolist() == pytest.approx([0.75, 0.1])


def test_public_api_exports() -> None:
    assert {"Program", "CortexlogError", "ParseError"} <= set(cortexlog.__all__)
