"""Thin nn.Module wrappers that run the neuron step functions over time.

Input is time-major ``[T, batch, ...]`` by default; with ``batch_first=True`` it is
``[batch, T, ...]`` and the spikes come back in the same layout. Each ``forward`` starts
from the resting state unless a state is passed in, and returns ``(spikes, final_state)``;
modules hold no state between calls (two instances never share anything).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor, nn

from cortexlog.brain.fused import lif_sequence
from cortexlog.brain.neurons import (
    DEFAULT_ALIF,
    DEFAULT_IZHIKEVICH,
    DEFAULT_LIF,
    ALIFParams,
    IzhikevichParams,
    LIFParams,
    LIFState,
    alif_step,
    izhikevich_step,
    lif_step,
)


def _run_steps(
    step: Callable[[Tensor, Any, Any], tuple[Tensor, Any]],
    x: Tensor,
    state: Any,
    params: Any,
) -> tuple[Tensor, Any]:
    out = []
    for t in range(x.shape[0]):
        z, state = step(x[t], state, params)
        out.append(z)
    return torch.stack(out), state


class _SpikingModule(nn.Module):
    """Shared time-layout handling; subclasses implement ``_run(x_time_major, state)``."""

    def __init__(self, batch_first: bool) -> None:
        super().__init__()
        self.batch_first = batch_first

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:  # pragma: no cover
        raise NotImplementedError

    def forward(self, x: Tensor, state: Any = None) -> tuple[Tensor, Any]:
        """Run the population over the whole sequence.

        Args:
            x: input currents ``[T, batch, ...]`` (``[batch, T, ...]`` if batch_first).
            state: initial state (NamedTuple of ``[batch, ...]`` tensors) or None for rest.

        Returns:
            (spikes in the input layout, final state).
        """
        if self.batch_first:
            x = x.transpose(0, 1)
        z, state = self._run(x, state)
        return (z.transpose(0, 1) if self.batch_first else z), state


class LIF(_SpikingModule):
    """Current-based LIF population over time (fused kernel by default).

    Args:
        params: neuron parameters.
        batch_first: input/output layout ``[batch, T, ...]`` instead of ``[T, batch, ...]``.
        fused: use the fused autograd Function (True) or loop :func:`lif_step` (False).

    >>> z, s = LIF()(torch.full((3, 1, 1), 6.0))
    >>> z.flatten().tolist()
    [0.0, 1.0, 1.0]
    """

    def __init__(
        self, params: LIFParams = DEFAULT_LIF, batch_first: bool = False, fused: bool = True
    ) -> None:
        super().__init__(batch_first)
        self.params = params
        self.fused = fused

    def _run(self, x: Tensor, state: LIFState | None) -> tuple[Tensor, LIFState]:
        if self.fused:
            return lif_sequence(x, self.params, state)
        return _run_steps(lif_step, x, state, self.params)


class ALIF(_SpikingModule):
    """Adaptive-threshold LIF population over time.

    Args:
        params: ALIF parameters.
        batch_first: input/output layout ``[batch, T, ...]``.
    """

    def __init__(self, params: ALIFParams = DEFAULT_ALIF, batch_first: bool = False) -> None:
        super().__init__(batch_first)
        self.params = params

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:
        return _run_steps(alif_step, x, state, self.params)


class Izhikevich(_SpikingModule):
    """Izhikevich population over time.

    Args:
        params: Izhikevich parameters.
        batch_first: input/output layout ``[batch, T, ...]``.
    """

    def __init__(
        self, params: IzhikevichParams = DEFAULT_IZHIKEVICH, batch_first: bool = False
    ) -> None:
        super().__init__(batch_first)
        self.params = params

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:
        return _run_steps(izhikevich_step, x, state, self.params)
