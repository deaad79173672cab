"""The training loop: seeded epochs, progress, metrics, checkpoint/resume, DDP sharding.

It trains a `LogicModel` on an `ExampleSet`: each step takes a batch of example indices
(any mix of shapes) and minimises the mean per-example loss with Adam (one parameter group
per network, each with its own learning rate if given). It knows nothing about tasks.
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
from torch import nn
from tqdm import tqdm

from cortexlog.errors import CortexlogError
from cortexlog.train.checkpoint import load_checkpoint, save_checkpoint
from cortexlog.train.confusion import write_confusion
from cortexlog.train.metrics import Evaluation, evaluate_examples
from cortexlog.train.model import LogicModel
from cortexlog.train.report import plot_curve, write_json
from cortexlog.train.shapes import ExampleSet


@dataclass
class LoopConfig:
    """Optimisation settings.

    Attributes:
        epochs: passes over the training examples (>= 1).
        batch_size: examples per optimiser step (global, across DDP processes).
        lr: Adam learning rate.
        net_lr: per-network learning rates (network name -> lr).
        warmup_steps: steps of linear learning-rate warm-up from lr/10 (0: none).
        lr_decay: "none" or "cosine" (the rate follows half a cosine to 0 over all steps).
        seed: seeds the per-epoch shuffles.
        out: run directory (metrics.jsonl, config.json, model.pt, curve.png); None: none.
        resume: continue from `out/model.pt` if it exists.
        progress: show a tqdm bar (rank 0 only).
        eval_batch: examples per evaluation batch.
        curve_every: record the running loss every this many steps.
        evals_per_epoch: quick evaluations (first 1,000 test examples) inside each epoch,
            for the learning curve; -1: 4 when there are at most 2 epochs, else none.
    """

    epochs: int = 1
    batch_size: int = 32
    lr: float = 1e-3
    net_lr: dict[str, float] = field(default_factory=dict)
    warmup_steps: int = 0
    lr_decay: str = "none"
    seed: int = 0
    out: str | None = None
    resume: bool = False
    progress: bool = True
    eval_batch: int = 1000
    curve_every: int = 10
    evals_per_epoch: int = -1

    def check(self) -> None:
        """Reject degenerate settings with a clear error."""
        for name, value, low in (("epochs", self.epochs, 1), ("batch_size", self.batch_size, 1),
                                 ("eval_batch", self.eval_batch, 1),
                                 ("curve_every", self.curve_every, 1),
                                 ("warmup_steps", self.warmup_steps, 0)):
            if value < low:
                flag = "--" + name.replace("_", "-")
                raise CortexlogError(f"{flag} must be >= {low}, got {value}",
                                     hint=f"pass {flag} {max(low, 1)} or more")
        if self.lr_decay not in LR_DECAYS:
            raise CortexlogError(f"unknown --lr-decay {self.lr_decay!r}",
                                 hint=f"valid: {', '.join(LR_DECAYS)}")
        for name, lr in {"lr": self.lr, **self.net_lr}.items():
            if not lr > 0 or lr != lr:
                raise CortexlogError(f"learning rate of {name} must be > 0, got {lr}",
                                     hint="typical values: 1e-4 to 1e-2")


def world() -> tuple[int, int]:
    """`(rank, world_size)` of the current process (0, 1 without torch.distributed)."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def _epoch_rows(n: int, seed: int, epoch: int, rank: int, size: int) -> torch.Tensor:
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))
    perm = perm[: (n // size) * size]  # equal shards: every rank runs the same step count
    return perm[rank::size]


def make_optimizer(model: LogicModel, config: LoopConfig) -> torch.optim.Optimizer:
    """Adam with one parameter group per network (its own learning rate if given)."""
    unknown = sorted(set(config.net_lr) - set(model.nets))
    if unknown:
        raise CortexlogError(f"learning rate given for unknown network(s) {', '.join(unknown)}",
                             hint="networks: " + ", ".join(sorted(model.nets)))
    groups: list[dict[str, Any]] = [
        {"params": _trainable(m), "lr": config.net_lr.get(n, config.lr), "name": n}
        for n, m in model.nets.items()]
    seen = {id(p) for g in groups for p in g["params"]}
    rest = [p for p in _trainable(model) if id(p) not in seen]
    if rest:
        groups.append({"params": rest, "lr": config.lr, "name": "t(p) probabilities"})
    groups = [g for g in groups if g["params"]]
    if not groups:
        raise CortexlogError("the model has no parameters to train",
                             hint="declare a network with nn(...) or a t(P):: fact, and give "
                             "networks whose parameters require gradients")
    return torch.optim.Adam(groups, lr=config.lr)


def _trainable(module: nn.Module) -> list[nn.Parameter]:
    """Parameters that can learn (non-empty, requiring gradients)."""
    return [p for p in module.parameters() if p.requires_grad and p.numel() > 0]


LR_DECAYS = ("none", "cosine")


def _schedule(opt: torch.optim.Optimizer, warmup: int, decay: str, total: int
              ) -> torch.optim.lr_scheduler.LRScheduler:
    """Linear warm-up from lr/10 over `warmup` steps, then (`cosine`) half a cosine to 0
    at step `total`.

    >>> opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    >>> s = _schedule(opt, 0, "cosine", 4)
    >>> [round(f(k), 3) for f in s.lr_lambdas for k in (0, 2, 4)]
    [1.0, 0.5, 0.0]
    """
    def factor(s: int) -> float:
        warm = 1.0 if warmup <= 0 else min(1.0, 0.1 + 0.9 * s / warmup)
        if decay == "cosine":
            warm *= 0.5 * (1.0 + math.cos(math.pi * min(s, total) / max(total, 1)))
        return warm

    return torch.optim.lr_scheduler.LambdaLR(opt, factor)


def fit(model: LogicModel, train: ExampleSet, test: ExampleSet,
        config: LoopConfig) -> list[dict[str, Any]]:
    """Train with Adam, evaluating after every epoch; returns one metrics dict per epoch.

    Under `torchrun` (an initialised process group) each process trains on its shard of
    every epoch's shuffle with `batch_size / world_size` examples per step, gradients are
    averaged by DDP, and only rank 0 evaluates, writes files and prints.

    Args:
        model: the model (`prepare` it on `train` first so default networks exist).
        train: training examples.
        test: test examples.
        config: loop settings.

    Returns:
        The per-epoch metrics (epoch, epoch_seconds, train_loss and the evaluation's).
    """
    config.check()
    rank, size = world()
    opt = make_optimizer(model, config)
    per_rank = max(config.batch_size // size, 1)
    rank_steps = math.ceil(math.ceil(len(train) / size) / per_rank)
    sched = _schedule(opt, config.warmup_steps, config.lr_decay, config.epochs * rank_steps)
    out = Path(config.out) if config.out else None
    history: list[dict[str, Any]] = []
    curve: list[tuple[int, float]] = []
    quick: list[dict[str, Any]] = []  # in-epoch evaluations, for the curve only
    start_epoch = 0
    if out is not None and config.resume and (out / "model.pt").is_file():
        state = load_checkpoint(out / "model.pt", model, opt, sched)
        history, curve, start_epoch = state["history"], state["curve"], state["epoch"] + 1
        quick = state.get("quick_evals", [])
    runner: nn.Module = model
    if size > 1:
        runner = nn.parallel.DistributedDataParallel(model, find_unused_parameters=True)
    for epoch in range(start_epoch, config.epochs):
        rows = _epoch_rows(len(train), config.seed, epoch, rank, size)
        steps = (len(rows) + per_rank - 1) // per_rank
        bar = tqdm(total=len(rows) * size, desc=f"epoch {epoch + 1}/{config.epochs}", unit="ex",
                   disable=not config.progress or rank != 0, file=sys.stderr, mininterval=0.5,
                   leave=False)
        model.train()
        checks = _check_steps(config, steps)
        total, running, t0, paused = 0.0, 0.0, time.perf_counter(), 0.0
        for step in range(steps):
            batch_rows = rows[step * per_rank : (step + 1) * per_rank]
            loss = runner(train, batch_rows).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if config.warmup_steps or config.lr_decay != "none":
                sched.step()
            value = float(loss.detach())
            total += value
            running = value if step == 0 else 0.95 * running + 0.05 * value
            if step % config.curve_every == 0 or step == steps - 1:
                curve.append((epoch * steps + step + 1, running))
                bar.set_postfix(loss=f"{running:.4f}", refresh=False)
            bar.update(len(batch_rows) * size)
            if step + 1 in checks and rank == 0:
                begin = time.perf_counter()
                ev = evaluate_examples(model, test, config.eval_batch, 0, limit=1000)
                quick.append({"epoch": epoch + (step + 1) / steps,
                              "test_accuracy": ev.metrics["test_accuracy"]})
                model.train()
                paused += time.perf_counter() - begin
        seconds = time.perf_counter() - t0 - paused
        bar.close()
        metrics: dict[str, Any] = {"epoch": epoch + 1, "epoch_seconds": seconds,
                                   "train_loss": total / max(steps, 1)}
        if rank == 0:
            ev = evaluate_examples(model, test, config.eval_batch)
            metrics.update(ev.metrics)
            history.append(metrics)
            if out is not None:
                _write_epoch(out, history, curve, model, opt, sched, epoch, ev, quick)
            _print_epoch(metrics, last=epoch == config.epochs - 1)
        if size > 1:
            dist.barrier()
    return history


def _print_epoch(metrics: dict[str, Any], last: bool) -> None:
    nets = "  ".join(f"{k.partition('/')[2]} acc {v:.4f}" for k, v in metrics.items()
                     if k.startswith("accuracy/"))
    renamed = "  ".join(f"{k.partition('/')[2]} {v:.4f}" for k, v in metrics.items()
                        if k.startswith("renamed_accuracy/")
                        and v > metrics.get(k.removeprefix("renamed_"), 0.0) + 0.02)
    if renamed:
        nets += f"  (up to renaming: {renamed})"
    print(f"epoch {metrics['epoch']}: loss {metrics['train_loss']:.4f}  test acc "
          f"{metrics['test_accuracy']:.4f}  {nets}  ({metrics['epoch_seconds']:.1f} s)",
          file=sys.stderr)
    if last and metrics.get("collapsed"):
        print("warning: the model gives the same answer for >= 95% of the test examples "
              "(collapsed to a constant predictor)\n  hint: try a smaller --batch-size, a "
              "smaller --lr, --warmup-steps 100, or balanced positive/negative examples",
              file=sys.stderr)


def _check_steps(config: LoopConfig, steps: int) -> set[int]:
    """Steps after which a quick in-epoch evaluation runs (none at the epoch's end)."""
    k = config.evals_per_epoch if config.evals_per_epoch >= 0 else (
        4 if config.epochs <= 2 else 0)
    return {round(steps * i / (k + 1)) for i in range(1, k + 1)} - {0, steps}


def _write_epoch(out: Path, history: list[dict[str, Any]], curve: list[tuple[int, float]],
                 model: LogicModel, opt: torch.optim.Optimizer,
                 sched: torch.optim.lr_scheduler.LRScheduler, epoch: int,
                 ev: Evaluation, quick: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "metrics.jsonl", "w", encoding="utf-8") as f:
        for row in history:
            f.write(json.dumps(row) + "\n")
    save_checkpoint(out / "model.pt", {
        "epoch": epoch, "model": model.state_dict(), "optimizer": opt.state_dict(),
        "scheduler": sched.state_dict(), "rng": torch.get_rng_state(), "history": history,
        "curve": curve, "networks": model.network_notes, "quick_evals": quick,
    })
    last = history[-1]
    same = {k for k, v in last.items() if k.startswith("renamed_")
            and v <= last.get(k.removeprefix("renamed_"), 0.0) + 0.02}  # no new information
    rows = [{k: v for k, v in r.items() if k not in same} for r in quick + history]
    plot_curve(out / "curve.png", sorted(rows, key=lambda r: r["epoch"]), curve)
    write_confusion(out, ev.confusion)


def save_config(out: str | None, config: dict[str, Any]) -> None:
    """Write `config.json` into the run directory (rank 0 only)."""
    if out is not None and world()[0] == 0:
        Path(out).mkdir(parents=True, exist_ok=True)
        write_json(Path(out) / "config.json", config)


def loop_config_dict(config: LoopConfig) -> dict[str, Any]:
    """The loop settings as a JSON-ready dict."""
    return asdict(config)
