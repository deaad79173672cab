"""The training loop: seeded epochs, progress, metrics, checkpoint/resume, DDP sharding.

An *objective* is an `nn.Module` whose `forward(images, labels)` returns the mean loss of
a batch and whose `predict(images)` returns `(label predictions [B], symbol predictions
[B, k])`. The loop knows nothing about logic; `cortexlog.train.objectives` does.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
from torch import nn
from tqdm import tqdm

from cortexlog.tasks.mnist_addition import AdditionData
from cortexlog.train.report import plot_curve, write_json


class Objective(nn.Module):
    """Base of training objectives: `forward(images, sums)` -> mean loss, and `predict`.

    Subclasses implement both; `evaluate` and `fit` rely on nothing else.
    """

    def predict(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Predicted labels `[B]` and symbols `[B, k]` for images `[B, ...]`."""
        raise NotImplementedError(f"{type(self).__name__} must implement predict(images)")


@dataclass
class LoopConfig:
    """Optimisation settings.

    Attributes:
        epochs: passes over the training examples.
        batch_size: examples per optimiser step (global, across DDP processes).
        lr: Adam learning rate.
        seed: seeds the per-epoch shuffles.
        out: run directory (metrics.jsonl, config.json, model.pt, curve.png); None: none.
        resume: continue from `out/model.pt` if it exists.
        progress: show a tqdm bar (rank 0 only).
        eval_batch: examples per evaluation batch.
        curve_every: record the running loss every this many steps.
    """

    epochs: int = 1
    batch_size: int = 32
    lr: float = 1e-3
    seed: int = 0
    out: str | None = None
    resume: bool = False
    progress: bool = True
    eval_batch: int = 1000
    curve_every: int = 50
    extra: dict[str, Any] = field(default_factory=dict)


