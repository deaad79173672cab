"""Intrinsic plasticity: a dynamic threshold with a floor and soft-bounded increments.

Hao et al. (2020) keep each excitatory neuron's threshold elevation ``theta`` as a leaky
variable: between spikes it decays with ``tau_theta`` toward ``floor`` (in their code the
threshold variable decays to zero, which puts the threshold 20 mV *below* its base, so a
neuron that stops firing slowly becomes excitable again); every spike raises it by
``theta_plus * soft / |theta + soft|`` (increments shrink as the threshold rises,
``soft`` = 10 mV in their code; ``soft = 0`` gives plain ``theta_plus`` steps).
"""

from __future__ import annotations

import math

from torch import Tensor


def intrinsic_threshold(theta: Tensor, counts: Tensor, theta_plus: float, tau_theta: float,
                        duration: float, floor: float = 0.0, soft: float = 0.0) -> Tensor:
    """Threshold elevations after one presentation (decay toward ``floor``, rise per spike).

    The increment per spike uses the elevation at the start of the presentation and all
    of a presentation's spikes are added at its end (one update per presentation).

    Args:
        theta: threshold elevations ``[n]`` (same units as the threshold).
        counts: spike counts of the presentation ``[batch, n]`` (summed over the batch).
        theta_plus: increment per spike at ``theta = 0``.
        tau_theta: decay time constant (ms).
        duration: time the decay runs for (ms; presentation plus rest).
        floor: value ``theta`` decays toward.
        soft: soft bound: increments are scaled by ``soft / |theta + soft|`` (0: unscaled).

    Returns:
        new elevations ``[n]``.

    >>> import torch
    >>> intrinsic_threshold(torch.tensor([0.0, 1.0]), torch.tensor([[1.0, 2.0]]), 0.1,
    ...                     1e9, 0.0, soft=1.0).tolist()
    [0.10000000149011612, 1.100000023841858]
    """
    step = theta_plus * (soft / (theta + soft).abs().clamp_min(1e-6) if soft > 0 else 1.0)
    decayed = floor + (theta - floor) * math.exp(-duration / tau_theta)
    return decayed + step * counts.sum(0)
