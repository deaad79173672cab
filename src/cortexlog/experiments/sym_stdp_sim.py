"""Hao et al. (2020) sym-STDP network: configuration, the presentation rule, the layers.

Units: membrane potentials are normalised per layer (rest 0, base threshold 1; the
excitatory layer's 13 mV gap, the classification layer's 20 mV gap), times in ms. The
defaults are those of the authors' published GeNN code for 100 and 400 excitatory neurons
on MNIST (github.com/haoyz/sym-STDP-SNN, ``model.h`` / ``train.h``) converted to these
units; docs/experiments.md lists the conversions.
"""

from __future__ import annotations

import argparse
import functools
import math
from dataclasses import dataclass

import torch
from torch import Tensor

from cortexlog.brain.plasticity import SymSTDPParams, check_layout, synaptic_scaling
from cortexlog.experiments.diehl_cook_sim import DiehlCookConfig


@dataclass(frozen=True)
class SymSTDPConfig:
    """Hyper-parameters of the input -> excitatory (+ inhibition) -> classification net.

    Excitatory layer: Diehl & Cook LIF (``tau_mem``, ``gain`` per unit weight and input
    spike), its inhibitory layer stood in for by ``inhibition`` (at most one winner per
    step, the others pushed down), refractoriness, dynamic threshold (intrinsic plasticity:
    ``theta_plus`` = 0.07 mV, ``tau_theta`` = 6e6 ms, decay toward ``theta_floor`` = -20 mV,
    soft bound ``theta_soft`` = 10 mV). Input: Poisson, ``max_rate_hz`` for a white pixel,
    ``boost_hz`` more whenever a digit evokes fewer than ``min_spikes`` spikes (up to
    ``max_boosts`` times). Both plastic projections learn by potentiation-only symmetric
    STDP (``eta`` per pre/post pair at distance 0+, window ``e^(-|d|/tau_stdp)``: the code's
    rate 0.005 times its trace jump 0.1; ``eta_cla`` = 0.04 x 0.1) followed by synaptic
    scaling before the next digit (inputs of an excitatory neuron sum to ``w_mean * D``,
    of a class neuron to ``cla_w_mean * neurons``). Teacher: the label's class neuron fires
    Poisson at ``teacher_rate_hz`` during training; at test time class neurons are LIF
    (``cla_tau``, ``cla_gain``, reset to ``cla_reset``) driven by the excitatory spikes.
    """

    neurons: int = 100
    steps: int = 100
    dt: float = 3.5
    max_rate_hz: float = 63.75
    boost_hz: float = 32.0
    min_spikes: int = 5
    max_boosts: int = 30
    tau_mem: float = 100.0
    gain: float = 0.05
    inhibition: float = 5.0
    inhibition_floor: float = -math.inf
    refractory_ms: float = 2.0
    theta_plus: float = 0.07 / 13
    tau_theta: float = 6e6
    theta_floor: float = -20.0 / 13
    theta_soft: float = 10.0 / 13
    rest_ms: float = 150.0
    eta: float = 0.0005
    tau_stdp: float = 20.0
    w_max: float = 1.0
    w_mean: float = 0.1
    teacher_rate_hz: float = 200.0
    eta_cla: float = 0.004
    cla_w_max: float = 8.0
    cla_w_mean: float = 0.8
    cla_gain: float = 0.3
    cla_tau: float = 10.0
    cla_reset: float = 0.75
    batch: int = 1
    seed: int = 0

    def rule(self, eta: float, w_max: float) -> SymSTDPParams:
        """Potentiation-only sym-STDP parameters in steps of ``dt``.

        Args:
            eta: weight change of a pair at distance 0+.
            w_max: upper weight bound.

        Returns:
            SymSTDPParams with ``a_minus = 0``.
        """
        return SymSTDPParams(eta, 0.0, self.tau_stdp, self.tau_stdp, 0.0, w_max, self.dt)

    def dynamics(self) -> DiehlCookConfig:
        """The excitatory-layer settings in the form ``diehl_cook_sim.simulate`` takes."""
        return DiehlCookConfig(neurons=self.neurons, steps=self.steps, dt=self.dt,
                               tau_mem=self.tau_mem, inhibition=self.inhibition,
                               inhibition_floor=self.inhibition_floor,
                               refractory_ms=self.refractory_ms)


def _traces(spikes: Tensor, decay: float) -> Tensor:
    """``x[t] = sum_{s < t} decay^(t - s) spikes[s]``: the decayed trace read at step t."""
    steps = spikes.shape[0]
    lower = _trace_matrix(steps, decay, spikes.dtype)
    return (lower @ spikes.reshape(steps, -1)).reshape(spikes.shape)


