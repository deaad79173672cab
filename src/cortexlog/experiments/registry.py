"""The experiment registry: name -> (description, CLI options, runner)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cortexlog.experiments.common import (
    Split,
    load_splits,
    save_curves,
    save_receptive_fields,
    write_metrics,
)
from cortexlog.experiments.plots import membrane_traces, save_png, spike_raster

Runner = Callable[[argparse.Namespace], dict[str, Any]]
RASTER_INPUTS = 4  # test images drawn in the spike rasters


@dataclass(frozen=True)
class Experiment:
    """A registered reproduction.

    Attributes:
        name: CLI name.
        summary: one-line description for ``--list``.
        add_arguments: adds the experiment's own options to a parser.
        run: runs it from parsed options; returns metrics incl. ``test_accuracy``.
        last_line: the line printed last, from the metrics (the test accuracy by default).
    """

    name: str
    summary: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Runner
    last_line: Callable[[dict[str, Any]], str] = (
        lambda m: f"test accuracy: {m['test_accuracy']:.4f}")


def _dc_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--neurons", type=int, default=100)
    p.add_argument("--train-size", type=int, default=10000)
    p.add_argument("--test-size", type=int, default=10000)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--label-size", type=int, default=10000,
                   help="training images whose responses label the neurons")
    p.add_argument("--batch", type=int, default=1, help="images per weight update")
    p.add_argument("--steps", type=int, default=100, help="steps per image (350 ms total)")
    p.add_argument("--tau-theta", type=float, default=None, help="threshold decay (ms)")
    p.add_argument("--theta-plus", type=float, default=None, help="threshold rise per spike")
    p.add_argument("--inhibition", type=float, default=None, help="lateral inhibition")
    p.add_argument("--tau-post2", type=float, default=None,
                   help="slow post trace of the triplet rule (ms); 0: x_tar rule")
    p.add_argument("--seed", type=int, default=0)


def _run_dc(a: argparse.Namespace) -> dict[str, Any]:
    import torch

    from cortexlog.experiments.diehl_cook import DiehlCookConfig, train_and_evaluate

    torch.set_num_threads(1)  # thousands of small ops per image: threads only add overhead
    train, test, source, side = load_splits(a.data_dir)
    given = {"tau_theta": a.tau_theta, "theta_plus": a.theta_plus, "inhibition": a.inhibition,
             "tau_post2": a.tau_post2}
    cfg = DiehlCookConfig(
        neurons=a.neurons, batch=a.batch, seed=a.seed, steps=a.steps, dt=350.0 / a.steps,
        **{k: v for k, v in given.items() if v is not None},
    )
    net, m = train_and_evaluate(train.head(a.train_size), test.head(a.test_size), cfg, a.epochs,
                                a.label_size)
    save_receptive_fields(net.w, side, Path(a.out) / "receptive_fields.png")
    _dc_raster(net, test.head(RASTER_INPUTS), cfg, Path(a.out) / "spike_raster.png")
    m["config"] = {**cfg.__dict__, "train_size": a.train_size, "test_size": a.test_size,
                   "label_size": a.label_size, "epochs": a.epochs, "data_source": source}
    return m


def _snn_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--steps", type=int, default=4)
    p.add_argument("--train-size", type=int, default=None)
    p.add_argument("--test-size", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)


def _run_snn(a: argparse.Namespace) -> dict[str, Any]:
    from cortexlog.experiments.snn_mnist import SNNConfig, train_snn

    train, test, source, side = load_splits(a.data_dir)
    cfg = SNNConfig(steps=a.steps, epochs=a.epochs, seed=a.seed)
    model, m = train_snn(train.head(a.train_size), test.head(a.test_size), side, cfg)
    save_curves({"conv SNN": m["test_accuracy_per_epoch"]}, Path(a.out) / "accuracy.png",
                "epoch", "test accuracy", "snn-mnist")
    _snn_pictures(model, test.head(RASTER_INPUTS), side, Path(a.out))
    m["config"] = {**cfg.__dict__, "train_size": a.train_size, "test_size": a.test_size,
                   "data_source": source}
    return m


def _labels(data: Split) -> list[str]:
    return [f"test image {k} (label {int(y)})" for k, y in enumerate(data.y)]


def _dc_raster(net: Any, few: Split, cfg: Any, path: Path) -> None:
    """Raster of the excitatory layer's spikes for a few test images (no learning)."""
    import torch

    from cortexlog.experiments.diehl_cook import record

    _, out = record(net, few.x, cfg, torch.Generator().manual_seed(cfg.seed))
    save_png(spike_raster(out, "diehl-cook: excitatory spikes", _labels(few), cfg.dt, "ms"),
             path)


