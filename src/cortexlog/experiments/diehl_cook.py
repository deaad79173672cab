"""Diehl & Cook (2015): unsupervised digit learning with STDP.

Poisson inputs drive one excitatory layer (LIF in normalised units: rest 0, threshold
``1 + theta``) with homeostatic adaptive thresholds, lateral inhibition (each step at most
one winner per image; the others are pushed down) and STDP (by default the triplet rule
of the published Brian code: a post spike potentiates by ``eta_post x_pre x_post2``;
a pre spike depresses by ``eta_pre x_post``; ``tau_post2 = 0`` gives the paper's x_tar rule)
followed by per-neuron weight normalisation. Training presents one image at a time by
default (``cfg.batch`` images share one summed update otherwise); recording responses
batches freely. Neurons are labelled by their responses on training images only.
One step is ``dt = 3.5`` ms, so 100 steps are the paper's 350 ms presentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor
from tqdm import tqdm

from cortexlog.brain.encoders import poisson_encode
from cortexlog.brain.plasticity import adaptive_threshold, normalize_weights
from cortexlog.experiments.common import Split
from cortexlog.experiments.diehl_cook_sim import (
    DiehlCookConfig,
    dc_stdp,
    excitatory_spikes,
    input_spikes_to_layer,
    simulate,
    simulate_events,
)

__all__ = [
    "DiehlCookConfig",
    "DiehlCookNet",
    "assign_labels",
    "dc_stdp",
    "excitatory_spikes",
    "init_net",
    "predict",
    "predict_proportion",
    "present",
    "record",
    "simulate",
    "simulate_events",
    "train_and_evaluate",
]


@dataclass
class DiehlCookNet:
    """Learned state: input weights ``[N, D]`` (``nn.Linear``'s ``[out, in]``) and adaptive
    thresholds ``[N]``."""

    w: Tensor
    theta: Tensor


def init_net(inputs: int, cfg: DiehlCookConfig, gen: torch.Generator) -> DiehlCookNet:
    """Random uniform(0, 0.3) weights normalised to mean ``w_mean``; zero thresholds.

    Args:
        inputs: number of input pixels D.
        cfg: configuration.
        gen: torch.Generator.

    Returns:
        a fresh DiehlCookNet.
    """
    # drawn [D, N] and transposed: the same numbers (and memory order) as before the
    # [out, in] convention, so results are unchanged
    w = (torch.rand(inputs, cfg.neurons, generator=gen) * 0.3).T
    return DiehlCookNet(normalize_weights(w, cfg.w_mean * inputs), torch.zeros(cfg.neurons))

def present(
    net: DiehlCookNet,
    x: Tensor,
    cfg: DiehlCookConfig,
    gen: torch.Generator,
    learn: bool,
    boost: float = 0.0,
) -> tuple[DiehlCookNet, Tensor]:
    """Present a batch of images for ``cfg.steps`` steps (fresh state per image).

    Args:
        net: current weights and thresholds.
        x: images ``[B, D]`` in [0, 1].
        cfg: configuration.
        gen: torch.Generator for the Poisson inputs.
        learn: apply STDP and threshold homeostasis.
        boost: extra input rate in Hz (the paper adds 32 Hz when a digit evokes < 5 spikes).

    Returns:
        (new net, spike counts ``[B, N]``).
    """
    max_prob = (cfg.max_rate_hz + boost) * cfg.dt / 1000.0
    spikes_in = poisson_encode(x, cfg.steps, max_prob=max_prob, generator=gen)
    out = input_spikes_to_layer(spikes_in, net.w, cfg.gain, net.theta, cfg)  # w fixed in a trial
    counts = out.sum(0)
    if not learn:
        return net, counts
    w = normalize_weights(dc_stdp(net.w, spikes_in, out, cfg), cfg.w_mean * x.shape[1])
    theta = adaptive_threshold(net.theta, counts, cfg.theta_plus, cfg.tau_theta,
                               cfg.steps * cfg.dt + cfg.rest_ms)
    return DiehlCookNet(w, theta), counts

def record(
    net: DiehlCookNet, x: Tensor, cfg: DiehlCookConfig, gen: torch.Generator
) -> tuple[Tensor, Tensor]:
    """Input and output spikes of the presentation that classifies each image (no learning).

    As in :func:`run_images`, an image that evokes fewer than ``cfg.min_spikes`` spikes is
    presented again with 32 Hz more input, up to ``cfg.max_boosts`` times; its last
    presentation is kept.

    Args:
        net: weights and thresholds.
        x: images ``[B, D]`` in [0, 1].
        cfg: configuration.
        gen: torch.Generator for the Poisson inputs.

    Returns:
        input spikes ``[T, B, D]`` and excitatory spikes ``[T, B, N]``.
    """
    def once(xb: Tensor, boost: float) -> tuple[Tensor, Tensor]:
        max_prob = (cfg.max_rate_hz + boost) * cfg.dt / 1000.0
        spikes_in = poisson_encode(xb, cfg.steps, max_prob=max_prob, generator=gen)
        return spikes_in, input_spikes_to_layer(spikes_in, net.w, cfg.gain, net.theta, cfg)

    spikes_in, out = once(x, 0.0)
    for k in range(1, cfg.max_boosts + 1):
        quiet = out.sum((0, 2)) < cfg.min_spikes
        if not quiet.any():
            break
        spikes_in[:, quiet], out[:, quiet] = once(x[quiet], 32.0 * k)
    return spikes_in, out


def run_images(
    net: DiehlCookNet, data: Split, cfg: DiehlCookConfig, gen: torch.Generator, learn: bool,
    desc: str,
) -> tuple[DiehlCookNet, Tensor]:
    """Present a whole split in batches (boosting inputs of images that evoke < min_spikes).

    Args:
        net: starting net.
        data: images and labels.
        cfg: configuration.
        gen: torch.Generator.
        learn: train (True) or just record responses (False).
        desc: progress-bar label.

    Returns:
        (final net, spike counts ``[N_images, neurons]``).
    """
    all_counts = []
    size = cfg.batch if learn else max(cfg.batch, 250)  # no learning: batch freely
    for s in tqdm(range(0, len(data.y), size), desc=desc, leave=False):
        xb = data.x[s : s + size]
        net, counts = present(net, xb, cfg, gen, learn)
        for k in range(1, cfg.max_boosts + 1):
            quiet = counts.sum(1) < cfg.min_spikes
            if not quiet.any():
                break
            net, redo = present(net, xb[quiet], cfg, gen, learn, boost=32.0 * k)
            counts[quiet] = redo
        all_counts.append(counts)
    return net, torch.cat(all_counts)


def assign_labels(counts: Tensor, labels: Tensor, classes: int = 10) -> Tensor:
    """Label each neuron with the class it responds to most on average.

    Args:
        counts: spike counts ``[N_images, neurons]``.
        labels: image labels ``[N_images]``.
        classes: number of classes.

    Returns:
        int64 ``[neurons]`` class per neuron.
    """
    return class_rates(counts, labels, classes).argmax(0)


def class_rates(counts: Tensor, labels: Tensor, classes: int = 10) -> Tensor:
    """Mean spike count of every neuron for every class.

    Args:
        counts: spike counts ``[N_images, neurons]``.
        labels: image labels ``[N_images]``.
        classes: number of classes.

    Returns:
        ``[classes, neurons]`` mean responses.
    """
    onehot = torch.nn.functional.one_hot(labels, classes).float()
    return onehot.T @ counts / onehot.sum(0).clamp_min(1).unsqueeze(1)


def predict_proportion(counts: Tensor, rates: Tensor) -> Tensor:
    """Proportion-weighted vote: a neuron's spikes count for each class in proportion to
    the share of its labelling response that class drew.

    Args:
        counts: spike counts ``[N_images, neurons]``.
        rates: :func:`class_rates` of the labelling images ``[classes, neurons]``.

    Returns:
        int64 predictions ``[N_images]``.

    >>> rates = torch.tensor([[3.0, 1.0], [1.0, 1.0]])  # neuron 0: 3/4 class 0
    >>> predict_proportion(torch.tensor([[2.0, 0.0], [1.0, 4.0]]), rates).tolist()
    [0, 0]
    """
    share = rates / rates.sum(0, keepdim=True).clamp_min(1e-12)
    return (counts @ share.T).argmax(1)


def predict(counts: Tensor, assignment: Tensor, classes: int = 10) -> Tensor:
    """Predict the class whose assigned neurons fire most on average.

    Args:
        counts: spike counts ``[N_images, neurons]``.
        assignment: class per neuron.
        classes: number of classes.

    Returns:
        int64 predictions ``[N_images]``.
    """
    onehot = torch.nn.functional.one_hot(assignment, classes).float()
    per_class = counts @ onehot / onehot.sum(0).clamp_min(1)
    return per_class.argmax(1)


def train_and_evaluate(
    train: Split, test: Split, cfg: DiehlCookConfig, epochs: int = 1,
    label_size: int | None = None,
) -> tuple[DiehlCookNet, dict[str, Any]]:
    """Train unsupervised on ``train``, label neurons on ``train``, evaluate on ``test``.

    Args:
        train: training images/labels (labels used only to name neurons after learning).
        test: test split.
        cfg: configuration.
        epochs: passes of STDP over the training images.
        label_size: label neurons by their responses to the first ``label_size`` training
            images (None: all); ``train_accuracy`` is measured on the same images.

    Returns:
        (trained net, metrics with train/test accuracy).
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    net = init_net(train.x.shape[1], cfg, gen)
    for e in range(epochs):
        order = torch.randperm(len(train.y), generator=gen)
        net, _ = run_images(net, Split(train.x[order], train.y[order]), cfg, gen, True,
                            f"stdp epoch {e + 1}")
    net_eval = DiehlCookNet(net.w, net.theta)
    label = train.head(label_size)
    _, train_counts = run_images(net_eval, label, cfg, gen, False, "label")
    rates = class_rates(train_counts, label.y)
    assignment = rates.argmax(0)
    _, test_counts = run_images(net_eval, test, cfg, gen, False, "test")
    train_acc = (predict(train_counts, assignment) == label.y).float().mean().item()
    prop_acc = (predict_proportion(test_counts, rates) == test.y).float().mean().item()
    test_acc = (predict(test_counts, assignment) == test.y).float().mean().item()
    return net, {
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
        "test_accuracy_proportion_vote": prop_acc,
        "neurons_per_class": torch.bincount(assignment, minlength=10).tolist(),
        "mean_test_spikes": test_counts.sum(1).mean().item(),
    }
