"""Permuted-MNIST continual learning: HLOP vs fine-tuning, EWC and a multitask bound.

One shared MLP (bias-free, single head) learns the tasks one after another. HLOP: after
each task, lateral Hebbian neurons (Oja's subspace rule) extract the principal subspace
of every layer's input activity on that task; gradients of later tasks are projected
orthogonally to the accumulated subspaces. ACC is the mean final accuracy over tasks,
BWT the mean change of a task's accuracy from just after learning it to the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor, nn
from tqdm import tqdm

from cortexlog.brain.hlop import learn_subspace, project_gradient
from cortexlog.experiments.common import Split


@dataclass(frozen=True)
class PMNISTConfig:
    """Hyper-parameters of the permuted-MNIST run."""

    tasks: int = 5
    hidden: int = 256
    epochs: int = 1
    batch: int = 32
    lr: float = 0.05
    subspace: tuple[int, int, int] = (80, 40, 40)
    hebb_samples: int = 2000
    hebb_epochs: int = 20
    ewc_lambda: float = 100.0
    fisher_samples: int = 500
    seed: int = 0


def make_mlp(inputs: int, cfg: PMNISTConfig) -> nn.Sequential:
    """Bias-free MLP ``inputs -> hidden -> hidden -> 10``.

    Args:
        inputs: input size.
        cfg: configuration.

    Returns:
        the network.
    """
    h = cfg.hidden
    return nn.Sequential(
        nn.Linear(inputs, h, bias=False), nn.ReLU(),
        nn.Linear(h, h, bias=False), nn.ReLU(),
        nn.Linear(h, 10, bias=False),
    )


def layer_inputs(model: nn.Sequential, x: Tensor) -> list[Tensor]:
    """Inputs seen by each Linear layer of ``model`` for the batch ``x``.

    Args:
        model: the MLP.
        x: inputs ``[B, D]``.

    Returns:
        one ``[B, in_l]`` tensor per Linear layer.
    """
    acts = []
    with torch.no_grad():
        for m in model:
            if isinstance(m, nn.Linear):
                acts.append(x)
            x = m(x)
    return acts


def accuracy(model: nn.Module, data: Split) -> float:
    """Classification accuracy.

    Args:
        model: the network.
        data: split.

    Returns:
        accuracy in [0, 1].
    """
    with torch.no_grad():
        return float((model(data.x).argmax(1) == data.y).float().mean())


def train_epochs(
    model: nn.Sequential,
    data: Split,
    cfg: PMNISTConfig,
    gen: torch.Generator,
    after_backward: Callable[[], None] | None = None,
    penalty: Callable[[], Tensor] | None = None,
    desc: str = "train",
) -> None:
    """Plain SGD on cross-entropy (+ optional penalty, + optional gradient hook).

    Args:
        model: network, updated in place (it is the learner's own state).
        data: training split.
        cfg: configuration.
        gen: torch.Generator for shuffling.
        after_backward: called after each backward (e.g. HLOP gradient projection).
        penalty: extra loss term (e.g. the EWC quadratic).
        desc: progress-bar label.
    """
    opt = torch.optim.SGD(model.parameters(), lr=cfg.lr)
    for _ in range(cfg.epochs):
        order = torch.randperm(len(data.y), generator=gen)
        for s in tqdm(range(0, len(order), cfg.batch), desc=desc, leave=False):
            idx = order[s : s + cfg.batch]
            loss = nn.functional.cross_entropy(model(data.x[idx]), data.y[idx])
            if penalty is not None:
                loss = loss + penalty()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if after_backward is not None:
                after_backward()
            opt.step()


def fisher_diagonal(model: nn.Module, data: Split, n: int, gen: torch.Generator) -> list[Tensor]:
    """Empirical diagonal Fisher information from ``n`` single-example gradients.

    Args:
        model: network.
        data: task data.
        n: number of examples.
        gen: torch.Generator.

    Returns:
        one tensor per parameter.
    """
    fis = [torch.zeros_like(p) for p in model.parameters()]
    idx = torch.randperm(len(data.y), generator=gen)[:n]
    for i in idx:
        model.zero_grad(set_to_none=True)
        nn.functional.cross_entropy(model(data.x[i : i + 1]), data.y[i : i + 1]).backward()
        for f, p in zip(fis, model.parameters(), strict=True):
            if p.grad is not None:  # a parameter the loss does not reach has no information
                f += p.grad.detach() ** 2 / len(idx)
    model.zero_grad(set_to_none=True)
    return fis


def run_sequence(
    method: str, tasks: list[tuple[Split, Split]], cfg: PMNISTConfig
) -> list[list[float]]:
    """Learn the tasks in order with one method; return the accuracy matrix.

    Args:
        method: ``finetune``, ``ewc`` or ``hlop``.
        tasks: (train, test) per task.
        cfg: configuration.

    Returns:
        ``R[i][j]`` = test accuracy on task j after learning task i.
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    model = make_mlp(tasks[0][0].x.shape[1], cfg)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    bases: list[Tensor | None] = [None] * len(linears)
    anchors: list[tuple[list[Tensor], list[Tensor]]] = []

    def project() -> None:
        for lin, basis in zip(linears, bases, strict=True):
            if lin.weight.grad is not None:
                lin.weight.grad = project_gradient(lin.weight.grad, basis)

    def ewc_penalty() -> Tensor:
        # importance lambda*F is capped at 1/(2 lr): larger values make plain SGD diverge
        total = torch.zeros(())
        for fis, old in anchors:
            for f, o, p in zip(fis, old, model.parameters(), strict=True):
                imp = (cfg.ewc_lambda * f).clamp(max=0.5 / cfg.lr)
                total = total + (imp * (p - o) ** 2).sum()
        return total / 2

    matrix = []
    for t, (train, _) in enumerate(tasks):
        train_epochs(
            model, train, cfg, gen,
            after_backward=project if method == "hlop" and t > 0 else None,
            penalty=ewc_penalty if method == "ewc" and t > 0 else None,
            desc=f"{method} task {t + 1}",
        )
        matrix.append([accuracy(model, te) for _, te in tasks])
        if method == "hlop":
            acts = layer_inputs(model, train.x[: cfg.hebb_samples])
            for li, (a, k) in enumerate(zip(acts, cfg.subspace, strict=True)):
                bases[li] = learn_subspace(a, k, old=bases[li], epochs=cfg.hebb_epochs,
                                           generator=gen)
        elif method == "ewc":
            fis = fisher_diagonal(model, train, cfg.fisher_samples, gen)
            anchors.append((fis, [p.detach().clone() for p in model.parameters()]))
    return matrix


def run_multitask(tasks: list[tuple[Split, Split]], cfg: PMNISTConfig) -> list[float]:
    """Upper bound: train on the union of all tasks at once.

    Args:
        tasks: (train, test) per task.
        cfg: configuration.

    Returns:
        final test accuracy per task.
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    model = make_mlp(tasks[0][0].x.shape[1], cfg)
    union = Split(torch.cat([tr.x for tr, _ in tasks]), torch.cat([tr.y for tr, _ in tasks]))
    train_epochs(model, union, cfg, gen, desc="multitask")
    return [accuracy(model, te) for _, te in tasks]


def permuted_tasks(train: Split, test: Split, n: int, seed: int) -> list[tuple[Split, Split]]:
    """Build ``n`` permuted copies of (train, test) with fixed random pixel permutations.

    Args:
        train: training split.
        test: test split.
        n: number of tasks.
        seed: permutation seed.

    Returns:
        list of (train, test) per task.
    """
    gen = torch.Generator().manual_seed(seed + 1000)
    out = []
    for _ in range(n):
        perm = torch.randperm(train.x.shape[1], generator=gen)
        out.append((Split(train.x[:, perm], train.y), Split(test.x[:, perm], test.y)))
    return out


def summarise(matrix: list[list[float]]) -> dict[str, float]:
    """ACC and BWT (in accuracy points, 0-100) from an accuracy matrix.

    Args:
        matrix: ``R[i][j]``.

    Returns:
        ``{"acc": ..., "bwt": ...}``.

    >>> summarise([[0.9, 0.1], [0.8, 0.95]])
    {'acc': 87.5, 'bwt': -10.0}
    """
    n = len(matrix)
    acc = sum(matrix[-1]) / n
    bwt = sum(matrix[-1][j] - matrix[j][j] for j in range(n - 1)) / max(n - 1, 1)
    return {"acc": round(100 * acc, 4), "bwt": round(100 * bwt, 4)}
