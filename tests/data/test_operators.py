"""Generated operator images: shapes, labels, ranges, determinism, and that they differ."""

from __future__ import annotations

import pytest
import torch

from cortexlog.data.operators import OPERATORS, load_operators


@pytest.mark.parametrize("size", [8, 28])
def test_images_and_labels(size: int) -> None:
    ops = load_operators("train", size, n=40)
    assert ops.images.shape == (40, 1, size, size) and ops.images.dtype == torch.float32
    assert float(ops.images.min()) >= 0.0 and float(ops.images.max()) <= 1.0
    assert ops.labels.tolist() == [i % len(OPERATORS) for i in range(40)]
    assert torch.equal(ops.images, load_operators("train", size, n=40).images)
    assert not torch.equal(ops.images, load_operators("test", size, n=40).images)


def test_operators_are_told_apart_by_their_mean_image() -> None:
    """A nearest-mean classifier on the pixels beats chance by far: the glyphs carry the
    label (and are not identical copies: some are misread)."""
    train, test = load_operators("train", 28, n=400), load_operators("test", 28, n=200)
    means = torch.stack([train.images[train.labels == k].mean(0) for k in range(4)])
    dist = ((test.images.unsqueeze(1) - means.unsqueeze(0)) ** 2).flatten(2).sum(-1)
    acc = float((dist.argmin(1) == test.labels).float().mean())
    assert 0.6 < acc < 1.0


def test_split_names() -> None:
    assert len(load_operators("t10k", 8, n=4)) == 4
    with pytest.raises(ValueError, match="unknown MNIST split"):
        load_operators("valid", 8, n=4)
