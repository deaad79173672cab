"""MNIST addition (N=1) with a spiking digit classifier as the neural predicate.

The program is the built-in ``nn(mnist_net, [X], Y, [0..9]) :: digit(X, Y).`` addition
program; ``mnist_net`` is a :class:`cortexlog.brain.nets.SpikingDigitNet` handed to
:class:`cortexlog.train.Model` like any other network. Only the sum of each pair is
supervised: the gradient reaches the spiking layers through the compiled circuit
(probability semantics) and then through the spikes by the surrogate derivative.
Training uses ``model.module`` (the circuit-plus-networks module, per-example losses) with
Adam and a cosine learning-rate decay; evaluation uses ``model.evaluate`` after every epoch.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

import torch
from tqdm import tqdm

from cortexlog.brain.nets import SpikingDigitNet
from cortexlog.data.mnist import MnistData
from cortexlog.tasks import get_task
from cortexlog.train import Model


@dataclass(frozen=True)
class AdditionConfig:
    """Hyper-parameters of the spiking MNIST-addition run."""

    steps: int = 4
    epochs: int = 2
    batch: int = 50
    lr: float = 2e-3
    seed: int = 0


def build_model(side: int, cfg: AdditionConfig, program: str) -> Model:
    """The addition program with a fresh spiking ``mnist_net`` (seeded by ``cfg.seed``).

    Args:
        side: image side (28 for MNIST, 8 for the scikit-learn digits).
        cfg: configuration.
        program: the addition program text.

    Returns:
        the model (logic in the architecture, probability semantics).
    """
    torch.manual_seed(cfg.seed)
    net = SpikingDigitNet(steps=cfg.steps, image_size=side)
    return Model(program, networks={"mnist_net": net})


def train_addition(
    train: MnistData, test: MnistData, cfg: AdditionConfig, train_size: int | None = None,
    test_size: int | None = None, progress: bool = True,
) -> tuple[Model, dict[str, Any]]:
    """Train the spiking predicate from sum labels only; evaluate after every epoch.

    Args:
        train: the training split (images and digit labels).
        test: the test split.
        cfg: configuration.
        train_size: training pairs (all when None).
        test_size: test pairs (all when None).
        progress: show a progress bar.

    Returns:
        (model, metrics: per-epoch sum/digit accuracies, final ``test_accuracy`` = sum
        accuracy, ``digit_accuracy``, losses and timings, pair counts).
    """
    task = get_task("mnist-addition").make(train.labels, test.labels, 1, train_size,
                                           test_size, cfg.seed)
    model = build_model(int(train.images.shape[-1]), cfg, task.program)
    model.add_tensors("train", train.images, train.labels)
    model.add_tensors("test", test.images, test.labels)
    tr, te = model.examples(task.train), task.test
    module = model.module
    opt = torch.optim.Adam(module.parameters(), lr=cfg.lr)
    n_batches = (len(tr) + cfg.batch - 1) // cfg.batch
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, max(cfg.epochs * n_batches, 1))
    gen = torch.Generator().manual_seed(cfg.seed)
    sums_curve: list[float] = []
    digits_curve: list[float] = []
    losses: list[float] = []
    seconds: list[float] = []
    for epoch in range(cfg.epochs):
        module.train()
        t0 = time.perf_counter()
        order = torch.randperm(len(tr), generator=gen)
        bar = tqdm(range(n_batches), desc=f"spiking-addition epoch {epoch + 1}",
                   leave=False, disable=not progress, file=sys.stderr, mininterval=1.0)
        for i in bar:
            loss = module(tr, order[i * cfg.batch : (i + 1) * cfg.batch]).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            losses.append(loss.item())
            bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
        seconds.append(round(time.perf_counter() - t0, 1))
        m = model.evaluate(te)
        sums_curve.append(float(m["test_accuracy"]))
        digits_curve.append(float(m["accuracy/mnist_net/test"]))
        print(f"epoch {epoch + 1}: sum acc {sums_curve[-1]:.4f}  digit acc "
              f"{digits_curve[-1]:.4f}  ({seconds[-1]} s)", file=sys.stderr)
    tail = losses[-50:] or [float("nan")]
    return model, {
        "test_accuracy": sums_curve[-1] if sums_curve else float("nan"),
        "digit_accuracy": digits_curve[-1] if digits_curve else float("nan"),
        "sum_accuracy_per_epoch": sums_curve,
        "digit_accuracy_per_epoch": digits_curve,
        "epoch_seconds": seconds,
        "final_train_loss": sum(tail) / len(tail),
        "train_pairs": len(tr),
        "test_pairs": len(te),
    }
