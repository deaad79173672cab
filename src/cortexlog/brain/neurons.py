"""Spiking neuron models as pure step functions with explicit (NamedTuple) state.

Every step function has the signature ``step(x, state, params) -> (spikes, new_state)``;
``state=None`` means the model's resting state. Nothing is stored between calls.
Time is in units of ``dt`` (default 1.0, read it as milliseconds).
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain.surrogate import FAST_SIGMOID, Surrogate


class Reset(Enum):
    """How the membrane is reset after a spike."""

    SUBTRACT = "subtract"  # v -= (threshold - v_reset)
    ZERO = "zero"  # v = v_reset (the "zero" of the shifted potential)


class LIFParams(NamedTuple):
    """Parameters of a current-based leaky integrate-and-fire neuron.

    Dynamics (forward Euler, input enters the synaptic current first)::

        i' = (1 - dt/tau_syn) i + x
        u  = v + dt/tau_mem (v_leak - v + i')
        z  = H(u - v_th)
        v' = u - z (v_th - v_reset)        (Reset.SUBTRACT)
        v' = (1 - z) u + z v_reset         (Reset.ZERO)
    """

    tau_syn: float = 5.0
    tau_mem: float = 10.0
    v_th: float = 1.0
    v_leak: float = 0.0
    v_reset: float = 0.0
    dt: float = 1.0
    reset: Reset = Reset.SUBTRACT
    surrogate: Surrogate = FAST_SIGMOID


DEFAULT_LIF = LIFParams()


class LIFState(NamedTuple):
    """State of a LIF population: membrane potential ``v`` and synaptic current ``i``."""

    v: Tensor
    i: Tensor


def lif_initial_state(x: Tensor, params: LIFParams = DEFAULT_LIF) -> LIFState:
    """Resting state shaped like one time step of input ``x``.

    Args:
        x: a tensor shaped like one input step ``[batch, ...]``.
        params: neuron parameters (``v`` starts at ``v_leak``).

    Returns:
        LIFState with ``v = v_leak`` and ``i = 0``.
    """
    return LIFState(torch.full_like(x, params.v_leak), torch.zeros_like(x))


def _reset(u: Tensor, z: Tensor, v_th: Tensor | float, params: LIFParams) -> Tensor:
    if params.reset is Reset.SUBTRACT:
        return u - z * (v_th - params.v_reset)
    return (1.0 - z) * u + z * params.v_reset


def lif_step(
    x: Tensor, state: LIFState | None, params: LIFParams = DEFAULT_LIF
) -> tuple[Tensor, LIFState]:
    """Advance a current-based LIF population by one time step.

    Args:
        x: input current ``[batch, ...]``.
        state: previous state, or None for the resting state.
        params: neuron parameters.

    Returns:
        (spikes, new_state); spikes are 0/1 with a surrogate gradient.

    >>> z, s = lif_step(torch.tensor([[12.0]]), None)
    >>> z.item(), round(s.v.item(), 6), s.i.item()
    (1.0, 0.2, 12.0)
    """
    if state is None:
        state = lif_initial_state(x, params)
    i = (1.0 - params.dt / params.tau_syn) * state.i + x
    u = state.v + (params.dt / params.tau_mem) * (params.v_leak - state.v + i)
    z = params.surrogate.spike(u - params.v_th)
    return z, LIFState(_reset(u, z, params.v_th, params), i)


class ALIFParams(NamedTuple):
    """Adaptive LIF (Bellec et al. 2018): threshold ``v_th + beta * a``, ``a`` decays with
    ``tau_adapt`` and jumps by 1 at each spike."""

    lif: LIFParams = LIFParams()
    tau_adapt: float = 200.0
    beta: float = 0.5


DEFAULT_ALIF = ALIFParams()


class ALIFState(NamedTuple):
    """ALIF state: membrane ``v``, synaptic current ``i``, adaptation ``a``."""

    v: Tensor
    i: Tensor
    a: Tensor


def alif_step(
    x: Tensor, state: ALIFState | None, params: ALIFParams = DEFAULT_ALIF
) -> tuple[Tensor, ALIFState]:
    """Advance an adaptive-threshold LIF population by one time step.

    Args:
        x: input current ``[batch, ...]``.
        state: previous state, or None for rest (``a = 0``).
        params: ALIF parameters.

    Returns:
        (spikes, new_state).

    >>> p = ALIFParams(beta=1.0)
    >>> z, s = alif_step(torch.tensor([12.0]), None, p)
    >>> z.item(), s.a.item()
    (1.0, 1.0)
    """
    lp = params.lif
    if state is None:
        v, i = lif_initial_state(x, lp)
        state = ALIFState(v, i, torch.zeros_like(x))
    i = (1.0 - lp.dt / lp.tau_syn) * state.i + x
    u = state.v + (lp.dt / lp.tau_mem) * (lp.v_leak - state.v + i)
    th = lp.v_th + params.beta * state.a
    z = lp.surrogate.spike(u - th)
    a = (1.0 - lp.dt / params.tau_adapt) * state.a + z
    return z, ALIFState(_reset(u, z, th, lp), i, a)


class IzhikevichParams(NamedTuple):
    """Izhikevich (2003) neuron; defaults are the regular-spiking cell (ms, mV)."""

    a: float = 0.02
    b: float = 0.2
    c: float = -65.0
    d: float = 8.0
    v_th: float = 30.0
    dt: float = 0.5
    surrogate: Surrogate = FAST_SIGMOID


DEFAULT_IZHIKEVICH = IzhikevichParams()


class IzhikevichState(NamedTuple):
    """Izhikevich state: membrane ``v`` (mV) and recovery ``u``."""

    v: Tensor
    u: Tensor


def izhikevich_initial_state(
    x: Tensor, params: IzhikevichParams = DEFAULT_IZHIKEVICH
) -> IzhikevichState:
    """Resting state ``v = c``, ``u = b c`` shaped like one input step.

    Args:
        x: a tensor shaped like one input step.
        params: neuron parameters.

    Returns:
        the IzhikevichState.
    """
    return IzhikevichState(
        torch.full_like(x, params.c), torch.full_like(x, params.b * params.c)
    )


def izhikevich_step(
    x: Tensor, state: IzhikevichState | None, params: IzhikevichParams = DEFAULT_IZHIKEVICH
) -> tuple[Tensor, IzhikevichState]:
    """Advance an Izhikevich population by one Euler step of ``dt`` ms.

    ``v' = v + dt (0.04 v^2 + 5 v + 140 - u + x)``, ``u' = u + dt a (b v - u)``; on
    ``v' > v_th``: ``v <- c``, ``u <- u' + d``.

    Args:
        x: input current ``[batch, ...]``.
        state: previous state, or None for rest.
        params: neuron parameters.

    Returns:
        (spikes, new_state).

    >>> z, s = izhikevich_step(torch.tensor([0.0]), None)
    >>> z.item(), s.v.item()
    (0.0, -66.5)
    """
    if state is None:
        state = izhikevich_initial_state(x, params)
    v, u = state
    v_new = v + params.dt * (0.04 * v * v + 5.0 * v + 140.0 - u + x)
    u_new = u + params.dt * params.a * (params.b * v - u)
    z = params.surrogate.spike(v_new - params.v_th)
    v_new = (1.0 - z) * v_new + z * params.c
    return z, IzhikevichState(v_new, u_new + z * params.d)
