"""The plasticity learners' fast paths against the obvious per-step torch loop, in one run.

Two cases, each run both ways on the same inputs, with the outputs checked equal:

- **sym-stdp training** (`cortexlog experiment sym-stdp`): one digit per update, the real
  training step (`sym_stdp.present`: Poisson input, excitatory layer, teacher, both STDP
  updates, synaptic scaling, thresholds). The experiment steps the excitatory layer in the
  compiled winner-take-all kernel (`brain.wta_kernel`) and updates and rescales only the
  weight rows of the neurons that spiked; the reference steps the layer with
  `diehl_cook_sim.simulate` (one torch step per time step) and updates and rescales the
  whole weight matrix.
- **NALSM liquid states** (`cortexlog experiment nalsm`): the frozen liquid's spike counts
  for a batch of images, all images stepped at once (the experiment's path) against one
  image at a time.
- **NALSM plastic states**: the same counts with astrocyte-modulated STDP running on each
  image's own weights during its presentation (the nalsm variant's path): the
  event-driven C kernel of `brain.plastic_liquid` against its step-by-step torch rule
  (`CORTEXLOG_NATIVE=0`), on `--plastic-images` images.

    .venv/bin/python bench/brain_learners.py [--data-dir DIR] [--images 40] [--threads 1]
        [--sym-neurons 400 6400] [--plastic-images 8]

Prints seconds per image for both paths and the speed-up (reference / fast).
"""

from __future__ import annotations

import argparse
import functools
import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import torch

from cortexlog.brain import poisson_encode, synaptic_scaling
from cortexlog.brain.intrinsic import intrinsic_threshold
from cortexlog.experiments import nalsm, sym_stdp
from cortexlog.experiments.common import Split, load_splits
from cortexlog.experiments.diehl_cook_sim import simulate
from cortexlog.experiments.sym_stdp_sim import (
    SymSTDPConfig,
    sym_stdp_presentation,
    teacher_spikes,
)


def _reference_present(net: sym_stdp.SymNet, x: torch.Tensor, y: torch.Tensor,
                       cfg: SymSTDPConfig, gen: torch.Generator
                       ) -> tuple[sym_stdp.SymNet, torch.Tensor]:
    """The obvious torch training step: step loop, dense STDP, dense clip and scaling."""
    max_prob = cfg.max_rate_hz * cfg.dt / 1000.0
    pre = poisson_encode(x, cfg.steps, max_prob=max_prob, generator=gen)
    drive = (pre.reshape(-1, x.shape[1]) @ (cfg.gain * net.w).T).reshape(cfg.steps, 1, -1)
    post = simulate(drive, net.theta, cfg.dynamics())
    teach = teacher_spikes(y, cfg, gen)
    w_cla = net.w_cla + sym_stdp_presentation(net.w_cla, post, teach,
                                              cfg.rule(cfg.eta_cla, cfg.cla_w_max))
    w_cla = synaptic_scaling(w_cla.clamp(0.0, cfg.cla_w_max), cfg.cla_w_mean * cfg.neurons)
    w = net.w + sym_stdp_presentation(net.w, pre, post, cfg.rule(cfg.eta, cfg.w_max))
    w = synaptic_scaling(w.clamp(0.0, cfg.w_max), cfg.w_mean * x.shape[1])
    counts = post.sum(0)
    theta = intrinsic_threshold(net.theta, counts, cfg.theta_plus, cfg.tau_theta,
                                cfg.steps * cfg.dt + cfg.rest_ms, cfg.theta_floor,
                                cfg.theta_soft)
    return sym_stdp.SymNet(w, theta, w_cla), counts


def _sym_stdp_run(train: Split, images: int, neurons: int, step: Callable[..., Any]
                  ) -> tuple[float, torch.Tensor]:
    """Seconds for `images` one-digit training steps, and the final input weights."""
    cfg = SymSTDPConfig(neurons=neurons)
    gen = torch.Generator().manual_seed(0)
    net = sym_stdp.init_net(train.x.shape[1], cfg, gen)
    t0 = time.perf_counter()
    for i in range(images):
        net, _ = step(net, train.x[i : i + 1], train.y[i : i + 1], cfg, gen)
    return time.perf_counter() - t0, net.w


