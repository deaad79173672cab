"""Spike encoders: static intensities in [0, 1] to time-major spike trains ``[T, ...]``.

Random encoders take an explicit ``torch.Generator`` (no global RNG state is touched when
one is given).
"""

from __future__ import annotations

import torch
from torch import Tensor


def poisson_encode(
    x: Tensor,
    steps: int,
    max_prob: float = 1.0,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Rate (Bernoulli/Poisson) code: each step spikes with probability ``max_prob * x``.

    Args:
        x: intensities in [0, 1], any shape.
        steps: number of time steps T.
        max_prob: spike probability per step for intensity 1 (``rate * dt``).
        generator: torch.Generator for reproducibility.

    Returns:
        0/1 spikes ``[T, *x.shape]`` in x's dtype.

    >>> g = torch.Generator().manual_seed(0)
    >>> poisson_encode(torch.tensor([0.0, 1.0]), 3, generator=g).tolist()
    [[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]]
    """
    p = (x * max_prob).clamp(0.0, 1.0).expand(steps, *x.shape)
    r = torch.rand(p.shape, generator=generator, dtype=x.dtype, device=x.device)
    return (r < p).to(x.dtype)


def latency_encode(x: Tensor, steps: int, threshold: float = 0.01) -> Tensor:
    """Time-to-first-spike code: one spike at ``t = round((1 - x) (T - 1))``.

    Brighter inputs spike earlier; inputs at or below ``threshold`` never spike.

    Args:
        x: intensities in [0, 1], any shape.
        steps: number of time steps T.
        threshold: intensities ``<= threshold`` stay silent.

    Returns:
        0/1 spikes ``[T, *x.shape]`` with at most one spike per input.

    >>> latency_encode(torch.tensor([1.0, 0.5, 0.0]), 3).T.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
    """
    t_spike = torch.round((1.0 - x.clamp(0.0, 1.0)) * (steps - 1)).long()
    t = torch.arange(steps, device=x.device).view(steps, *([1] * x.dim()))
    return ((t == t_spike) & (x > threshold)).to(x.dtype)


def direct_encode(x: Tensor, steps: int) -> Tensor:
    """Direct (current) code: the analogue input repeated at every step (a view, no copy).

    Args:
        x: input currents, any shape.
        steps: number of time steps T.

    Returns:
        ``[T, *x.shape]`` tensor.

    >>> direct_encode(torch.tensor([0.5]), 2).tolist()
    [[0.5], [0.5]]
    """
    return x.unsqueeze(0).expand(steps, *x.shape)