@functools.lru_cache(maxsize=16)
def _trace_matrix(steps: int, decay: float, dtype: torch.dtype) -> Tensor:
    """``L[t, s] = decay^(t - s)`` for ``s < t``, else 0 (built once per shape; read-only)."""
    t = torch.arange(steps, dtype=dtype)
    lag = t.view(-1, 1) - t.view(1, -1)
    return torch.where(lag > 0, torch.pow(decay, lag.clamp_min(0)), 0.0)


def sym_stdp_presentation(w: Tensor, pre: Tensor, post: Tensor, p: SymSTDPParams) -> Tensor:
    """Summed symmetric-STDP weight change of one presentation (weights fixed during it).

    Same pairs and kernel as :func:`~cortexlog.brain.plasticity.stdp_symmetric` iterated
    over the steps from zero traces: ``a_plus e^(-|d|/tau_plus) - a_minus e^(-|d|/tau_minus)``
    per pre/post pair at distance ``d != 0`` steps of ``dt``.

    Args:
        w: weights ``[N, D]`` (``nn.Linear``'s ``[out, in]``; only its shape is used).
        pre: input spikes ``[T, B, D]``.
        post: output spikes ``[T, B, N]``.
        p: rule parameters.

    Returns:
        ``dw`` ``[N, D]`` (summed over steps and images; not clipped).
    """
    check_layout(w, pre[0], post[0])
    rows, cols, dw = presentation_rows(pre, post, p)
    out = torch.zeros_like(w)
    out[rows.unsqueeze(1), cols] = dw.to(w.dtype)
    return out


def presentation_rows(pre: Tensor, post: Tensor, p: SymSTDPParams
                      ) -> tuple[Tensor, Tensor, Tensor]:
    """The block of :func:`sym_stdp_presentation` that can be non-zero, and its values.

    Only a neuron that spiked takes part in a pair, on either side, so the change is
    computed for the postsynaptic neurons that spiked (rows) and the inputs that did
    (columns) alone: the cost follows the spikes, not the layer sizes.

    Args:
        pre: input spikes ``[T, B, D]``.
        post: output spikes ``[T, B, N]``.
        p: rule parameters.

    Returns:
        (row indices ``[R]``, column indices ``[C]``, their ``dw`` block ``[R, C]``).
    """
    rows = post.sum((0, 1)).nonzero().flatten()
    cols = pre.sum((0, 1)).nonzero().flatten()
    flat = pre.shape[0] * pre.shape[1]
    fired, active = post[:, :, rows], pre[:, :, cols]
    k_pre, k_post = _kernel_traces(active, p), _kernel_traces(fired, p)
    dw = (fired.reshape(flat, -1).T @ k_pre.reshape(flat, -1)
          + k_post.reshape(flat, -1).T @ active.reshape(flat, -1))
    return rows, cols, dw


def _kernel_traces(spikes: Tensor, p: SymSTDPParams) -> Tensor:
    """``a_plus`` trace minus ``a_minus`` trace of ``spikes`` (the pair kernel's sums)."""
    out = p.a_plus * _traces(spikes, math.exp(-p.dt / p.tau_plus))
    if p.a_minus != 0.0:
        out = out - p.a_minus * _traces(spikes, math.exp(-p.dt / p.tau_minus))
    return out


def scale_rows(w: Tensor, rows: Tensor, cols: Tensor, dw: Tensor, w_max: float,
               target: float, unsettled: Tensor | None = None, inplace: bool = False
               ) -> tuple[Tensor, Tensor]:
    """``synaptic_scaling(clamp(w + dw, 0, w_max), target)`` touching only the rows it moves.

    A row that lies in ``[0, w_max]`` and sums to ``target`` is a fixed point of
    clip-then-scale, so only the changed rows and the ``unsettled`` ones (the others) are
    computed; the dense form would rescale the rest by a factor of 1 up to rounding.

    Args:
        w: weights ``[N, D]`` (the result has its strides).
        rows: indices of the rows ``dw`` changes ``[R]``.
        cols: indices of the columns it changes ``[C]``.
        dw: the change of that block ``[R, C]``.
        w_max: upper bound.
        target: sum of each row after scaling.
        unsettled: bool ``[N]``, the rows of ``w`` that are not fixed points (None: check
            every row).
        inplace: write the new rows into ``w`` and return it (saves a copy of ``w``).

    Returns:
        (new weights ``[N, D]``, their unsettled rows ``[N]``).
    """
    if unsettled is None:
        unsettled = _unsettled(w, w_max, target)
    touch = torch.cat([rows, unsettled.nonzero().flatten()]).unique()
    sub = w[touch]
    sub[torch.searchsorted(touch, rows).unsqueeze(1), cols] += dw.to(w.dtype)
    sub = synaptic_scaling(sub.clamp(0.0, w_max), target)
    out, still = (w if inplace else w.clone()), unsettled.clone()
    out[touch] = sub
    still[touch] = _unsettled(sub, w_max, target)
    return out, still