def bench_sym_stdp(train: Split, images: int, neurons: int) -> tuple[float, float]:
    """(fast, reference) seconds per image; the two runs must give the same weights."""
    step = functools.partial(sym_stdp.present, inplace=True)  # the training loop's call
    fast, w_fast = _sym_stdp_run(train, images, neurons, step)
    ref, w_ref = _sym_stdp_run(train, images, neurons, _reference_present)
    if not torch.allclose(w_fast, w_ref, atol=1e-5):
        raise SystemExit("sym-stdp: the fast and the step-by-step runs differ")
    return fast / images, ref / images


def _timed(fn: Callable[[], torch.Tensor]) -> tuple[float, torch.Tensor]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bench_liquid(train: Split, images: int, neurons: int) -> tuple[float, float]:
    """(batched, one image at a time) seconds per image of NALSM's liquid states."""
    # constant input: the same spikes whether drawn for a batch or one image at a time
    cfg = replace(nalsm.NALSMConfig(), neurons=neurons, batch=images, stochastic_input=False)
    liq = nalsm.build_liquid(train.x.shape[1], cfg, cfg.lsm_scale)
    data = train.head(images)
    fast, counts = _timed(lambda: nalsm.liquid_states(liq, data, cfg, "batched")[0])
    one = replace(cfg, batch=1)
    ref, counts_one = _timed(lambda: nalsm.liquid_states(liq, data, one, "one by one")[0])
    if not torch.allclose(counts, counts_one):
        raise SystemExit("nalsm: batched and one-by-one liquid states differ")
    return fast / images, ref / images


def bench_plastic(train: Split, images: int, neurons: int) -> tuple[float, float]:
    """(C kernel, step-by-step torch) seconds per image of NALSM's plastic liquid states."""
    cfg = replace(nalsm.NALSMConfig(), neurons=neurons, batch=images)
    liq = nalsm.build_liquid(train.x.shape[1], cfg, 1.0)
    data, rule = train.head(images), nalsm.presentation_rule(cfg, "nalsm")
    fast, counts = _timed(lambda: nalsm.liquid_states(liq, data, cfg, "kernel", rule)[0])
    os.environ["CORTEXLOG_NATIVE"] = "0"
    try:
        ref, counts_ref = _timed(lambda: nalsm.liquid_states(liq, data, cfg, "torch", rule)[0])
    finally:
        del os.environ["CORTEXLOG_NATIVE"]
    if not torch.equal(counts, counts_ref):
        raise SystemExit("nalsm: the plastic kernel and the step-by-step rule differ")
    return fast / images, ref / images


def main(argv: list[str] | None = None) -> int:
    """Run both cases and print the table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", default=None, help="MNIST IDX directory (else the fallback)")
    p.add_argument("--images", type=int, default=40, help="images per case")
    p.add_argument("--sym-neurons", type=int, nargs="+", default=[400, 6400],
                   help="excitatory layer sizes of the sym-stdp case")
    p.add_argument("--liquid-neurons", type=int, default=1000)
    p.add_argument("--plastic-images", type=int, default=8)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    train, _, origin, _ = load_splits(a.data_dir)
    rows = [
        *((f"sym-stdp training step, {n} neurons", "C layer from input spikes",
           "per-step torch", *bench_sym_stdp(train, a.images, n)) for n in a.sym_neurons),
        (f"NALSM liquid states, {a.liquid_neurons} neurons", f"batch {a.images}",
         "one image at a time", *bench_liquid(train, a.images, a.liquid_neurons)),
        (f"NALSM plastic states, {a.liquid_neurons} neurons", "event-driven C",
         "per-step torch", *bench_plastic(train, a.plastic_images, a.liquid_neurons)),
    ]
    print(f"data: {origin}; {a.images} images per case; {a.threads} thread(s)")
    print(f"{'case':44} {'fast path':>22} {'ms/img':>8} {'reference':>20} {'ms/img':>8} "
          f"{'speed-up':>8}")
    for case, fast_name, ref_name, fast, ref in rows:
        print(f"{case:44} {fast_name:>22} {1e3 * fast:8.2f} {ref_name:>20} {1e3 * ref:8.2f} "
              f"{ref / fast:7.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
