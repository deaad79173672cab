"""Encoders: rates, first-spike latencies, determinism under a Generator."""

from __future__ import annotations

import torch

from cortexlog.brain import direct_encode, latency_encode, poisson_encode


def test_poisson_rate_and_seed() -> None:
    x = torch.tensor([0.0, 0.25, 0.5, 1.0])
    g = torch.Generator().manual_seed(3)
    s = poisson_encode(x, 4000, max_prob=0.8, generator=g)
    assert s.shape == (4000, 4)
    rates = s.mean(0)
    assert torch.allclose(rates, x * 0.8, atol=0.03)
    s2 = poisson_encode(x, 4000, max_prob=0.8, generator=torch.Generator().manual_seed(3))
    assert torch.equal(s, s2)


def test_latency_first_spike_times() -> None:
    x = torch.tensor([[1.0, 0.75, 0.5, 0.0]])
    s = latency_encode(x, 5)
    assert s.shape == (5, 1, 4)
    assert s.sum(0).tolist() == [[1.0, 1.0, 1.0, 0.0]]
    assert s.argmax(0).tolist()[0][:3] == [0, 1, 2]  # t = round((1 - x) * 4)


def test_direct_repeats() -> None:
    x = torch.rand(2, 3)
    d = direct_encode(x, 7)
    assert d.shape == (7, 2, 3) and torch.equal(d[6], x)