def _unsettled(w: Tensor, w_max: float, target: float) -> Tensor:
    """Rows that clip-then-scale would move: out of ``[0, w_max]`` or not summing to target."""
    off = (w.amax(1) > w_max) | (w.amin(1) < 0.0)  # (aminmax is 5x slower here)
    return off | ((w.sum(1) - target).abs() > 1e-5 * abs(target))


def teacher_spikes(y: Tensor, cfg: SymSTDPConfig, gen: torch.Generator) -> Tensor:
    """Supervision: the label's class neuron fires Poisson at ``teacher_rate_hz``.

    Args:
        y: labels ``[B]``.
        cfg: configuration.
        gen: torch.Generator.

    Returns:
        0/1 spikes ``[T, B, 10]`` (the other class neurons are silent).
    """
    onehot = torch.nn.functional.one_hot(y, 10).float()
    p = min(cfg.teacher_rate_hz * cfg.dt / 1000.0, 1.0)
    rnd = torch.rand(cfg.steps, *onehot.shape, generator=gen)
    return (rnd < p).float() * onehot


def class_layer(hidden: Tensor, w_cla: Tensor, cfg: SymSTDPConfig) -> Tensor:
    """Test-time classification layer: LIF class neurons driven by the excitatory spikes.

    ``v <- v e^(-dt/cla_tau) + cla_gain * (hidden[t] @ w_cla.T)``; above 1 a neuron spikes
    and resets to ``cla_reset`` (the code's -45 mV between rest -60 and threshold -40).

    Args:
        hidden: excitatory spikes ``[T, B, N]``.
        w_cla: class weights ``[10, N]``.
        cfg: configuration.

    Returns:
        class spike counts ``[B, 10]``.
    """
    check_layout(w_cla, hidden[0], torch.zeros(hidden.shape[1], w_cla.shape[0]))
    drive = cfg.cla_gain * (hidden @ w_cla.T)  # [T, B, 10]
    decay = math.exp(-cfg.dt / cfg.cla_tau)
    v = torch.zeros_like(drive[0])
    counts = torch.zeros_like(v)
    for t in range(drive.shape[0]):
        v = v * decay + drive[t]
        fired = v > 1.0
        counts += fired.to(v.dtype)
        v = torch.where(fired, torch.full_like(v, cfg.cla_reset), v)
    return counts


_FLAGS = {  # config field -> help text (defaults shown from SymSTDPConfig)
    "neurons": "excitatory neurons",
    "batch": "digits per weight update",
    "gain": "excitatory jump per unit weight per input spike (0.3 for the 8x8 digits)",
    "max_rate_hz": "input rate of a white pixel",
    "max_boosts": "re-presentations (+boost_hz each) of a digit with < min_spikes spikes",
    "inhibition": "lateral inhibition per spike (stand-in for the inhibitory layer)",
    "inhibition_floor": "lowest potential inhibition reaches (the code's -100 mV: -35/13)",
    "theta_plus": "threshold step per spike (normalised; 0.07 mV / 13 mV)",
    "tau_theta": "threshold decay time constant (ms)",
    "theta_floor": "value the threshold elevation decays to (normalised; -20 mV)",
    "theta_soft": "soft bound of the threshold steps (normalised; 10 mV; 0: none)",
    "eta": "input->excitatory sym-STDP change per pair at distance 0+",
    "tau_stdp": "sym-STDP window (ms)",
    "teacher_rate_hz": "teacher rate of the label's class neuron",
    "eta_cla": "excitatory->class sym-STDP change per pair",
    "cla_w_mean": "mean excitatory->class weight kept by synaptic scaling",
    "cla_gain": "class-neuron jump per unit weight per excitatory spike (test time)",
    "seed": "random seed",
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Command-line flags of ``cortexlog experiment sym-stdp``.

    Args:
        p: the experiment's parser.
    """
    d = SymSTDPConfig()
    p.add_argument("--train-size", type=int, default=10000)
    p.add_argument("--test-size", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=1, help="passes in which both layers learn")
    p.add_argument("--readout-epochs", type=int, default=0,
                   help="further passes in which only the class layer learns (default 0)")
    p.add_argument("--eval-every", type=int, default=1,
                   help="test after every N-th pass and after the last (default 1)")
    p.add_argument("--steps", type=int, default=d.steps, help="steps per digit (350 ms)")
    for name, text in _FLAGS.items():
        value = getattr(d, name)
        p.add_argument("--" + name.replace("_", "-"), type=type(value), default=value,
                       help=f"{text} (default {value:g})")


def config_from_args(a: argparse.Namespace) -> SymSTDPConfig:
    """The configuration the parsed flags describe.

    Args:
        a: parsed flags of :func:`add_arguments`.

    Returns:
        SymSTDPConfig (``dt`` = 350 ms / ``steps``).
    """
    return SymSTDPConfig(steps=a.steps, dt=350.0 / a.steps,
                         **{name: getattr(a, name) for name in _FLAGS})