def _snn_pictures(model: Any, few: Split, side: int, out: Path) -> None:
    """Raster of the hidden layer for a few test images; traces of its most active units."""
    from cortexlog.experiments.snn_mnist import hidden_activity

    model.eval()
    spikes, v = hidden_activity(model, few.x.reshape(-1, 1, side, side))
    save_png(spike_raster(spikes, "snn-mnist: hidden-layer spikes", _labels(few)),
             out / "spike_raster.png")
    active = spikes[:, 0].sum(0).argsort(descending=True)[:6].tolist()
    save_png(membrane_traces(v[:, 0], float(model.lif3.params.v_th), active,
                             f"snn-mnist: hidden units, {_labels(few)[0]}"),
             out / "membrane_traces.png")


def _hlop_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tasks", type=int, default=5)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--train-size", type=int, default=10000)
    p.add_argument("--test-size", type=int, default=10000)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)


def _run_hlop(a: argparse.Namespace) -> dict[str, Any]:
    from cortexlog.experiments.hlop_pmnist import (
        PMNISTConfig,
        permuted_tasks,
        run_multitask,
        run_sequence,
        summarise,
    )

    train, test, source, _ = load_splits(a.data_dir)
    cfg = PMNISTConfig(tasks=a.tasks, epochs=a.epochs, hidden=a.hidden, seed=a.seed)
    tasks = permuted_tasks(train.head(a.train_size), test.head(a.test_size), a.tasks, a.seed)
    m: dict[str, Any] = {"matrices": {}, "summary": {}}
    curves = {}
    for method in ("finetune", "ewc", "hlop"):
        mat = run_sequence(method, tasks, cfg)
        m["matrices"][method] = mat
        m["summary"][method] = summarise(mat)
        curves[method] = [100 * sum(r[: i + 1]) / (i + 1) for i, r in enumerate(mat)]
    multi = run_multitask(tasks, cfg)
    m["summary"]["multitask"] = {"acc": round(100 * sum(multi) / len(multi), 4), "bwt": 0.0}
    curves["multitask (final)"] = [m["summary"]["multitask"]["acc"]] * a.tasks
    save_curves(curves, Path(a.out) / "accuracy.png", "tasks learned",
                "mean accuracy on seen tasks (%)", "permuted MNIST")
    m["test_accuracy"] = m["summary"]["hlop"]["acc"] / 100
    m["config"] = {**cfg.__dict__, "train_size": a.train_size, "test_size": a.test_size,
                   "data_source": source}
    return m


def _sym_args(p: argparse.ArgumentParser) -> None:
    from cortexlog.experiments.sym_stdp_sim import add_arguments

    add_arguments(p)


def _run_sym(a: argparse.Namespace) -> dict[str, Any]:
    import torch

    from cortexlog.experiments.sym_stdp import train_and_evaluate
    from cortexlog.experiments.sym_stdp_sim import config_from_args

    torch.set_num_threads(1)  # many small ops per presentation
    train, test, source, side = load_splits(a.data_dir)
    cfg = config_from_args(a)
    net, m = train_and_evaluate(train.head(a.train_size), test.head(a.test_size), cfg, a.epochs,
                                a.readout_epochs, Path(a.out) / "checkpoint.pt", a.eval_every)
    save_receptive_fields(net.w, side, Path(a.out) / "receptive_fields.png")
    m["config"] = {**cfg.__dict__, "train_size": a.train_size, "test_size": a.test_size,
                   "epochs": a.epochs, "readout_epochs": a.readout_epochs,
                   "eval_every": a.eval_every, "data_source": source}
    return m


