"""The spread penalty: keeps weakly supervised networks from collapsing to one answer."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch


def spread_penalty(outputs: Sequence[dict[str, torch.Tensor]], like: torch.Tensor) -> torch.Tensor:
    """KL(batch-average prediction || uniform), summed over the categorical networks.

    A network that gives (nearly) the same answer for every input has a large penalty:
    the term counters the collapse of weakly supervised tasks, e.g. a true/false relation
    of two images (docs/experiments.md).

    Args:
        outputs: per circuit pass of the batch, each network's normalised outputs
            `[n_calls, B, d]` (binary networks, d = 1, are skipped).
        like: a tensor whose dtype and device the result takes.

    Returns:
        The penalty (a scalar).

    >>> round(float(spread_penalty([{"n": torch.tensor([[[1.0, 0.0]]])}], torch.zeros(1))), 4)
    0.6931
    """
    total = torch.zeros((), dtype=like.dtype, device=like.device)
    per_net: dict[str, list[torch.Tensor]] = {}
    for out in outputs:
        for net, probs in out.items():
            if probs.shape[-1] > 1:
                per_net.setdefault(net, []).append(probs.reshape(-1, probs.shape[-1]))
    for chunks in per_net.values():
        mean = (chunks[0].mean(0) if len(chunks) == 1 else torch.cat(chunks).mean(0))
        mean = mean.clamp_min(1e-12)
        total = total + ((mean * mean.log()).sum() + math.log(mean.shape[0])).to(like.dtype)
    return total
