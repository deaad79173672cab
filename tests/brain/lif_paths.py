"""Selecting a LIF evaluation path in tests, and the step-by-step oracle they compare with."""

from __future__ import annotations

import warnings

import pytest
import torch

from cortexlog.brain import LIFParams, LIFState, lif_step, native


def use_path(path: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Select "native", "torch" or "loop"; returns the `fused` flag (skips native without cc)."""
    monkeypatch.setenv("CORTEXLOG_NATIVE", "1" if path == "native" else "0")
    if path == "native":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if native.lib() is None:
                pytest.skip("native LIF kernel cannot be built here (no C compiler?)")
    return path != "loop"


def stepwise(x: torch.Tensor, p: LIFParams, state: LIFState | None = None
             ) -> tuple[torch.Tensor, LIFState]:
    """Spikes `[T, ...]` and the final state from `lif_step` one step at a time."""
    zs = []
    for t in range(x.shape[0]):
        z, state = lif_step(x[t], state, p)
        zs.append(z)
    assert state is not None
    return torch.stack(zs), state
