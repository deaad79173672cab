"""Short real training runs on the 8x8 digits: learning through the compiled program."""

from __future__ import annotations

import pytest
import torch

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
    images, sums = train.batch(torch.arange(16))
    loss = obj(images, sums)
    loss.backward()
    for name in ("mnist_net", "sum_net"):
        grads = [p.grad for p in obj.nets[name].parameters()]
        assert all(g is not None for g in grads)
        assert sum(float(g.abs().sum()) for g in grads) > 0
    # the constraint term is -log sum_ij p1(i) p2(j) s(i+j): check against brute force
    with torch.no_grad():
        imgs = [images[:, 0], images[:, 1]]
        p1, p2 = (obj.nets["mnist_net"](x).softmax(-1) for x in imgs)
        s = obj.nets["sum_net"](*imgs).softmax(-1)
        sat = sum(p1[:, i] * p2[:, j] * s[:, i + j] for i in range(10) for j in range(10))
        ce = -s.gather(1, sums[:, None]).squeeze(1).log()
        torch.testing.assert_close(obj(images, sums), (ce - sat.log()).mean(), rtol=1e-4, atol=1e-5)


def test_untrainable_semantics_are_rejected() -> None:
    with pytest.raises(SemanticsError, match="trainable"):
        trainable_semantics("boolean")
    with pytest.raises(SemanticsError, match="valid names"):
        trainable_semantics("nope")
