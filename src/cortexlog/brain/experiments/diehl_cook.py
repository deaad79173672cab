"""Diehl & Cook (2015): unsupervised digit learning with STDP, batched over images.

Poisson inputs drive one excitatory layer (LIF in normalised units: rest 0, threshold
``1 + theta``) with homeostatic adaptive thresholds, lateral inhibition (each step at most
one winner per image; the others are pushed down) and the paper's STDP rule
(post spike: ``eta_post (x_pre - x_tar) (w_max - w)^mu``; pre spike: ``-eta_pre x_post``)
followed by per-neuron weight normalisation. A batch of images is simulated in parallel,
each with its own network state; weight and threshold changes from all images in the
batch are summed. Neurons are labelled by their responses on training images only.
One step is ``dt = 3.5`` ms, so 100 steps are the paper's 350 ms presentation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor
from tqdm import tqdm

from cortexlog.brain.encoders import poisson_encode
from cortexlog.brain.experiments.common import Split
from cortexlog.brain.plasticity import adaptive_threshold, normalize_weights, winner_take_all


@dataclass(frozen=True)
class DiehlCookConfig:
    """Hyper-parameters (time constants in ms; ``dt`` ms per step).

    Membrane units are normalised (rest 0, base threshold 1 = the paper's 13 mV gap);
    ``gain`` is the jump per unit weight per input spike. ``theta_plus`` is larger than the
    paper's (0.05 mV / 13 mV) so homeostasis balances within a few thousand images, and
    ``tau_theta`` is shorter (1e6 ms instead of 1e7) so thresholds reach an equilibrium:
    with the paper's value a 60k-image run grew them until the layer fell silent.
    """

    neurons: int = 100
    steps: int = 100
    dt: float = 3.5
    max_rate_hz: float = 63.75
    tau_mem: float = 100.0
    tau_pre: float = 20.0
    tau_post: float = 20.0
    gain: float = 0.05
    inhibition: float = 5.0
    refractory_ms: float = 5.0
    theta_plus: float = 0.05
    tau_theta: float = 1e6
    eta_post: float = 0.01
    eta_pre: float = 0.0001
    x_tar: float = 0.4
    mu: float = 0.2
    w_max: float = 1.0
    w_mean: float = 0.1
    min_spikes: int = 5
    max_boosts: int = 3
    batch: int = 16
    seed: int = 0


@dataclass
class DiehlCookNet:
    """Learned state: input weights ``[D, N]`` and adaptive thresholds ``[N]``."""

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
    w = torch.rand(inputs, cfg.neurons, generator=gen) * 0.3
    return DiehlCookNet(normalize_weights(w, cfg.w_mean * inputs), torch.zeros(cfg.neurons))


def dc_stdp(
    w: Tensor, pre: Tensor, post: Tensor, cfg: DiehlCookConfig
) -> Tensor:
    """The Diehl & Cook STDP update accumulated over one presentation (new weights).

    Post spike at t: ``+eta_post (x_pre(t) - x_tar) (w_max - w)^mu``; pre spike at t:
    ``-eta_pre x_post(t)``. Traces jump to 1 at a spike and decay with ``tau_pre`` /
    ``tau_post``; the post trace is read before that step's post spikes. The weight
    dependence uses the weights at the start of the presentation (changes are applied
    together at its end, which is what makes batching possible).

    Args:
        w: weights ``[D, N]``.
        pre: input spikes ``[T, B, D]``.
        post: output spikes ``[T, B, N]``.
        cfg: configuration.

    Returns:
        updated weights clipped to ``[0, w_max]``.
    """
    dpre, dpost = math.exp(-cfg.dt / cfg.tau_pre), math.exp(-cfg.dt / cfg.tau_post)
    x_pre = torch.empty_like(pre)
    x_post = torch.empty_like(post)  # trace before this step's spikes
    xp, xq = torch.zeros_like(pre[0]), torch.zeros_like(post[0])
    for t in range(pre.shape[0]):
        xp = torch.where(pre[t] > 0, 1.0, xp * dpre)
        x_pre[t] = xp
        xq = xq * dpost
        x_post[t] = xq
        xq = torch.where(post[t] > 0, 1.0, xq)
    flat = pre.shape[0] * pre.shape[1]
    post2 = post.reshape(flat, -1)
    ltp = (x_pre.reshape(flat, -1) - cfg.x_tar).T @ post2
    ltd = pre.reshape(flat, -1).T @ x_post.reshape(flat, -1)
    dep = (cfg.w_max - w).clamp_min(0.0).pow(cfg.mu)
    return (w + cfg.eta_post * ltp * dep - cfg.eta_pre * ltd).clamp(0.0, cfg.w_max)


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
    b, n = x.shape[0], cfg.neurons
    max_prob = (cfg.max_rate_hz + boost) * cfg.dt / 1000.0
    spikes_in = poisson_encode(x, cfg.steps, max_prob=max_prob, generator=gen)
    drive = spikes_in.reshape(-1, x.shape[1]) @ (cfg.gain * net.w)  # weights fixed in a trial
    drive = drive.reshape(cfg.steps, b, n)
    dm = math.exp(-cfg.dt / cfg.tau_mem)
    ref_steps = max(1, round(cfg.refractory_ms / cfg.dt))
    v = torch.zeros(b, n)
    refrac = torch.zeros(b, n)
    theta = net.theta
    out = torch.zeros(cfg.steps, b, n)
    for t in range(cfg.steps):
        v = torch.where(refrac > 0, v, v * dm + drive[t])
        over = v - (1.0 + theta)
        z = winner_take_all((over > 0).float(), over, k=1)
        if z.any():
            v = torch.where(z > 0, 0.0, v - cfg.inhibition * z.sum(1, keepdim=True))
            refrac = torch.where(z > 0, float(ref_steps), refrac - 1)
            out[t] = z
            if learn:
                theta = adaptive_threshold(theta, z, cfg.theta_plus, cfg.tau_theta, cfg.dt)
        else:
            refrac = refrac - 1
    if not learn:
        return net, out.sum(0)
    w = normalize_weights(dc_stdp(net.w, spikes_in, out, cfg), cfg.w_mean * x.shape[1])
    return DiehlCookNet(w, theta), out.sum(0)


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
    for s in tqdm(range(0, len(data.y), cfg.batch), desc=desc, leave=False):
        xb = data.x[s : s + cfg.batch]
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
    onehot = torch.nn.functional.one_hot(labels, classes).float()
    rates = onehot.T @ counts / onehot.sum(0).clamp_min(1).unsqueeze(1)
    return rates.argmax(0)


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
    train: Split, test: Split, cfg: DiehlCookConfig, epochs: int = 1
) -> tuple[DiehlCookNet, dict[str, float]]:
    """Train unsupervised on ``train``, label neurons on ``train``, evaluate on ``test``.

    Args:
        train: training images/labels (labels used only to name neurons after learning).
        test: test split.
        cfg: configuration.
        epochs: passes of STDP over the training images.

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
    _, train_counts = run_images(net_eval, train, cfg, gen, False, "label")
    assignment = assign_labels(train_counts, train.y)
    _, test_counts = run_images(net_eval, test, cfg, gen, False, "test")
    train_acc = (predict(train_counts, assignment) == train.y).float().mean().item()
    test_acc = (predict(test_counts, assignment) == test.y).float().mean().item()
    return net, {
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
        "neurons_per_class": torch.bincount(assignment, minlength=10).tolist(),
        "mean_test_spikes": test_counts.sum(1).mean().item(),
    }