def _nalsm_args(p: argparse.ArgumentParser) -> None:
    from cortexlog.experiments.nalsm import VARIANTS, NALSMConfig

    d = NALSMConfig()
    p.add_argument("--neurons", type=int, default=d.neurons, help="liquid size (3-D grid)")
    p.add_argument("--train-size", type=int, default=None, help="readout training images")
    p.add_argument("--test-size", type=int, default=None)
    p.add_argument("--steps", type=int, default=d.steps, help="ms per image for the states")
    p.add_argument("--plastic-size", type=int, default=d.plastic_size,
                   help="training images of the plasticity phase")
    p.add_argument("--plastic-steps", type=int, default=d.plastic_steps,
                   help="ms per image in the plasticity phase")
    p.add_argument("--eta", type=float, default=d.eta, help="STDP rate per spike pair")
    p.add_argument("--astro-w", type=float, default=d.astro_w,
                   help="astrocyte weight per spike, as a fraction of eta")
    p.add_argument("--lsm-scale", type=float, default=d.lsm_scale,
                   help="fixed weights of the lsm variant, as a fraction of the maximum")
    p.add_argument("--input-current", type=float, default=d.input_current,
                   help="drive of the input neurons at intensity 1 (threshold per ms)")
    p.add_argument("--tau-syn", type=float, default=d.tau_syn,
                   help="liquid synaptic current time constant (ms)")
    p.add_argument("--synapse-charge", type=float, default=d.synapse_charge,
                   help="membrane rise per unit weight per spike, all steps summed")
    p.add_argument("--integrate-refractory", action="store_true",
                   help="liquid membranes integrate during the refractory period (the "
                        "authors' code) instead of being held at reset")
    p.add_argument("--frozen-states", action="store_true",
                   help="read the plastic variants' states with plasticity off (the "
                        "authors' code keeps it on during every presentation)")
    p.add_argument("--constant-input", action="store_true",
                   help="drive each input neuron with a constant current proportional to "
                        "its intensity, instead of the authors' full current on each ms "
                        "with probability = intensity")
    p.add_argument("--state-decay", type=float, default=d.state_decay,
                   help="per-ms decay of the plasticity rates during a presentation")
    p.add_argument("--readout-epochs", type=int, default=d.readout_epochs)

    def variants(text: str) -> tuple[str, ...]:
        names = tuple(v.strip() for v in text.split(",") if v.strip())
        if not names or any(v not in VARIANTS for v in names):
            raise argparse.ArgumentTypeError(f"valid variants: {', '.join(VARIANTS)}")
        return names

    p.add_argument("--variants", type=variants, default=VARIANTS,
                   help="comma-separated subset of " + ", ".join(VARIANTS))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=d.seed)


def _run_nalsm(a: argparse.Namespace) -> dict[str, Any]:
    import torch

    from cortexlog.experiments.nalsm import NALSMConfig, run_all
    from cortexlog.experiments.nalsm_plots import branching_figure

    torch.set_num_threads(a.threads)
    variants = a.variants
    train, test, source, _ = load_splits(a.data_dir)
    cfg = NALSMConfig(neurons=a.neurons, steps=a.steps, plastic_size=a.plastic_size,
                      plastic_steps=a.plastic_steps, eta=a.eta,
                      astro_w=a.astro_w, lsm_scale=a.lsm_scale, input_current=a.input_current,
                      readout_epochs=a.readout_epochs, plastic_states=not a.frozen_states,
                      state_decay=a.state_decay, stochastic_input=not a.constant_input,
                      tau_syn=a.tau_syn, synapse_charge=a.synapse_charge,
                      integrate_refractory=a.integrate_refractory,
                      seed=a.seed)
    m = run_all(train.head(a.train_size), test.head(a.test_size), cfg, variants)
    save_png(branching_figure(m, f"nalsm: {a.neurons}-neuron liquid"),
             Path(a.out) / "branching_factor.png")
    m["config"] = {**cfg.__dict__, "train_size": a.train_size, "test_size": a.test_size,
                   "variants": list(variants), "data_source": source}
    return m


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--steps", type=int, default=4, help="time steps per image")
    p.add_argument("--train-size", type=int, default=None, help="training pairs (default all)")
    p.add_argument("--test-size", type=int, default=None, help="test pairs (default all)")
    p.add_argument("--batch", type=int, default=50, help="pairs per step")
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--seed", type=int, default=0)


def _run_add(a: argparse.Namespace) -> dict[str, Any]:
    from cortexlog.data import load_mnist
    from cortexlog.experiments.spiking_addition import AdditionConfig, train_addition

    tr, te = load_mnist("train", a.data_dir), load_mnist("test", a.data_dir)
    cfg = AdditionConfig(steps=a.steps, epochs=a.epochs, batch=a.batch, lr=a.lr, seed=a.seed)
    _, m = train_addition(tr, te, cfg, a.train_size, a.test_size)
    save_curves({"sum accuracy": m["sum_accuracy_per_epoch"],
                 "digit accuracy": m["digit_accuracy_per_epoch"]},
                Path(a.out) / "accuracy.png", "epoch", "test accuracy",
                "spiking-addition (MNIST addition N=1, spiking nn predicate)")
    m["config"] = {**cfg.__dict__, "train_pairs": m.pop("train_pairs"),
                   "test_pairs": m.pop("test_pairs"), "data_source": tr.source}
    return m


