"""The spiking digit classifier as a neural predicate: shapes, batching, state, learning."""

from __future__ import annotations

import pytest
import torch

from cortexlog.brain.nets import SpikingDigitNet, pooled_side
from cortexlog.data import load_digits_8x8
from cortexlog.neural.networks import parse_network_args
from cortexlog.tasks import get_task
from cortexlog.train import Model

pytestmark = pytest.mark.usefixtures("one_thread_private_cache")


def _small(seed: int = 0, image_size: int = 8) -> SpikingDigitNet:
    torch.manual_seed(seed)
    return SpikingDigitNet(steps=4, image_size=image_size, channels=(16, 32), hidden=128)


def _active(seed: int = 0) -> SpikingDigitNet:
    """A small net in eval mode whose three spiking layers all fire on random images.

    At initialisation the hidden layer is silent (its input current stays below
    threshold); a bias pushes it over, and a few training-mode passes set BatchNorm's
    running statistics to the batch statistics' scale.
    """
    net = _small(seed)
    with torch.no_grad():
        net.fc1.bias.fill_(2.0)
        for _ in range(80):  # BN momentum 0.1: the initial variance 1 decays away
            net(torch.rand(32, 1, 8, 8))
    return net.eval()


@pytest.mark.parametrize("side", [8, 28])
def test_logits_shape_and_grid(side: int) -> None:
    net = _small(image_size=side)
    assert net(torch.rand(5, 1, side, side)).shape == (5, 10)
    assert net.fc1.in_features == 32 * pooled_side(side) ** 2
    # a different input size still works (adaptive pooling), e.g. the CLI's default net
    other = 8 if side == 28 else 28
    assert net(torch.rand(2, 1, other, other)).shape == (2, 10)


def test_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="expected images"):
        _small()(torch.rand(3, 8, 8))
    with pytest.raises(ValueError, match="steps"):
        SpikingDigitNet(steps=0)


def test_batch_property_in_eval_mode() -> None:
    net = _active()
    x = torch.rand(7, 1, 8, 8)
    with torch.no_grad():
        full = net(x)
        z1, z2, z3 = net.spikes(x)
        rows = torch.cat([net(x[i : i + 1]) for i in range(len(x))])
    assert z1.sum() > 0 and z2.sum() > 0 and z3.sum() > 0
    torch.testing.assert_close(full, rows, rtol=1e-5, atol=1e-5)


def test_stateless_and_instances_share_nothing() -> None:
    a, b = _small(seed=3).eval(), _small(seed=3).eval()
    x = torch.rand(4, 1, 8, 8)
    with torch.no_grad():
        first, again, from_b = a(x), a(x), b(x)
    torch.testing.assert_close(first, again)  # no state carried between calls
    torch.testing.assert_close(first, from_b)  # same seed, same function
    ptrs_a = {p.data_ptr() for p in a.parameters()} | {t.data_ptr() for t in a.buffers()}
    ptrs_b = {p.data_ptr() for p in b.parameters()} | {t.data_ptr() for t in b.buffers()}
    assert not ptrs_a & ptrs_b
    # training b (one step, batch statistics updated) leaves a unchanged
    b.train()
    opt = torch.optim.SGD(b.parameters(), lr=0.5)
    torch.nn.functional.cross_entropy(b(x * 3), torch.arange(4)).backward()
    opt.step()
    with torch.no_grad():
        torch.testing.assert_close(a(x), first)
        assert not torch.allclose(b.eval()(x), first)


def test_gradients_reach_every_layer_through_spikes() -> None:
    net = _active().train()
    net(torch.rand(6, 1, 8, 8)).logsumexp(1).sum().backward()
    for name, p in net.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_cli_reference_instantiates_the_class() -> None:
    nets = parse_network_args(["mnist_net=cortexlog.brain.nets:SpikingDigitNet"])
    assert isinstance(nets["mnist_net"], SpikingDigitNet)
    assert nets["mnist_net"](torch.rand(2, 1, 28, 28)).shape == (2, 10)


def test_spiking_predicate_learns_addition_through_the_circuit() -> None:
    tr, te = load_digits_8x8("train"), load_digits_8x8("test")
    task = get_task("mnist-addition").make(tr.labels, te.labels, 1, None, None, 0)
    net = _small(seed=0)
    model = Model(task.program, networks={"mnist_net": net})
    model.add_tensors("train", tr.images, tr.labels).add_tensors("test", te.images, te.labels)
    assert model.networks["mnist_net"] is net  # bound as is, no special casing
    before = model.evaluate(task.test)
    hist = model.fit(task.train, task.test, epochs=4, batch_size=16, lr=3e-3, progress=False)
    # chance: ~10% digits; the most frequent sum is ~10% of the pairs
    assert before["accuracy/mnist_net/test"] < 0.25
    assert hist[-1]["accuracy/mnist_net/test"] > 0.8
    assert hist[-1]["test_accuracy"] > 0.6
    assert hist[-1]["train_loss"] < hist[0]["train_loss"]
