"""Small programs and fixed networks for training tests (hand-checkable values)."""

from __future__ import annotations

import torch
from torch import nn

PROGRAM = (
    "nn(net,[X],Y,[0,1,2]) :: digit(X,Y).\n"
    "add(X,Y,Z) :- digit(X,A), digit(Y,B), Z is A+B.\n"
    "equal(X,Y) :- digit(X,N), digit(Y,N).\n"
)


class Scale(nn.Module):
    """Logits = items * w (items are logit vectors): a one-parameter-per-class network."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.tensor([1.0, 0.5, 2.0], dtype=torch.float64))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.w


def digit_probs(net: nn.Module, items: torch.Tensor) -> torch.Tensor:
    """The distribution of each item's digit under `net`."""
    return net(items).softmax(-1)
