"""Convolutional spiking network trained with surrogate gradients (BPTT through LIF).

The network is :class:`cortexlog.brain.nets.SpikingDigitNet`. Direct (current) encoding:
the first convolution sees the static image once and its output current is fed to LIF
neurons at every one of ``steps`` time steps. Layers: conv(stride 2)-BN-LIF,
conv-BN-LIF-maxpool, linear-LIF, linear; the logits are the time-average of the last
linear layer (a non-spiking readout).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import nn
from tqdm import tqdm

from cortexlog.brain.experiments.common import Split
from cortexlog.brain.nets import SpikingDigitNet


@dataclass(frozen=True)
class SNNConfig:
    """Hyper-parameters of the conv SNN run."""

    steps: int = 4
    channels: tuple[int, int] = (32, 64)
    hidden: int = 256
    epochs: int = 2
    batch: int = 100
    lr: float = 2e-3
    seed: int = 0


def evaluate(model: nn.Module, data: Split, side: int, batch: int = 500) -> float:
    """Accuracy of ``model`` on ``data``.

    Args:
        model: the network.
        data: split with flattened images.
        side: image side.
        batch: evaluation batch size.

    Returns:
        accuracy in [0, 1].
    """
    model.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, len(data.y), batch):
            x = data.x[s : s + batch].reshape(-1, 1, side, side)
            correct += int((model(x).argmax(1) == data.y[s : s + batch]).sum())
    return correct / len(data.y)


def train_snn(
    train: Split, test: Split, side: int, cfg: SNNConfig
) -> tuple[SpikingDigitNet, dict[str, Any]]:
    """Train the conv SNN with Adam (cosine LR) and cross-entropy; evaluate each epoch.

    Args:
        train: training split.
        test: test split.
        side: image side.
        cfg: configuration.

    Returns:
        (model, metrics with per-epoch test accuracy and the final one).
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    model = SpikingDigitNet(cfg.steps, side, cfg.channels, cfg.hidden)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    n_batches = (len(train.y) + cfg.batch - 1) // cfg.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg.epochs * n_batches)
    curve: list[float] = []
    losses: list[float] = []
    for epoch in range(cfg.epochs):
        model.train()
        order = torch.randperm(len(train.y), generator=gen)
        bar = tqdm(range(n_batches), desc=f"snn epoch {epoch + 1}", leave=False)
        for i in bar:
            idx = order[i * cfg.batch : (i + 1) * cfg.batch]
            loss = nn.functional.cross_entropy(
                model(train.x[idx].reshape(-1, 1, side, side)), train.y[idx]
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{loss.item():.3f}")
        curve.append(evaluate(model, test, side))
    return model, {"test_accuracy": curve[-1], "test_accuracy_per_epoch": curve,
                   "final_train_loss": sum(losses[-50:]) / len(losses[-50:])}
