"""One training run from command-line settings: data, model, run directory, loop, report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch

from cortexlog.errors import CortexlogError
from cortexlog.train.build import build_model, check_examples, read_program
from cortexlog.train.examples import Example, read_examples
from cortexlog.train.loop import LoopConfig, fit, save_config, world
from cortexlog.train.shapes import build_example_set
from cortexlog.train.tensors import TensorSource, parse_tensor_args

# Settings that may change on --resume (the rest must match the checkpoint's run).
RESUMABLE = {"epochs", "resume", "overwrite", "no_progress", "threads", "device", "out"}


@dataclass
class RunSpec:
    """The settings of `cortexlog train` (one field per flag)."""

    program: str | None = None
    train: str | None = None
    test: str | None = None
    tensors: list[str] = field(default_factory=list)
    task: str | None = None
    digits: int = 1
    train_size: int | None = None
    test_size: int | None = None
    output_arg: str = "-1"
    data_dir: str | None = None
    network: list[str] = field(default_factory=list)
    semantics: str = "probability"
    logic: str = "architecture"
    uniform_prior: float = 1.0
    image_shift: int = 0
    max_patterns: int = 2048
    inference: str = "exact"
    epochs: int = 1
    batch_size: int = 32
    lr: float = 1e-3
    lr_net: list[str] = field(default_factory=list)
    warmup_steps: int = 0
    lr_decay: str = "none"
    seed: int = 0
    out: str | None = None
    resume: bool = False
    overwrite: bool = False
    no_progress: bool = False
    threads: int | None = None
    device: str = "cpu"

    @classmethod
    def from_namespace(cls, ns: argparse.Namespace) -> RunSpec:
        """The spec of parsed arguments."""
        return cls(**{k: v for k, v in vars(ns).items() if k in cls.__dataclass_fields__})


def _output_arg(value: str) -> int | None:
    if value.lower() == "none":
        return None
    try:
        return int(value)
    except ValueError:
        raise CortexlogError(f"--output-arg {value!r} is not an integer or 'none'",
                             hint="e.g. --output-arg -1 (the last argument)") from None


def _device(name: str) -> torch.device:
    try:
        dev = torch.device(name)
    except RuntimeError:
        raise CortexlogError(f"unknown --device {name!r}", hint="e.g. cpu, cuda, cuda:0, mps"
                             ) from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise CortexlogError("--device cuda but torch sees no CUDA device",
                             hint="use --device cpu, or install a CUDA build of torch")
    return dev


def _lr_net(specs: list[str]) -> dict[str, float]:
    out = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        try:
            out[name] = float(value)
        except ValueError:
            raise CortexlogError(f"bad --lr-net {spec!r}", hint="write NAME=LR") from None
    return out


def _size(n: int | None, flag: str) -> int | None:
    if n is not None and n < 1:
        raise CortexlogError(f"{flag} must be >= 1, got {n}", hint=f"omit {flag} to use all")
    return n


# A preset makes a run's program and examples from its spec (e.g. `--task NAME`, provided
# by `cortexlog.tasks.preset`, above this package): `(spec, sources, train size, test size)
# -> (program text, its name, train examples, test examples)`; it may add sources.
Preset = Callable[[RunSpec, dict[str, TensorSource], int | None, int | None],
                  tuple[str, str, list[Example], list[Example]]]


def load_data(spec: RunSpec, preset: Preset | None = None
              ) -> tuple[str, str, list[Example], list[Example], dict[str, TensorSource]]:
    """Program text, its name, train and test examples, and tensor sources of a run.

    Args:
        spec: the settings.
        preset: makes the examples when no `--train` file is given (the built-in tasks).

    Returns:
        `(text, name, train examples, test examples, sources)`.
    """
    sources = parse_tensor_args(spec.tensors, spec.data_dir)
    n_tr, n_te = _size(spec.train_size, "--train-size"), _size(spec.test_size, "--test-size")
    if spec.train is None:
        if preset is None:
            raise CortexlogError("no training examples: give --train FILE",
                                 hint="built-in tasks: `cortexlog train --task NAME`")
        text, name, train, test = preset(spec, sources, n_tr, n_te)
        return text, name, train, test, sources
    if spec.task is not None:
        raise CortexlogError("give either --task or --train, not both",
                             hint="--task generates its own examples")
    if spec.program is None:
        raise CortexlogError("--train needs a program", hint="cortexlog train PROGRAM.pl "
                             "--train TRAIN.pl [--test TEST.pl] --tensors NAME=SPEC")
    text, name = read_program(spec.program)
    train = read_examples(spec.train)[:n_tr]
    test = read_examples(spec.test)[:n_te] if spec.test else train[:n_te]
    return text, name, train, test, sources


def check_out(out: Path, spec: RunSpec) -> None:
    """Refuse to clobber a run; on --resume refuse changed settings (listing them)."""
    existing = (out / "config.json").is_file() or (out / "model.pt").is_file()
    if not existing:
        return
    if not spec.resume and not spec.overwrite:
        raise CortexlogError(f"{out} already holds a run",
                             hint="pass --resume to continue it, --overwrite to replace it, "
                             "or choose another --out")
    if spec.overwrite and not spec.resume:
        for f in ("model.pt", "metrics.jsonl", "config.json"):
            (out / f).unlink(missing_ok=True)
        return
    try:
        saved = json.loads((out / "config.json").read_text(encoding="utf-8"))["settings"]
    except (OSError, ValueError, KeyError, TypeError):
        raise CortexlogError(f"{out}/config.json is missing or unreadable",
                             hint="cannot check the resumed run's settings; use --overwrite"
                             ) from None
    now = asdict(spec)
    changed = [k for k in now if k not in RESUMABLE and saved.get(k) != now[k]]
    if changed:
        diff = ", ".join(f"--{k.replace('_', '-')} {saved.get(k)!r} -> {now[k]!r}"
                         for k in changed)
        raise CortexlogError(f"--resume with settings that differ from the run's: {diff}",
                             hint="resume with the original settings (only --epochs, "
                             "--threads, --device and progress may change), or --overwrite")


def run(spec: RunSpec, preset: Preset | None = None) -> int:
    """Train as the spec says; prints `test accuracy: X` last. Returns the exit code.

    Args:
        spec: the settings.
        preset: makes the examples when no `--train` file is given.

    Returns:
        0.
    """
    rank, size = world()
    device = _device(spec.device)
    text, name, train_ex, test_ex, sources = load_data(spec, preset)
    default = (spec.task or "mnist-addition") if spec.train is None else Path(
        spec.program or "train").stem
    out = Path(spec.out or f"runs/{default}")
    if rank == 0:
        check_out(out, spec)
    torch.manual_seed(spec.seed)
    t0 = time.perf_counter()
    from cortexlog.neural.networks import parse_network_args

    model = build_model(text, name, spec.semantics, parse_network_args(spec.network),
                        sources, spec.max_patterns, spec.inference, spec.seed)
    if spec.uniform_prior < 0:
        raise CortexlogError(f"--uniform-prior must be >= 0, got {spec.uniform_prior}")
    model.uniform_prior = spec.uniform_prior
    if spec.image_shift < 0:
        raise CortexlogError(f"--image-shift must be >= 0, got {spec.image_shift}")
    model.image_shift = spec.image_shift
    check_examples(model.ast, train_ex, "training")
    check_examples(model.ast, test_ex, "test")
    arg = _output_arg(spec.output_arg)
    train = build_example_set(train_ex, sources, arg)
    test = build_example_set(test_ex, sources, arg)
    notes = model.prepare(train)
    model.to(device)
    build_seconds = time.perf_counter() - t0
    loop = LoopConfig(epochs=spec.epochs, batch_size=spec.batch_size, lr=spec.lr,
                      net_lr=_lr_net(spec.lr_net), warmup_steps=spec.warmup_steps,
                      lr_decay=spec.lr_decay,
                      seed=spec.seed, out=str(out), resume=spec.resume,
                      progress=not spec.no_progress)
    loop.check()
    config: dict[str, Any] = {
        "settings": asdict(spec), "program_source": name, "program_text": text,
        "data_sources": {k: s.origin for k, s in sources.items()},
        "train_examples": len(train), "test_examples": len(test),
        "train_shapes": len(train.groups), "test_shapes": len(test.groups),
        "networks": notes, "world_size": size, "build_seconds": build_seconds,
        "torch_threads": torch.get_num_threads(),
    }
    save_config(str(out), config)
    if rank == 0:
        _announce(name, train, test, sources, notes, spec, build_seconds)
    history = fit(model, train, test, loop)
    if rank == 0:
        print(f"run directory: {out}")
        acc = history[-1]["test_accuracy"] if history else float("nan")
        print(f"test accuracy: {acc:.4f}")
    return 0


def _announce(name: str, train: Any, test: Any, sources: dict[str, TensorSource],
              notes: dict[str, str], spec: RunSpec, seconds: float) -> None:
    data = "; ".join(f"{k}: {s.origin}" for k, s in sources.items()) or "no tensors"
    print(f"{name}: {len(train)} train / {len(test)} test examples in {len(train.groups)} / "
          f"{len(test.groups)} query shapes ({data}); semantics={spec.semantics}; "
          f"built in {seconds:.2f} s", file=sys.stderr)
    for net, what in notes.items():
        print(f"  network {net}: {what}", file=sys.stderr)

