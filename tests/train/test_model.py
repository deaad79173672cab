"""LogicModel: losses against brute force, targets, mixed shapes, answers and errors."""

from __future__ import annotations

import math

import pytest
import torch
from tests.train.helpers import PROGRAM, Scale, digit_probs

from cortexlog.errors import CortexlogError
from cortexlog.train import Model
from cortexlog.train.examples import parse_examples
from cortexlog.train.shapes import build_example_set, shape_of


def _model(semantics: str = "probability") -> tuple[Model, torch.Tensor]:
    torch.manual_seed(0)
    items = torch.randn(6, 3, dtype=torch.float64)
    model = Model(PROGRAM, networks={"net": Scale()}, semantics=semantics, uniform_prior=0.0)
    model.add_tensors("s", items)
    return model, items


def _p_add(p: torch.Tensor, a: int, b: int, z: int) -> torch.Tensor:
    return sum(p[a, i] * p[b, j] for i in range(3) for j in range(3) if i + j == z)


def _p_equal(p: torch.Tensor, a: int, b: int) -> torch.Tensor:
    return sum(p[a, i] * p[b, i] for i in range(3))


EXAMPLES = ["add(tensor(s(0)), tensor(s(1)), 2)", ("equal(tensor(s(2)), tensor(s(3)))", 0.3),
            "add(tensor(s(4)), tensor(s(5)), 4)", ("equal(tensor(s(0)), tensor(s(5)))", 0.0),
            "add(tensor(s(1)), tensor(s(1)), 0)", "add(tensor(s(3)), tensor(s(2)), 7)"]


def _brute(model: Model, items: torch.Tensor) -> torch.Tensor:
    p = digit_probs(model.networks["net"], items)
    pa, pe = _p_add(p, 0, 1, 2), _p_equal(p, 2, 3)
    return torch.stack([
        -pa.log(), -(0.3 * pe.log() + 0.7 * (1 - pe).log()), -_p_add(p, 4, 5, 4).log(),
        -(1 - _p_equal(p, 0, 5)).log(),
        -p[1, 0].log(),  # the same image twice: digit(s1) is one choice, so P = p1(0)
        # 7: impossible (the probability is clamped at the least normal float64)
        torch.tensor(-math.log(torch.finfo(torch.float64).tiny), dtype=torch.float64),
    ])


def test_mixed_shape_batch_matches_brute_force_and_one_by_one() -> None:
    model, items = _model()
    data = model.examples(EXAMPLES)
    model.module.prepare(data)
    assert len(data.groups) == 3  # add, equal, add with one image twice
    losses = model.module(data, torch.arange(6))
    expected = _brute(model, items)
    torch.testing.assert_close(losses.double(), expected, rtol=1e-5, atol=1e-6)
    (grad_all,) = torch.autograd.grad(losses.sum(), [model.networks["net"].w])
    one_by_one = sum(model.module(data, torch.tensor([i])).sum() for i in range(6))
    (grad_each,) = torch.autograd.grad(one_by_one, [model.networks["net"].w])
    torch.testing.assert_close(grad_all, grad_each)
    (grad_ref,) = torch.autograd.grad(expected[:5].sum(), [model.networks["net"].w])
    torch.testing.assert_close(grad_all.double(), grad_ref, rtol=1e-5, atol=1e-6)


def test_logprob_gives_the_same_losses() -> None:
    model, items = _model("logprob")
    data = model.examples(EXAMPLES[:5])
    model.module.prepare(data)
    losses = model.module(data, torch.arange(5))
    torch.testing.assert_close(losses.double(), _brute(model, items)[:5], rtol=1e-5, atol=1e-6)


