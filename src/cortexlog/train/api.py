"""A short Python API: `Model(program, networks=...)`, then `fit` and `evaluate`.

    model = Model("examples/mnist_addition.pl", networks={"mnist_net": LeNet()})
    model.fit(make_addition_data(load_mnist("train")), epochs=1)
    model.evaluate(make_addition_data(load_mnist("test")))

`model.objective` is a plain `nn.Module` (`loss = model.objective(images, sums)`) for
users who prefer their own training loop.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import torch
from torch import nn

from cortexlog.tasks.mnist_addition import AdditionData
from cortexlog.train.build import build_objective, read_program
from cortexlog.train.loop import LoopConfig, evaluate, fit


class Model:
    """A logic program with neural predicates, trainable on MNIST-addition data.

    Args:
        program: a `.pl` path, program text, or None for the built-in program.
        networks: modules for the program's `nn(...)` names (defaults: LeNet).
        digits: N, digits per number.
        semantics: a trainable semantics name (probability, logprob, godel, ...).
        logic: "architecture", "loss" or "none".
        image_size: side of the input images (28 for MNIST).
    """

    def __init__(
        self,
        program: str | os.PathLike[str] | None = None,
        networks: Mapping[str, nn.Module] | None = None,
        digits: int = 1,
        semantics: str = "probability",
        logic: str = "architecture",
        image_size: int = 28,
    ) -> None:
        text, name = read_program(program, digits)
        self.objective = build_objective(text, name, digits, logic, semantics, networks,
                                         image_size)

    def fit(
        self,
        train: AdditionData,
        test: AdditionData | None = None,
        epochs: int = 1,
        batch_size: int = 32,
        lr: float = 1e-3,
        seed: int = 0,
        out: str | None = None,
        progress: bool = True,
    ) -> list[dict[str, float]]:
        """Train with Adam; evaluates on `test` (or on `train`) after every epoch.

        Args:
            train: training examples.
            test: evaluation examples (default: `train`).
            epochs: passes over `train`.
            batch_size: examples per step.
            lr: learning rate.
            seed: shuffle seed.
            out: run directory for metrics, checkpoints and the curve (None: no files).
            progress: show a progress bar.

        Returns:
            Per-epoch metrics.
        """
        cfg = LoopConfig(epochs=epochs, batch_size=batch_size, lr=lr, seed=seed, out=out,
                         progress=progress)
        return fit(self.objective, train, test if test is not None else train, cfg)

    def evaluate(self, data: AdditionData) -> dict[str, float]:
        """Sum accuracy (`test_accuracy`) and `digit_accuracy` on `data`."""
        return evaluate(self.objective, data)

    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Predicted sums [B] and digits [B, 2N] for images [B, 2N, 1, H, W]."""
        self.objective.eval()
        return self.objective.predict(images)
