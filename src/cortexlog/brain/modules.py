"""Thin nn.Module wrappers that run the neuron step functions over time.

Input is time-major ``[T, batch, ...]`` by default; with ``batch_first=True`` it is
``[batch, T, ...]`` and the spikes come back in the same layout. Each ``forward`` starts
from the resting state unless a state is passed in, and returns ``(spikes, final_state)``,
or only the spikes with ``return_state=False`` (the form ``nn.Sequential`` needs).
Modules hold no state between calls (two instances never share anything). Parameter
fields given as ``nn.Parameter`` are registered, so ``module.parameters()`` trains them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

import torch
from torch import Tensor, nn

from cortexlog.brain.fused import lif_loop, lif_sequence
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


def _register_parameters(module: nn.Module, params: Any, prefix: str = "") -> None:
    """Register every ``nn.Parameter`` field of a (nested) parameter dataclass."""
    for f in fields(params):
        value = getattr(params, f.name)
        if isinstance(value, nn.Parameter):
            module.register_parameter(prefix + f.name, value)
        elif is_dataclass(value):
            _register_parameters(module, value, f"{prefix}{f.name}_")


class _SpikingModule(nn.Module):
    """Shared time-layout handling; subclasses implement ``_run(x_time_major, state)``."""

    def __init__(self, params: Any, batch_first: bool, return_state: bool) -> None:
        super().__init__()
        self.params = params
        self.batch_first = batch_first
        self.return_state = return_state
        _register_parameters(self, params)

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:  # pragma: no cover
        raise NotImplementedError

    def forward(self, x: Tensor, state: Any = None) -> Tensor | tuple[Tensor, Any]:
        """Run the population over the whole sequence.

        Args:
            x: input currents ``[T, batch, ...]`` (``[batch, T, ...]`` if batch_first).
            state: initial state (NamedTuple of ``[batch, ...]`` tensors) or None for rest.

        Returns:
            (spikes in the input layout, final state), or only the spikes if the module
            was built with ``return_state=False``.
        """
        if self.batch_first:
            x = x.transpose(0, 1)
        z, state = self._run(x, state)
        z = z.transpose(0, 1) if self.batch_first else z
        return (z, state) if self.return_state else z

    def extra_repr(self) -> str:
        return f"{self.params}, batch_first={self.batch_first}, return_state={self.return_state}"


class LIF(_SpikingModule):
    """Current-based LIF population over time (fused kernel by default).

    Args:
        params: neuron parameters (``nn.Parameter`` fields are learned, on every path).
        batch_first: input/output layout ``[batch, T, ...]`` instead of ``[T, batch, ...]``.
        fused: use the fused autograd Function (True) or loop :func:`lif_step` (False).
        return_state: return ``(spikes, final_state)`` (True) or only the spikes (False,
            for ``nn.Sequential``).

    >>> z, s = LIF()(torch.full((3, 1, 1), 6.0))
    >>> z.flatten().tolist()
    [0.0, 1.0, 1.0]
    >>> net = nn.Sequential(nn.Linear(2, 3), LIF(return_state=False), nn.Linear(3, 1))
    >>> net(torch.rand(5, 4, 2)).shape
    torch.Size([5, 4, 1])
    """

    def __init__(
        self, params: LIFParams = DEFAULT_LIF, batch_first: bool = False, fused: bool = True,
        return_state: bool = True,
    ) -> None:
        super().__init__(params, batch_first, return_state)
        self.fused = fused

    def _run(self, x: Tensor, state: LIFState | None) -> tuple[Tensor, LIFState]:
        if self.fused:
            return lif_sequence(x, self.params, state)
        return lif_loop(x, self.params, state)


class ALIF(_SpikingModule):
    """Adaptive-threshold LIF population over time.

    Args:
        params: ALIF parameters.
        batch_first: input/output layout ``[batch, T, ...]``.
        return_state: return ``(spikes, final_state)`` (True) or only the spikes (False).
    """

    def __init__(
        self, params: ALIFParams = DEFAULT_ALIF, batch_first: bool = False,
        return_state: bool = True,
    ) -> None:
        super().__init__(params, batch_first, return_state)

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:
        return _run_steps(alif_step, x, state, self.params)


class Izhikevich(_SpikingModule):
    """Izhikevich population over time.

    Args:
        params: Izhikevich parameters.
        batch_first: input/output layout ``[batch, T, ...]``.
        return_state: return ``(spikes, final_state)`` (True) or only the spikes (False).
    """

    def __init__(
        self, params: IzhikevichParams = DEFAULT_IZHIKEVICH, batch_first: bool = False,
        return_state: bool = True,
    ) -> None:
        super().__init__(params, batch_first, return_state)

    def _run(self, x: Tensor, state: Any) -> tuple[Tensor, Any]:
        return _run_steps(izhikevich_step, x, state, self.params)
