"""Short real training runs on the 8x8 digits: learning through the compiled program."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cortexlog.data import load_digits_8x8
from cortexlog.errors import SemanticsError
from cortexlog.tasks import make_addition_data
from cortexlog.train import Model
from cortexlog.train.losses import trainable_semantics


def _data():
    train = make_addition_data(load_digits_8x8("train"), 1, seed=0)
    test = make_addition_data(load_digits_8x8("test"), 1, seed=1)
    return train, test


@pytest.mark.parametrize("semantics", ["probability", "logprob"])
def test_architecture_mode_learns_digits_from_sums(semantics: str) -> None:
    torch.manual_seed(0)
    train, test = _data()
    model = Model(None, digits=1, semantics=semantics, image_size=8)
    before = model.evaluate(test)
    hist = model.fit(train, test, epochs=6, batch_size=16, lr=3e-3, progress=False)
    # chance: ~10% digits, the most frequent sum is ~10% of the test pairs
    assert before["digit_accuracy"] < 0.2
    assert hist[-1]["digit_accuracy"] > 0.45
    assert hist[-1]["test_accuracy"] > 0.3
    assert hist[-1]["train_loss"] < hist[0]["train_loss"]


def test_loss_mode_trains_both_heads() -> None:
    torch.manual_seed(0)
    train, _ = _data()
    model = Model(None, digits=1, logic="loss", image_size=8)
    obj = model.objective
    obj.warmup = 0
    images, sums = train.batch(torch.arange(16))
    loss = obj(images, sums)
    loss.backward()
    for name in ("mnist_net", "sum_net"):
        grads = [p.grad for p in obj.nets[name].parameters()]
        assert all(g is not None for g in grads)
        assert sum(float(g.abs().sum()) for g in grads) > 0
    # the constraint term is -log sum_ij p1(i) p2(j) s(i+j): check against brute force
    imgs = [images[:, 0], images[:, 1]]
    with torch.no_grad():
        p1, p2 = (obj.nets["mnist_net"](x).softmax(-1) for x in imgs)
        s = obj.nets["sum_net"](*imgs).softmax(-1)
        sat = sum(p1[:, i] * p2[:, j] * s[:, i + j] for i in range(10) for j in range(10))
        ce = -s.gather(1, sums[:, None]).squeeze(1).log()
        torch.testing.assert_close(obj(images, sums), (ce - sat.log()).mean(), rtol=1e-4, atol=1e-5)
    # the sum head is the constraint's fixed teacher: its gradient is the cross-entropy's
    grads = [p.grad.clone() for p in obj.nets["sum_net"].parameters()]
    obj.zero_grad()
    nn.functional.cross_entropy(obj.nets["sum_net"](*imgs), sums).backward()
    for g, p in zip(grads, obj.nets["sum_net"].parameters(), strict=True):
        torch.testing.assert_close(g, p.grad)


def test_loss_mode_warmup_skips_the_constraint() -> None:
    torch.manual_seed(0)
    train, _ = _data()
    obj = Model(None, digits=1, logic="loss", image_size=8).objective
    obj.warmup = 2
    images, sums = train.batch(torch.arange(8))
    first = obj(images, sums)
    first.backward()
    assert all(p.grad is None or float(p.grad.abs().sum()) == 0.0
               for p in obj.nets["mnist_net"].parameters())
    obj(images, sums)
    assert int(obj.steps) == 2
    ce, rule = obj.terms(images, sums)
    torch.testing.assert_close(obj(images, sums), (ce + rule).mean())
    obj.eval()
    obj(images, sums)
    assert int(obj.steps) == 3  # evaluation forwards do not count as steps


def test_untrainable_semantics_are_rejected() -> None:
    with pytest.raises(SemanticsError, match="trainable"):
        trainable_semantics("boolean")
    with pytest.raises(SemanticsError, match="valid names"):
        trainable_semantics("nope")


SEMANTICS = ["probability", "logprob", "mpe", "godel", "product", "lukasiewicz",
             "possibilistic"]


@pytest.mark.parametrize("logic", ["architecture", "loss"])
@pytest.mark.parametrize("semantics", SEMANTICS)
def test_every_semantics_trains_in_both_modes(semantics: str, logic: str) -> None:
    torch.manual_seed(0)
    train, test = _data()
    model = Model(None, digits=1, semantics=semantics, logic=logic, image_size=8)
    if logic == "loss":
        model.objective.warmup = 0
    images, sums = train.batch(torch.arange(32))
    loss = model.objective(images, sums)
    loss.backward()
    assert torch.isfinite(loss)
    grads = [p.grad for p in model.objective.nets["mnist_net"].parameters()]
    assert all(g is not None and bool(torch.isfinite(g).all()) for g in grads)
    # min-based structures can pass no gradient to the digits: Lukasiewicz max(0, a + b - 1)
    # is 0 for uncertain digits; Goedel/possibilistic min(digits, sum head) picks the sum
    if semantics in ("probability", "logprob", "mpe", "product"):
        assert sum(float(g.abs().sum()) for g in grads) > 0
    metrics = model.evaluate(test)
    assert all(0.0 <= metrics[k] <= 1.0 for k in ("test_accuracy", "digit_sum_accuracy"))
