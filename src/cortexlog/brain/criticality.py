"""Criticality of a spiking network: the branching factor (descendants per ancestor).

For every spike of neuron ``j`` at step ``t`` the *ancestors* are the spikes of ``j``'s
presynaptic neurons in the ``window`` steps before ``t``, the *descendants* the spikes of
its postsynaptic neurons in the ``window`` steps after ``t``. The neuron's branching
factor is the mean of ``descendants / max(ancestors, 1)`` over its spikes; the network's
is the mean over the neurons (and samples) that spiked. About 1 is critical, below is
sub-critical (activity dies out), above super-critical (it explodes). This is the
measure of the NALSM code (Ivanov & Michmizos 2021, window 4 ms), batched.
"""

from __future__ import annotations

import torch
from torch import Tensor

from cortexlog.errors import CortexlogError


def _window_sums(spikes: Tensor, window: int) -> tuple[Tensor, Tensor]:
    """Spikes in the ``window`` steps before (``past``) and after (``future``) each step."""
    steps = spikes.shape[0]
    c = torch.cat([torch.zeros_like(spikes[:1]), spikes.cumsum(0)])  # c[t] = sum_{s<t}
    t = torch.arange(steps)
    past = c[t] - c[(t - window).clamp_min(0)]
    future = c[(t + 1 + window).clamp_max(steps)] - c[t + 1]
    return past, future


def branching_factor(spikes: Tensor, mask: Tensor, window: int = 4) -> Tensor:
    """Mean branching factor of a recorded network, ignoring the first and last ``window``
    steps (their windows are cut).

    Args:
        spikes: 0/1 spikes ``[T, batch, n]``.
        mask: connectivity ``[n_post, n_pre]`` (nonzero: a synapse; ``nn.Linear`` layout).
        window: steps looked back for ancestors and ahead for descendants.

    Returns:
        scalar tensor (NaN if no neuron spiked in the valid range).

    Neuron 0 drives neuron 1; 0 fires once, then 1 twice: 0 has 2 descendants and no
    ancestor (counted as 1), 1 has no postsynaptic neuron: (2 + 0) / 2.

    >>> s = torch.zeros(7, 1, 2); s[2, 0, 0] = s[3, 0, 1] = s[4, 0, 1] = 1.0
    >>> branching_factor(s, torch.tensor([[0.0, 0.0], [1.0, 0.0]]), window=2).item()
    1.0
    """
    if mask.shape != (spikes.shape[-1], spikes.shape[-1]):
        raise CortexlogError(f"mask of shape {tuple(mask.shape)} does not fit "
                             f"{spikes.shape[-1]} neurons", hint="mask is [n_post, n_pre]")
    m = (mask != 0).to(spikes.dtype)
    past, future = _window_sums(spikes, window)
    ancestors = past @ m.T  # [T, B, n]: spikes of j's presynaptic neurons before t
    descendants = future @ m  # spikes of j's postsynaptic neurons after t
    valid = spikes[window : spikes.shape[0] - window]
    ratio = descendants / ancestors.clamp_min(1.0)
    ratio = ratio[window : spikes.shape[0] - window]
    count = valid.sum(0)  # [B, n]
    per_neuron = (valid * ratio).sum(0) / count.clamp_min(1.0)
    fired = count > 0
    if not bool(fired.any()):
        return torch.tensor(float("nan"))
    return per_neuron[fired].mean()