def world() -> tuple[int, int]:
    """`(rank, world_size)` of the current process (0, 1 without torch.distributed)."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


@torch.no_grad()
def evaluate(objective: Objective, data: AdditionData, batch: int = 1000) -> dict[str, float]:
    """Sum accuracies and digit accuracy of an objective's predictions.

    Args:
        objective: the module (its `predict` is used; its optional `test_metric`
            attribute names the metric reported as `test_accuracy`).
        data: the examples.
        batch: examples per forward pass.

    Returns:
        Fractions in [0, 1]: `sum_accuracy` (the objective's own sum prediction),
        `digit_sum_accuracy` (the sum of the predicted digits), `digit_accuracy`, and
        `test_accuracy` (a copy of `objective.test_metric`, default `sum_accuracy`).
    """
    was_training = objective.training
    objective.eval()
    right_sum = right_digit = right_digit_sum = 0
    n_dig = data.n_digits
    place = 10 ** torch.arange(n_dig - 1, -1, -1)
    for start in range(0, len(data), batch):
        rows = torch.arange(start, min(start + batch, len(data)))
        images, sums = data.batch(rows)
        pred_sum, pred_digits = objective.predict(images)
        right_sum += int((pred_sum == sums).sum())
        right_digit += int((pred_digits == data.digits[rows]).sum())
        numbers = (pred_digits.view(-1, 2, n_dig) * place).sum(-1)
        right_digit_sum += int((numbers.sum(-1) == sums).sum())
    objective.train(was_training)
    n = max(len(data), 1)
    n_digits = n * data.index.shape[1]
    metrics = {"sum_accuracy": right_sum / n, "digit_sum_accuracy": right_digit_sum / n,
               "digit_accuracy": right_digit / n_digits}
    metrics["test_accuracy"] = metrics[getattr(objective, "test_metric", "sum_accuracy")]
    return metrics


def _epoch_rows(n: int, seed: int, epoch: int, rank: int, size: int) -> torch.Tensor:
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed * 1_000_003 + epoch))
    perm = perm[: (n // size) * size]  # equal shards: every rank runs the same step count
    return perm[rank::size]


def _load_checkpoint(path: Path, model: nn.Module, opt: torch.optim.Optimizer) -> dict:
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"])
    opt.load_state_dict(state["optimizer"])
    torch.set_rng_state(state["rng"])
    return state


def _save_checkpoint(path: Path, state: dict) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def fit(
    objective: Objective, train: AdditionData, test: AdditionData, config: LoopConfig
) -> list[dict[str, float]]:
    """Train with Adam, evaluating after every epoch; returns one metrics dict per epoch.

    Under `torchrun` (an initialised process group) each process trains on its shard of
    every epoch's shuffle with `batch_size / world_size` examples per step, gradients are
    averaged by DDP, and only rank 0 evaluates, writes files and prints.

    Args:
        objective: the module to train.
        train: training examples.
        test: test examples.
        config: loop settings.

    Returns:
        The per-epoch metrics (epoch, epoch_seconds, train_loss and `evaluate`'s).
    """
    rank, size = world()
    opt = torch.optim.Adam(objective.parameters(), lr=config.lr)
    out = Path(config.out) if config.out else None
    history: list[dict[str, float]] = []
    curve: list[tuple[int, float]] = []
    start_epoch = 0
    if out is not None and config.resume and (out / "model.pt").is_file():
        state = _load_checkpoint(out / "model.pt", objective, opt)
        history, curve, start_epoch = state["history"], state["curve"], state["epoch"] + 1
    runner: nn.Module = objective
    if size > 1:
        runner = nn.parallel.DistributedDataParallel(objective)
    per_rank = max(config.batch_size // size, 1)
    for epoch in range(start_epoch, config.epochs):
        rows = _epoch_rows(len(train), config.seed, epoch, rank, size)
        steps = (len(rows) + per_rank - 1) // per_rank
        bar = tqdm(
            total=len(rows) * size, desc=f"epoch {epoch + 1}/{config.epochs}", unit="ex",
            disable=not config.progress or rank != 0, file=sys.stderr, mininterval=0.5,
            leave=False,
        )
        objective.train()
        total, running, t0 = 0.0, 0.0, time.perf_counter()
        for step in range(steps):
            batch_rows = rows[step * per_rank : (step + 1) * per_rank]
            images, labels = train.batch(batch_rows)
            loss = runner(images, labels)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            value = float(loss.detach())
            total += value
            running = value if step == 0 else 0.98 * running + 0.02 * value
            if step % config.curve_every == 0:
                curve.append((epoch * steps + step, running))
                bar.set_postfix(loss=f"{running:.4f}", refresh=False)
            bar.update(len(batch_rows) * size)
        seconds = time.perf_counter() - t0
        bar.close()
        metrics: dict[str, float] = {
            "epoch": epoch + 1, "epoch_seconds": seconds, "train_loss": total / max(steps, 1),
        }
        if rank == 0:
            metrics.update(evaluate(objective, test, config.eval_batch))
            history.append(metrics)
            if out is not None:
                _write_epoch(out, history, curve, objective, opt, epoch)
            print(
                f"epoch {epoch + 1}: loss {metrics['train_loss']:.4f}  "
                f"sum acc {metrics['sum_accuracy']:.4f}  digit-sum acc "
                f"{metrics['digit_sum_accuracy']:.4f}  digit acc "
                f"{metrics['digit_accuracy']:.4f}  ({seconds:.1f} s)", file=sys.stderr,
            )
        if size > 1:
            dist.barrier()
    return history


def _write_epoch(out: Path, history: list[dict[str, float]], curve: list[tuple[int, float]],
                 objective: nn.Module, opt: torch.optim.Optimizer, epoch: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "metrics.jsonl", "w", encoding="utf-8") as f:
        for row in history:
            f.write(json.dumps(row) + "\n")
    _save_checkpoint(out / "model.pt", {
        "epoch": epoch, "model": objective.state_dict(), "optimizer": opt.state_dict(),
        "rng": torch.get_rng_state(), "history": history, "curve": curve,
    })
    plot_curve(out / "curve.png", history, curve)


def save_config(out: str | None, config: dict[str, Any]) -> None:
    """Write `config.json` into the run directory (rank 0 only)."""
    if out is not None and world()[0] == 0:
        Path(out).mkdir(parents=True, exist_ok=True)
        write_json(Path(out) / "config.json", config)


def loop_config_dict(config: LoopConfig) -> dict[str, Any]:
    """The loop settings as a JSON-ready dict."""
    return asdict(config)
