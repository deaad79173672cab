"""A small network for neural-call tests: linear over its concatenated inputs, counting calls."""

from __future__ import annotations

import torch
from torch import nn


class Counting(nn.Module):
    """A linear layer over its concatenated inputs that counts its calls."""

    def __init__(self, d_in: int, d_out: int) -> None:
        super().__init__()
        self.lin = nn.Linear(d_in, d_out)
        self.calls = 0

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        return self.lin(torch.cat(xs, dim=1))
