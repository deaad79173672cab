"""Supervised learning with symmetric STDP (Hao et al. 2020, Neural Networks 121).

The network of the paper and its authors' code: Poisson inputs drive an excitatory layer
(dynamic thresholds; lateral inhibition through an inhibitory layer, here the Diehl & Cook
winner-take-all stand-in of :mod:`cortexlog.experiments.diehl_cook_sim`), whose spikes
drive a classification layer of 10 neurons. During training the label's class neuron is
driven by a Poisson teacher; both plastic projections (input -> excitatory, excitatory ->
class) change by potentiation-only symmetric STDP and are rescaled by synaptic scaling
before the next digit (one digit per update by default). The excitatory layer never sees
the label: the supervision shapes the class weights, which end up as the class-conditional
responses of the excitatory neurons. No backpropagation anywhere. At test time the
thresholds are frozen, the class neurons are LIF and the one that fires most wins
(``test_accuracy``); ``test_accuracy_labelled`` is the unsupervised read-out of the
authors' code (each excitatory neuron labelled by its mean response per class during
the last training pass, the class with the highest mean count wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import Tensor
from tqdm import tqdm

from cortexlog.brain.encoders import poisson_encode
from cortexlog.brain.intrinsic import intrinsic_threshold
from cortexlog.brain.plasticity import synaptic_scaling
from cortexlog.errors import CortexlogError
from cortexlog.experiments.checkpoint import load_checkpoint, save_checkpoint
from cortexlog.experiments.common import Split
from cortexlog.experiments.diehl_cook import predict as predict_labelled
from cortexlog.experiments.diehl_cook_sim import input_spikes_to_layer
from cortexlog.experiments.sym_stdp_sim import (
    SymSTDPConfig,
    class_layer,
    presentation_rows,
    scale_rows,
    sym_stdp_presentation,
    teacher_spikes,
)

__all__ = ["SymNet", "SymSTDPConfig", "evaluate", "init_net", "predict", "present",
           "respond", "sym_stdp_presentation", "train_and_evaluate"]


@dataclass
class SymNet:
    """Learned state: input weights ``[N, D]``, thresholds ``[N]``, class weights ``[10, N]``
    (all in ``nn.Linear``'s ``[out, in]`` layout), and which input-weight rows synaptic
    scaling would still move (bool ``[N]``; None: unknown, checked on the next update)."""

    w: Tensor
    theta: Tensor
    w_cla: Tensor
    unsettled: Tensor | None = None


def init_net(inputs: int, cfg: SymSTDPConfig, gen: torch.Generator) -> SymNet:
    """Uniform(0, 0.3) weights scaled to their targets; zero threshold elevations.

    The input weights are ``[N, D]`` stored column by column (``w.T`` is contiguous), so
    the inputs' sparse spikes read whole rows of ``w.T`` (:func:`input_spikes_to_layer`).

    Args:
        inputs: input pixels D.
        cfg: configuration.
        gen: torch.Generator.

    Returns:
        a fresh SymNet.
    """
    w = synaptic_scaling(torch.rand(cfg.neurons, inputs, generator=gen) * 0.3,
                         cfg.w_mean * inputs).T.contiguous().T
    w_cla = synaptic_scaling(torch.rand(10, cfg.neurons, generator=gen) * 0.3,
                             cfg.cla_w_mean * cfg.neurons)
    return SymNet(w, torch.zeros(cfg.neurons), w_cla)


def _hidden(net: SymNet, x: Tensor, cfg: SymSTDPConfig, gen: torch.Generator,
            boost: float) -> tuple[Tensor, Tensor]:
    """Input and excitatory spikes ``[T, B, D]``, ``[T, B, N]`` of one presentation."""
    max_prob = (cfg.max_rate_hz + boost) * cfg.dt / 1000.0
    pre = poisson_encode(x, cfg.steps, max_prob=max_prob, generator=gen)
    return pre, input_spikes_to_layer(pre, net.w, cfg.gain, net.theta, cfg.dynamics())


def present(net: SymNet, x: Tensor, y: Tensor, cfg: SymSTDPConfig, gen: torch.Generator,
            boost: float = 0.0, hidden_plastic: bool = True, inplace: bool = False
            ) -> tuple[SymNet, Tensor]:
    """Train on one presentation of a batch (teacher on; one summed update at its end).

    Args:
        net: current state.
        x: images ``[B, D]`` in [0, 1].
        y: labels ``[B]``.
        cfg: configuration.
        gen: torch.Generator for the Poisson inputs and teacher.
        boost: extra input rate in Hz.
        hidden_plastic: False freezes the input weights and thresholds (only the class
            layer learns: the code's layer-by-layer ``FIXED_HIDDEN_LAYER`` mode).
        inplace: update ``net.w`` in place (the training loop's path: no copy of the
            largest tensor per digit); the returned net shares it.

    Returns:
        (new net, excitatory spike counts ``[B, N]``).
    """
    pre, post = _hidden(net, x, cfg, gen, boost)
    teach = teacher_spikes(y, cfg, gen)
    rule_cla = cfg.rule(cfg.eta_cla, cfg.cla_w_max)
    w_cla = (net.w_cla + sym_stdp_presentation(net.w_cla, post, teach, rule_cla))
    w_cla = synaptic_scaling(w_cla.clamp(0.0, cfg.cla_w_max), cfg.cla_w_mean * cfg.neurons)
    counts = post.sum(0)
    if not hidden_plastic:
        return SymNet(net.w, net.theta, w_cla, net.unsettled), counts
    rows, cols, dw = presentation_rows(pre, post, cfg.rule(cfg.eta, cfg.w_max))
    w, unsettled = scale_rows(net.w, rows, cols, dw, cfg.w_max, cfg.w_mean * x.shape[1],
                              net.unsettled, inplace)
    theta = intrinsic_threshold(net.theta, counts, cfg.theta_plus, cfg.tau_theta,
                                cfg.steps * cfg.dt + cfg.rest_ms, cfg.theta_floor,
                                cfg.theta_soft)
    return SymNet(w, theta, w_cla, unsettled), counts


def respond(net: SymNet, x: Tensor, cfg: SymSTDPConfig, gen: torch.Generator
            ) -> tuple[Tensor, Tensor]:
    """Test-time responses (no teacher, no learning), boosting quiet digits.

    A digit that evokes fewer than ``cfg.min_spikes`` excitatory spikes is presented again
    with ``boost_hz`` more input, up to ``cfg.max_boosts`` times; its last presentation
    counts.

    Args:
        net: trained state.
        x: images ``[B, D]``.
        cfg: configuration.
        gen: torch.Generator.

    Returns:
        (excitatory counts ``[B, N]``, class scores ``[B, 10]``: class-neuron spike counts
        plus 1e-3 x the normalised summed class input, which only breaks ties).
    """
    _, post = _hidden(net, x, cfg, gen, 0.0)
    for k in range(1, cfg.max_boosts + 1):
        quiet = post.sum((0, 2)) < cfg.min_spikes
        if not quiet.any():
            break
        post[:, quiet] = _hidden(net, x[quiet], cfg, gen, cfg.boost_hz * k)[1]
    total = post.sum(0) @ net.w_cla.T
    tie = total / total.sum(1, keepdim=True).clamp_min(1e-12)
    return post.sum(0), class_layer(post, net.w_cla, cfg) + 1e-3 * tie


def predict(scores: Tensor) -> Tensor:
    """The class neuron with the highest score.

    Args:
        scores: class scores ``[B, 10]``.

    Returns:
        int64 predictions ``[B]``.
    """
    return scores.argmax(1)


def train_and_evaluate(train: Split, test: Split, cfg: SymSTDPConfig, epochs: int = 1,
                       readout_epochs: int = 0, checkpoint: Path | None = None,
                       eval_every: int = 1) -> tuple[SymNet, dict[str, Any]]:
    """Train with the teacher on ``train``; test without it on ``test`` as it goes.

    Args:
        train: training split.
        test: test split.
        cfg: configuration.
        epochs: passes over the training images (both layers learn).
        readout_epochs: further passes in which only the class layer learns.
        checkpoint: file saved after every epoch; a run that finds one made with the same
            settings continues from it (same result as an uninterrupted run).
        eval_every: test after every ``eval_every``-th epoch and after the last one.

    Returns:
        (trained net, metrics: ``test_accuracy`` (class layer), ``test_accuracy_labelled``
        (neurons labelled by their training responses), their curves over the
        ``evaluated_epochs``, spikes per digit,
        ``neurons_per_class`` of the neurons that fired in the last pass and the number
        that never did, ``silent_neurons``).
    """
    if epochs < 0 or readout_epochs < 0 or epochs + readout_epochs < 1 or eval_every < 1:
        raise CortexlogError(
            f"sym-stdp needs at least one pass and eval_every >= 1 (got epochs={epochs}, "
            f"readout_epochs={readout_epochs}, eval_every={eval_every})",
            hint="pass --epochs 1 or more (--readout-epochs 0 or more, --eval-every 1 or "
                 "more)")
    gen = torch.Generator().manual_seed(cfg.seed)
    net = init_net(train.x.shape[1], cfg, gen)
    st: dict[str, Any] = {"epoch": 0, "curve": [], "curve_lab": [], "spikes": 0.0,
                          "evaluated": [], "rates": torch.zeros(10, cfg.neurons)}
    settings = {**cfg.__dict__, "train_size": len(train.y), "test_size": len(test.y),
                "epochs": epochs, "readout_epochs": readout_epochs, "eval_every": eval_every}
    saved = load_checkpoint(checkpoint, settings)
    if saved is not None:
        st, net = saved, SymNet(*saved.pop("net"))
        gen.set_state(saved.pop("gen"))
        print(f"sym-stdp: resuming after epoch {st['epoch']} from {checkpoint}", flush=True)
    for e in range(st["epoch"], epochs + readout_epochs):
        net, st["rates"] = _epoch(net, train, cfg, gen, e, e < epochs)
        st["epoch"] = e + 1
        if (e + 1) % eval_every == 0 or e + 1 == epochs + readout_epochs:
            acc, acc_lab, st["spikes"] = evaluate(net, test, cfg, gen, st["rates"].argmax(0))
            st["curve"].append(acc)
            st["curve_lab"].append(acc_lab)
            st["evaluated"].append(e + 1)
            print(f"sym-stdp epoch {e + 1}: test accuracy {acc:.4f} (labelled "
                  f"{acc_lab:.4f})", flush=True)
        if checkpoint is not None:
            state = {**st, "net": (net.w, net.theta, net.w_cla, net.unsettled),
                     "gen": gen.get_state()}
            save_checkpoint(checkpoint, settings, state)
    curve, curve_lab, rates, spikes = st["curve"], st["curve_lab"], st["rates"], st["spikes"]
    evaluated = st["evaluated"]
    active = rates.sum(0) > 0
    return net, {"test_accuracy": curve[-1], "test_accuracy_labelled": curve_lab[-1],
                 "test_accuracy_per_epoch": curve,
                 "test_accuracy_labelled_per_epoch": curve_lab,
                 "evaluated_epochs": evaluated,
                 "mean_test_spikes": spikes,
                 "neurons_per_class": torch.bincount(rates.argmax(0)[active],
                                                     minlength=10).tolist(),
                 "silent_neurons": int((~active).sum())}


def _epoch(net: SymNet, train: Split, cfg: SymSTDPConfig, gen: torch.Generator, e: int,
           plastic: bool) -> tuple[SymNet, Tensor]:
    """One pass over ``train`` in a random order: (net, summed counts per class ``[10, N]``)."""
    order = torch.randperm(len(train.y), generator=gen)
    rates = torch.zeros(10, cfg.neurons)
    for s in tqdm(range(0, len(order), cfg.batch), desc=f"sym-stdp epoch {e + 1}",
                  leave=False):
        idx = order[s : s + cfg.batch]
        xb, yb = train.x[idx], train.y[idx]
        net, counts = present(net, xb, yb, cfg, gen, 0.0, plastic, inplace=True)
        for k in range(1, cfg.max_boosts + 1):
            quiet = counts.sum(1) < cfg.min_spikes
            if not quiet.any():
                break
            net, redo = present(net, xb[quiet], yb[quiet], cfg, gen, cfg.boost_hz * k,
                                plastic, inplace=True)
            counts[quiet] = redo
        rates.index_add_(0, yb, counts)
    return net, rates


def evaluate(net: SymNet, data: Split, cfg: SymSTDPConfig, gen: torch.Generator,
             assignment: Tensor, batch: int | None = None) -> tuple[float, float, float]:
    """Accuracies without the teacher (thresholds and weights fixed).

    Args:
        net: trained net.
        data: split.
        cfg: configuration.
        gen: torch.Generator.
        assignment: class label of every excitatory neuron ``[N]``.
        batch: images per simulation (None: 250, fewer for large layers so that one
            simulation's ``[T, B, N]`` tensors stay near 2^18 x T elements).

    Returns:
        (class-layer accuracy, labelled-neuron accuracy, mean excitatory spikes per digit).
    """
    correct = correct_lab = 0
    spikes = 0.0
    batch = batch or max(1, min(250, 2**18 // cfg.neurons))
    for s in range(0, len(data.y), batch):
        counts, scores = respond(net, data.x[s : s + batch], cfg, gen)
        y = data.y[s : s + batch]
        correct += int((predict(scores) == y).sum())
        correct_lab += int((predict_labelled(counts, assignment) == y).sum())
        spikes += float(counts.sum())
    n = len(data.y)
    return correct / n, correct_lab / n, spikes / n
