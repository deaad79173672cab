"""Convolutional spiking network trained with surrogate gradients (BPTT through LIF).

Direct (current) encoding: the first convolution sees the static image once and its
output current is fed to LIF neurons at every one of ``steps`` time steps. Layers:
conv(stride 2)-BN-LIF, conv-BN-LIF-maxpool, linear-LIF, linear; the logits are the
time-average of the last linear layer (a non-spiking readout).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn
from tqdm import tqdm

from cortexlog.brain.experiments.common import Split
from cortexlog.brain.modules import LIF
from cortexlog.brain.neurons import LIFParams
from cortexlog.brain.surrogate import ARCTAN


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


# tau_syn = dt: the synaptic current is the input itself; tau_mem = 2 dt (k = 0.5)
SNN_LIF = LIFParams(tau_syn=1.0, tau_mem=2.0, v_th=1.0, surrogate=ARCTAN)


class ConvSNN(nn.Module):
    """The conv SNN; ``forward(images [B, 1, H, W]) -> logits [B, 10]``.

    Args:
        side: image side (28 for MNIST, 8 for the digits fallback).
        cfg: configuration.
    """

    def __init__(self, side: int, cfg: SNNConfig) -> None:
        super().__init__()
        c1, c2 = cfg.channels
        self.steps = cfg.steps
        self.conv1 = nn.Sequential(
            nn.Conv2d(1, c1, 5, stride=2, padding=2, bias=False), nn.BatchNorm2d(c1)
        )
        self.conv2 = nn.Sequential(
            nn.Conv2d(c1, c2, 3, padding=1, bias=False), nn.BatchNorm2d(c2)
        )
        self.lif1, self.lif2, self.lif3 = LIF(SNN_LIF), LIF(SNN_LIF), LIF(SNN_LIF)
        self.pool = nn.MaxPool2d(2)
        flat = c2 * ((side + 1) // 2 // 2) ** 2
        self.fc1 = nn.Linear(flat, cfg.hidden)
        self.fc2 = nn.Linear(cfg.hidden, 10)

    def forward(self, x: Tensor) -> Tensor:
        """Logits for a batch of images.

        Args:
            x: images ``[B, 1, H, W]``.

        Returns:
            logits ``[B, 10]`` (time-averaged readout).
        """
        t, b = self.steps, x.shape[0]
        cur = self.conv1(x)
        z, _ = self.lif1(cur.unsqueeze(0).expand(t, *cur.shape))
        z, _ = self.lif2(self.conv2(z.flatten(0, 1)).unflatten(0, (t, b)))
        z = self.pool(z.flatten(0, 1)).flatten(1)
        z, _ = self.lif3(self.fc1(z).unflatten(0, (t, b)))
        return self.fc2(z).mean(0)


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
) -> tuple[ConvSNN, dict[str, Any]]:
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
    model = ConvSNN(side, cfg)
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
