"""The standard networks' training-time image shift: what moves where, and when."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from cortexlog.neural.nets import LeNet, RandomShift, SumNet


def _shifted(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """`x` [H, W] moved by (dy, dx) with zeros in the uncovered border (the oracle)."""
    h, w = x.shape
    out = torch.zeros_like(x)
    for i in range(h):
        for j in range(w):
            si, sj = i + dy, j + dx
            if 0 <= si < h and 0 <= sj < w:
                out[i, j] = x[si, sj]
    return out


def test_every_image_is_one_whole_pixel_translation_of_itself() -> None:
    torch.manual_seed(0)
    x = torch.rand(40, 1, 6, 5) + 0.1
    y = RandomShift(2).train()(x)
    offsets = set()
    for b in range(40):
        hits = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                if torch.equal(y[b, 0], _shifted(x[b, 0], dy, dx))]
        assert len(hits) == 1
        offsets.add(hits[0])
    assert len(offsets) > 5  # offsets differ between the images of a batch


def test_identity_in_eval_mode_and_at_zero() -> None:
    x = torch.rand(3, 2, 7, 7)
    assert torch.equal(RandomShift(3).eval()(x), x)
    assert torch.equal(RandomShift(0).train()(x), x)


def test_leading_dimensions_and_channels_move_together() -> None:
    torch.manual_seed(1)
    x = torch.rand(8, 3, 5, 5)
    y = RandomShift(1).train()(x)
    for b in range(8):
        hits = [(dy, dx) for dy in range(-1, 2) for dx in range(-1, 2)
                if all(torch.equal(y[b, c], _shifted(x[b, c], dy, dx)) for c in range(3))]
        assert len(hits) == 1


def test_gradient_reaches_the_covered_pixels() -> None:
    x = torch.rand(4, 1, 6, 6, requires_grad=True)
    RandomShift(1).train()(x).sum().backward()
    assert x.grad is not None and set(x.grad.unique().tolist()) <= {0.0, 1.0}


def test_negative_pixels_is_an_error() -> None:
    with pytest.raises(ValueError, match="pixels must be >= 0"):
        RandomShift(-1)


def test_shift_adds_no_parameters_and_composes_in_sequential() -> None:
    plain, shifted = LeNet(10, 28), LeNet(10, 28, shift=2)
    assert plain.state_dict().keys() == shifted.state_dict().keys()
    seq = nn.Sequential(RandomShift(2), LeNet(10, 28)).eval()
    assert seq(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    shifted.load_state_dict(plain.state_dict())
    x = torch.rand(3, 1, 28, 28)
    assert torch.equal(shifted.eval()(x), plain.eval()(x))
    pair = SumNet(2, 19, 8, shift=1).eval()
    assert pair(torch.zeros(2, 1, 8, 8), torch.zeros(2, 1, 8, 8)).shape == (2, 19)
