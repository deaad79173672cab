"""MNIST-addition examples: grouping, labels, seeds, networks."""

from __future__ import annotations

import torch

from cortexlog.data import MnistData
from cortexlog.tasks import LeNet, SumNet, make_addition_data, n_sums


def _fake_split(n: int) -> MnistData:
    labels = torch.arange(n) % 10
    images = labels.float().view(n, 1, 1, 1).expand(n, 1, 8, 8).contiguous() / 10
    return MnistData(images, labels, "test")


def test_examples_are_consecutive_shuffled_images_with_correct_sums() -> None:
    split = _fake_split(40)
    data = make_addition_data(split, digits=2, seed=7)
    assert len(data) == 10 and data.index.shape == (10, 4)
    order = torch.randperm(40, generator=torch.Generator().manual_seed(7))
    assert data.index.flatten().tolist() == order.tolist()
    d = split.labels[data.index]
    assert data.sums.tolist() == (10 * d[:, 0] + d[:, 1] + 10 * d[:, 2] + d[:, 3]).tolist()
    images, sums = data.batch(torch.tensor([3, 1]))
    assert images.shape == (2, 4, 1, 8, 8) and sums.tolist() == data.sums[[3, 1]].tolist()
    assert len(make_addition_data(split, 1, size=5)) == 5
    assert max(data.sums) < n_sums(2)


def test_networks_shapes() -> None:
    assert LeNet(10, 8)(torch.zeros(2, 1, 8, 8)).shape == (2, 10)
    assert SumNet(4, 199, 28)(*[torch.zeros(3, 1, 28, 28)] * 4).shape == (3, 199)
