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
from torch import Tensor, nn
from tqdm import tqdm

from cortexlog.brain.nets import SpikingDigitNet
from cortexlog.brain.neurons import lif_initial_state, lif_step
from cortexlog.experiments.common import Split


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


def hidden_activity(model: SpikingDigitNet, x: Tensor) -> tuple[Tensor, Tensor]:
    """Spikes and membrane potentials (before reset) of the hidden fully-connected layer.

    The layer is rerun step by step with :func:`cortexlog.brain.neurons.lif_step` from the
    current ``fc1`` feeds it, so its spikes equal those of ``model.spikes`` (tested).

    Args:
        model: the network (evaluated as it is: call ``eval()`` first for test images).
        x: images ``[B, 1, H, W]``.

    Returns:
        spikes and potentials, each ``[T, B, hidden]``.
    """
    params = model.lif3.params
    with torch.no_grad():
        _, z2, _ = model.spikes(x)
        pooled = model.pool(z2.flatten(0, 1)).flatten(1)
        current = model.fc1(pooled).unflatten(0, (model.steps, x.shape[0]))
        state = lif_initial_state(current[0], params)
        spikes, potentials = [], []
        for t in range(model.steps):
            v_prev = state.v
            z, state = lif_step(current[t], state, params)
            potentials.append(v_prev + (params.dt / params.tau_mem)
                              * (params.v_leak - v_prev + state.i))
            spikes.append(z)
    return torch.stack(spikes), torch.stack(potentials)
