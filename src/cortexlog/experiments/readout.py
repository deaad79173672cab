"""A softmax-regression readout of fixed features (liquid or reservoir states).

Nothing reaches back into whatever produced the features: this is the linear layer of
a liquid state machine, trained with Adam on standardised features.
"""

from __future__ import annotations

import math
from typing import Protocol

import torch
from torch import Tensor, nn


class ReadoutConfig(Protocol):
    """What the readout needs from an experiment's configuration."""

    @property
    def readout_epochs(self) -> int: ...

    @property
    def readout_lr(self) -> float: ...

    @property
    def seed(self) -> int: ...


def train_readout(train: Tensor, y: Tensor, cfg: ReadoutConfig) -> nn.Linear:
    """Softmax regression on standardised states (Adam, cosine-decayed learning rate).

    Args:
        train: states ``[N, n]``.
        y: labels ``[N]``.
        cfg: configuration.

    Returns:
        the readout, with the standardisation folded into its weight ``[classes, n]`` and
        bias (classes: ``max(y) + 1``).
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    mean, std = train.mean(0), train.std(0).clamp_min(1e-3)
    z = (train - mean) / std
    lin = nn.Linear(train.shape[1], int(y.max()) + 1)
    opt = torch.optim.Adam(lin.parameters(), lr=cfg.readout_lr)
    steps = cfg.readout_epochs * math.ceil(len(y) / 100)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(cfg.readout_epochs):
        order = torch.randperm(len(y), generator=gen)
        for s in range(0, len(y), 100):
            idx = order[s : s + 100]
            loss = nn.functional.cross_entropy(lin(z[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    with torch.no_grad():
        lin.weight.div_(std)
        lin.bias.sub_(lin.weight @ mean)
    return lin
