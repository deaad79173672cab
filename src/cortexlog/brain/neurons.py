"""Spiking neuron models as pure step functions with explicit (NamedTuple) state.

Every step function has the signature ``step(x, state, params) -> (spikes, new_state)``;
``state=None`` means the model's resting state. Nothing is stored between calls.
Time is in units of ``dt`` (default 1.0, read it as milliseconds).

Parameters are frozen dataclasses checked at construction: names (``reset="zero"``,
``surrogate="arctan"``) become values, unknown names and non-positive time constants raise
a :class:`~cortexlog.errors.CortexlogError` listing what is accepted. Numeric fields may be
tensors (e.g. ``nn.Parameter``, per-neuron ``[n]``); they then get gradients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

import torch
from torch import Tensor

from cortexlog.brain.surrogate import FAST_SIGMOID, Surrogate, surrogate
from cortexlog.errors import CortexlogError

Number = float | Tensor


class Reset(Enum):
    """How the membrane is reset after a spike."""

    SUBTRACT = "subtract"  # v -= (threshold - v_reset)
    ZERO = "zero"  # v = v_reset (the "zero" of the shifted potential)


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # frozen dataclass: normalise in __post_init__


def _check_number(owner: object, name: str, positive: bool = False) -> None:
    """Check a numeric field (a real number or a floating tensor), optionally ``> 0``."""
    value = getattr(owner, name)
    cls = type(owner).__name__
    if isinstance(value, Tensor):
        if not value.is_floating_point():
            raise CortexlogError(f"{cls}.{name} is a {value.dtype} tensor",
                                 hint="use a floating-point tensor (or a float)")
        if positive and not bool((value.detach() > 0).all()):
            raise CortexlogError(f"{cls}.{name} must be > 0", hint="time constants are positive")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CortexlogError(f"{cls}.{name} = {value!r} is not a number",
                             hint="use a float or a floating-point tensor")
    if not math.isfinite(value) and not (name == "v_th" and value > 0):
        raise CortexlogError(f"{cls}.{name} = {value!r} is not finite")
    if positive and not value > 0:
        raise CortexlogError(f"{cls}.{name} = {value!r} must be > 0",
                             hint="time constants and dt are positive")
    _set(owner, name, float(value))


def _check_surrogate(owner: LIFParams | IzhikevichParams) -> None:
    value: object = owner.surrogate
    if isinstance(value, str):  # the string-to-value edge (unknown names raise there)
        _set(owner, "surrogate", surrogate(value))
    elif not isinstance(value, Surrogate):
        raise CortexlogError(
            f"{type(owner).__name__}.surrogate = {value!r} is not a Surrogate",
            hint="use FAST_SIGMOID, ARCTAN, TRIANGLE, Surrogate(name, alpha) or one of the "
                 "names fast_sigmoid, arctan, triangle",
        )


@dataclass(frozen=True)
class LIFParams:
    """Parameters of a current-based leaky integrate-and-fire neuron.

    Dynamics (forward Euler, input enters the synaptic current first)::

        i' = (1 - dt/tau_syn) i + x
        u  = v + dt/tau_mem (v_leak - v + i')
        z  = H(u - v_th)
        v' = u - z (v_th - v_reset)        (Reset.SUBTRACT)
        v' = (1 - z) u + z v_reset         (Reset.ZERO)

    ``reset`` and ``surrogate`` also accept their names (``"zero"``, ``"arctan"``).
    Numeric fields accept tensors (scalars or per-neuron, broadcast against the input);
    tensors that require grad are learned (every path of :class:`LIF` differentiates them).

    >>> LIFParams(reset="zero").reset
    <Reset.ZERO: 'zero'>
    >>> LIFParams(reset="hard")
    Traceback (most recent call last):
    ...
    cortexlog.errors.CortexlogError: error: unknown reset mode 'hard'
      hint: valid reset modes: subtract, zero
    """

    tau_syn: Number = 5.0
    tau_mem: Number = 10.0
    v_th: Number = 1.0
    v_leak: Number = 0.0
    v_reset: Number = 0.0
    dt: Number = 1.0
    reset: Reset = Reset.SUBTRACT
    surrogate: Surrogate = FAST_SIGMOID

    def __post_init__(self) -> None:
        for name in ("tau_syn", "tau_mem", "dt"):
            _check_number(self, name, positive=True)
        for name in ("v_th", "v_leak", "v_reset"):
            _check_number(self, name)
        _set(self, "reset", _reset_mode(self.reset))
        _check_surrogate(self)

    def tensors(self) -> dict[str, Tensor]:
        """The numeric fields given as tensors (name -> tensor).

        Returns:
            e.g. ``{"tau_mem": Parameter(...)}``; empty for all-float parameters.
        """
        return {k: v for k, v in self.__dict__.items() if isinstance(v, Tensor)}


def _reset_mode(value: object) -> Reset:
    """A Reset value from a Reset or its name; unknown names raise listing the valid ones."""
    if isinstance(value, Reset):
        return value
    names = ", ".join(r.value for r in Reset)
    if isinstance(value, str) and value in {r.value for r in Reset}:
        return Reset(value)
    raise CortexlogError(f"unknown reset mode {value!r}", hint=f"valid reset modes: {names}")


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
    v = torch.zeros_like(x) + params.v_leak  # (v_leak may be a per-neuron tensor)
    return LIFState(v, torch.zeros_like(x))


def _reset(u: Tensor, z: Tensor, v_th: Number, params: LIFParams) -> Tensor:
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


@dataclass(frozen=True)
class ALIFParams:
    """Adaptive LIF (Bellec et al. 2018): threshold ``v_th + beta * a``, ``a`` decays with
    ``tau_adapt`` and jumps by 1 at each spike."""

    lif: LIFParams = LIFParams()
    tau_adapt: Number = 200.0
    beta: Number = 0.5

    def __post_init__(self) -> None:
        if not isinstance(self.lif, LIFParams):
            raise CortexlogError(f"ALIFParams.lif = {self.lif!r} is not a LIFParams")
        _check_number(self, "tau_adapt", positive=True)
        _check_number(self, "beta")


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


@dataclass(frozen=True)
class IzhikevichParams:
    """Izhikevich (2003) neuron; defaults are the regular-spiking cell (ms, mV)."""

    a: Number = 0.02
    b: Number = 0.2
    c: Number = -65.0
    d: Number = 8.0
    v_th: Number = 30.0
    dt: Number = 0.5
    surrogate: Surrogate = FAST_SIGMOID

    def __post_init__(self) -> None:
        for name in ("a", "b", "c", "d", "v_th"):
            _check_number(self, name)
        _check_number(self, "dt", positive=True)
        _check_surrogate(self)


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
    zero = torch.zeros_like(x)
    return IzhikevichState(zero + params.c, zero + params.b * params.c)


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