def test_predict_and_functional_query() -> None:
    model, items = _model()
    p = digit_probs(model.networks["net"], items).detach()
    answers = model.predict("add(tensor(s(0)), tensor(s(1)), Z)")
    assert list(answers) == sorted(answers, key=lambda k: -answers[k])
    for z in range(5):
        assert answers[str(z)] == pytest.approx(float(_p_add(p, 0, 1, z)), rel=1e-5)
    values, names = model.query("add(A, B, Z)", {"A": items[:2], "B": items[2:4]})
    assert values.shape == (2, 5) and names[0] == "add(A,B,0)"
    for col, name in enumerate(names):
        z = int(name.rstrip(")").rpartition(",")[2])
        assert float(values[1, col].detach()) == pytest.approx(float(_p_add(p, 1, 3, z)), rel=1e-5)
    assert values.requires_grad


def test_evaluation_modes_and_confusion() -> None:
    model, items = _model()
    p = digit_probs(model.networks["net"], items).detach()
    guess = p.argmax(1)
    answer_ex = [f"add(tensor(s({a})), tensor(s({b})), {int(guess[a] + guess[b])})"
                 for a, b in [(0, 1), (2, 3), (4, 5)]]
    m = model.evaluate(answer_ex)
    assert m["mode"] == "answer"
    # the most probable sum need not be the sum of the most probable digits: brute force
    best = [max(range(5), key=lambda z: float(_p_add(p, a, b, z))) for a, b in
            [(0, 1), (2, 3), (4, 5)]]
    right = sum(int(guess[a] + guess[b]) == z for (a, b), z in zip([(0, 1), (2, 3), (4, 5)],
                                                                    best, strict=True))
    assert m["test_accuracy"] == pytest.approx(right / 3)
    assert sum(model.confusion.values()) == 3
    thr = model.evaluate([("equal(tensor(s(0)), tensor(s(1)))", 0.0),
                          ("equal(tensor(s(2)), tensor(s(2)))", 1.0)])
    assert thr["mode"] == "threshold"
    assert thr["test_accuracy"] == pytest.approx(
        ((float(_p_equal(p, 0, 1)) < 0.5) + 1) / 2)


def test_shape_abstraction_and_output_argument() -> None:
    ex = parse_examples("add(tensor(s(3)), tensor(s(3)), 4).")[0]
    shape, idx, out = shape_of(ex)
    assert str(shape) == "add('$t0','$t0',Out)" and idx == (3,) and str(out) == "4"
    shape, _, out = shape_of(ex, None)
    assert str(shape) == "add('$t0','$t0',4)" and out is None
    with pytest.raises(CortexlogError, match="out of range"):
        shape_of(ex, 5)


@pytest.mark.parametrize(("example", "needle"), [
    ("add(tensor(s(9)), tensor(s(1)), 2)", "tensor index 9 is out of range"),
    ("add(tensor(z(0)), tensor(s(1)), 2)", "tensor source 'z', which is not registered"),
    ("add(tensor(s(-1)), tensor(s(1)), 2)", "bad tensor reference"),
    ("sub(tensor(s(0)), tensor(s(1)), 2)", "does not define"),
])
def test_bad_examples(example: str, needle: str) -> None:
    model, _ = _model()
    with pytest.raises(CortexlogError, match=needle):
        model.examples([example])


def test_unknown_network_and_evidence_are_errors() -> None:
    with pytest.raises(CortexlogError, match="network 'nett' is not declared"):
        Model(PROGRAM, networks={"nett": Scale()})
    with pytest.raises(CortexlogError, match="evidence in a training program") as err:
        Model(PROGRAM + "evidence(equal(a, b)).\n")
    assert err.value.location is not None and err.value.location.line == 4


def test_examples_set_needs_examples() -> None:
    with pytest.raises(CortexlogError, match="no examples"):
        build_example_set([], {})