def _lgvf_args(p: argparse.ArgumentParser) -> None:
    from cortexlog.experiments.lgvf import CASES, LGVFConfig

    d = LGVFConfig()
    p.add_argument("--case", choices=[*CASES, "all"], default="all")
    p.add_argument("--steps", type=int, default=d.steps, help="training steps per field")
    p.add_argument("--samples", type=int, default=d.samples, help="generated points")
    p.add_argument("--logic-weight", type=float, default=d.logic_weight)
    p.add_argument("--guidance", type=float, default=d.guidance,
                   help="weight of the inference-time constraint gradient")
    p.add_argument("--sharpness", type=float, default=d.sharpness)
    p.add_argument("--late", type=float, default=d.late,
                   help="flow time where the logic loss and correction start")
    p.add_argument("--constraints", default=None,
                   help="folder of lgvf_{linear,ring,obstacles}.pl (default examples/realvalued)")
    p.add_argument("--seed", type=int, default=d.seed)


def _run_lgvf(a: argparse.Namespace) -> dict[str, Any]:
    import torch

    from cortexlog.experiments.lgvf import CASES, EXAMPLES, VARIANTS, LGVFConfig, run_case
    from cortexlog.experiments.lgvf_plots import lgvf_figure

    torch.set_num_threads(1)
    cfg = LGVFConfig(steps=a.steps, samples=a.samples, logic_weight=a.logic_weight,
                     guidance=a.guidance, sharpness=a.sharpness, late=a.late, seed=a.seed)
    folder = Path(a.constraints) if a.constraints else EXAMPLES
    m: dict[str, Any] = {"cases": {}, "config": dict(cfg.__dict__)}
    for case in CASES if a.case == "all" else (a.case,):
        r = run_case(case, cfg, folder)
        save_png(lgvf_figure(case, r, cfg), Path(a.out) / f"lgvf_{case}.png")
        m["cases"][case] = {**r["metrics"], "violation_reduction": round(r["reduction"], 1),
                            "mmd2_floor": r["mmd2_floor"]}
        for v in VARIANTS:
            print(f"{case:9s} {v:10s} violations {100 * r['metrics'][v]['violation_rate']:5.2f}%"
                  f"  MMD^2 {r['metrics'][v]['mmd2']:.5f}")
        print(f"{case:9s} target vs target  MMD^2 {r['mmd2_floor']:.5f} (noise floor)")
        print(f"{case}: violation reduction {r['reduction']:.1f}%")
    reductions = [c["violation_reduction"] for c in m["cases"].values()]
    m["violation_reduction"] = round(sum(reductions) / len(reductions), 1)
    return m


EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        Experiment("diehl-cook", "Diehl & Cook 2015 unsupervised STDP digits", _dc_args, _run_dc),
        Experiment("snn-mnist", "conv spiking net, surrogate gradients", _snn_args, _run_snn),
        Experiment(
            "hlop-pmnist", "HLOP continual learning on permuted MNIST", _hlop_args, _run_hlop
        ),
        Experiment(
            "sym-stdp", "Hao et al. 2020 supervised symmetric STDP digits", _sym_args,
            _run_sym,
        ),
        Experiment(
            "nalsm", "Ivanov & Michmizos 2021 astrocyte-tuned liquid state machine",
            _nalsm_args, _run_nalsm,
        ),
        Experiment(
            "spiking-addition", "MNIST addition with a spiking nn(...) predicate", _add_args,
            _run_add,
        ),
        Experiment(
            "lgvf", "logic-guided flow matching, constraints from .pl files", _lgvf_args,
            _run_lgvf, lambda m: f"violation reduction: {m['violation_reduction']:.1f}%",
        ),
    )
}


def run_experiment(exp: Experiment, args: argparse.Namespace) -> dict[str, Any]:
    """Run an experiment, time it and write ``metrics.json`` into ``args.out``.

    Args:
        exp: the experiment.
        args: parsed options (``out``, ``data_dir`` and the experiment's own).

    Returns:
        the metrics written.
    """
    t0 = time.perf_counter()
    m = exp.run(args)
    m["experiment"] = exp.name
    m["seconds"] = round(time.perf_counter() - t0, 1)
    write_metrics(Path(args.out), m)
    return m
