"""The softmax readout: learns separable features, and folds the standardisation into its
weights (raw features in, the same logits as standardised features through the trained
layer)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from cortexlog.experiments.readout import train_readout


@dataclass(frozen=True)
class Cfg:
    readout_epochs: int = 20
    readout_lr: float = 0.05
    seed: int = 0


def test_separable_counts_are_read_out() -> None:
    gen = torch.Generator().manual_seed(0)
    y = torch.randint(0, 3, (300,), generator=gen)
    centres = torch.tensor([[50.0, 0.0, 5.0], [0.0, 40.0, 5.0], [0.0, 0.0, 60.0]])
    x = centres[y] + torch.rand(300, 3, generator=gen) * 5  # raw, unstandardised counts
    lin = train_readout(x, y, Cfg())
    assert lin.weight.shape == (3, 3)  # classes = max label + 1
    with torch.no_grad():
        assert float((lin(x).argmax(1) == y).float().mean()) == 1.0


def test_same_seed_same_readout() -> None:
    x = torch.rand(120, 4, generator=torch.Generator().manual_seed(1))
    y = (x[:, 0] > 0.5).long()
    torch.manual_seed(0)
    a = train_readout(x, y, Cfg(readout_epochs=3))
    torch.manual_seed(0)
    b = train_readout(x, y, Cfg(readout_epochs=3))
    assert torch.equal(a.weight, b.weight) and torch.equal(a.bias, b.bias)