def test_learnable_probabilities_train_with_the_networks() -> None:
    """`t(p)::` facts learn by gradient: P(q) = a*b -> 0.3, P(r) = a -> 0.6 gives b = 0.5."""
    model = Model("t(0.5)::a. t(0.9)::b. q :- a, b. r :- a.\n")
    assert model.probabilities == pytest.approx({"a": 0.5, "b": 0.9})
    examples = [("q", 0.3), ("r", 0.6)] * 8
    model.fit(examples, epochs=150, batch_size=16, lr=0.05, progress=False)
    learned = model.probabilities
    assert learned["a"] == pytest.approx(0.6, abs=0.01)
    assert learned["b"] == pytest.approx(0.5, abs=0.01)


def test_spread_penalty_is_the_kl_of_the_batch_average_to_uniform() -> None:
    model, items = _model()
    model.module.uniform_prior = 0.5
    data = model.examples(EXAMPLES[:3])
    model.module.prepare(data)
    with_prior = model.module(data, torch.arange(3))
    p = digit_probs(model.networks["net"], items)
    # the calls of the batch: add(s0, s1), equal(s2, s3), add(s4, s5) -> every item once
    mean = p.mean(0)
    kl = (mean * (mean * 3).log()).sum()
    expected = _brute(model, items)[:3] + 0.5 * kl
    torch.testing.assert_close(with_prior.double(), expected, rtol=1e-5, atol=1e-6)
    model.module.eval()  # the penalty is a training term only
    torch.testing.assert_close(model.module(data, torch.arange(3)).double(),
                               _brute(model, items)[:3], rtol=1e-5, atol=1e-6)


def test_shapes_with_one_circuit_share_a_pass_and_keep_their_answers() -> None:
    """`shift(A, B, K, S)` for K = 0, 1, 2: three shapes, one structure, exact losses."""
    torch.manual_seed(0)
    items = torch.randn(6, 3, dtype=torch.float64)
    program = PROGRAM + "shift(X,Y,K,Z) :- digit(X,A), digit(Y,B), Z is A+B+K.\n"
    model = Model(program, networks={"net": Scale()}, uniform_prior=0.0)
    model.add_tensors("s", items)
    cases = [(0, 1, 0, 2), (2, 3, 1, 4), (4, 5, 2, 2), (1, 2, 2, 6)]
    data = model.examples([f"shift(tensor(s({a})), tensor(s({b})), {k}, {z})"
                           for a, b, k, z in cases])
    model.module.prepare(data)
    assert len(data.groups) == 3 and len(model.module._structures) == 1
    losses = model.module(data, torch.arange(4))
    p = digit_probs(model.networks["net"], items)
    expected = torch.stack([-_p_add(p, a, b, z - k).log() for a, b, k, z in cases])
    torch.testing.assert_close(losses.double(), expected, rtol=1e-5, atol=1e-6)
    pred = model.module.predict(data, torch.arange(4))
    for i, (a, b, k, _) in enumerate(cases):
        best = max(range(5), key=lambda z: float(_p_add(p, a, b, z).detach()))
        g = int(pred["group"][i])
        assert model.module.answer_term(data, g, int(pred["pred_col"][i])) == str(best + k)


def test_lr_decay_is_checked_and_cosine_trains() -> None:
    model, _ = _model()
    with pytest.raises(CortexlogError, match="lr-decay"):
        model.fit(EXAMPLES[:1], epochs=1, lr_decay="linear", progress=False)
    history = model.fit(EXAMPLES[:1], epochs=2, lr_decay="cosine", progress=False)
    assert len(history) == 2


def test_image_shift_reaches_default_image_networks_and_rejects_negatives() -> None:
    model = Model("nn(net,[X],Y,[0,1]) :: bit(X,Y).\n", image_shift=2)
    model.add_tensors("img", torch.rand(4, 1, 12, 12))
    model.module.prepare(model.examples(["bit(tensor(img(0)), 1)"]))
    assert model.module.network_notes["net"].endswith("shifted up to 2 px in training)")
    with pytest.raises(CortexlogError, match="image_shift must be >= 0"):
        Model("nn(net,[X],Y,[0,1]) :: bit(X,Y).\n", image_shift=-1)
