"""A logic-free baseline for MNIST addition: one network maps the images to the sum."""

from __future__ import annotations

import torch
from torch import nn

from cortexlog.tasks.mnist_addition import n_sums
from cortexlog.tasks.nets import SumNet
from cortexlog.train.loop import Objective


class NeuralBaseline(Objective):
    """No logic: a sum head trained with cross-entropy on the label.

    There is no digit head: digits are predicted as -1, so digit accuracy is 0.

    Args:
        digits: N.
        image_size: image side.
    """

    def __init__(self, digits: int, image_size: int = 28) -> None:
        super().__init__()
        self.digits = digits
        self.sum_net = SumNet(2 * digits, n_sums(digits), image_size)

    def forward(self, images: torch.Tensor, sums: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the sum head."""
        logits = self.sum_net(*[images[:, i] for i in range(2 * self.digits)])
        return nn.functional.cross_entropy(logits, sums)

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The sum head's prediction; digits all predicted as -1 (no digit head)."""
        logits = self.sum_net(*[images[:, i] for i in range(2 * self.digits)])
        return logits.argmax(-1), torch.full(images.shape[:2], -1, dtype=torch.long)
