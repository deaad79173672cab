"""Intrinsic plasticity of Hao et al. (2020): decay toward a floor, soft-bounded steps."""

from __future__ import annotations

import math

import pytest
import torch

from cortexlog.brain.intrinsic import intrinsic_threshold


def test_decay_toward_floor_by_hand() -> None:
    theta = torch.tensor([0.5, -1.0])
    new = intrinsic_threshold(theta, torch.zeros(1, 2), 0.1, 1000.0, 500.0, floor=-2.0)
    e = math.exp(-0.5)
    assert new.tolist() == pytest.approx([-2.0 + 2.5 * e, -2.0 + 1.0 * e], rel=1e-6)


def test_soft_bounded_steps_by_hand() -> None:
    theta = torch.tensor([0.0, 0.5, -0.25])
    counts = torch.tensor([[2.0, 1.0, 1.0], [1.0, 0.0, 0.0]])  # batch of two: 3, 1, 1 spikes
    new = intrinsic_threshold(theta, counts, 0.1, 1e12, 0.0, soft=0.5)
    # steps 0.1 * 0.5 / |theta + 0.5|: 0.1, 0.05, 0.2 per spike
    assert new.tolist() == pytest.approx([0.3, 0.55, -0.05], rel=1e-5)
    plain = intrinsic_threshold(theta, counts, 0.1, 1e12, 0.0)  # soft 0: plain steps
    assert plain.tolist() == pytest.approx([0.3, 0.6, -0.15], rel=1e-5)
