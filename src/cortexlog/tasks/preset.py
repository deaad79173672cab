"""`cortexlog train --task NAME`: a built-in task's program and examples for a run."""

from __future__ import annotations

import torch

from cortexlog.errors import CortexlogError
from cortexlog.tasks.registry import get_task
from cortexlog.train.build import read_program
from cortexlog.train.examples import Example
from cortexlog.train.run import RunSpec
from cortexlog.train.tensors import TensorSource, load_source


def task_preset(spec: RunSpec, sources: dict[str, TensorSource], n_train: int | None,
                n_test: int | None) -> tuple[str, str, list[Example], list[Example]]:
    """The program (the task's, or `spec.program`) and generated examples of `--task`.

    Args:
        spec: the run settings (`task`, default mnist-addition; `digits`; `seed`).
        sources: the tensor sources; MNIST's `train` and `test` are added if missing.
        n_train: training examples (all when None).
        n_test: test examples (all when None).

    Returns:
        `(program text, its name, train examples, test examples)`.
    """
    task = get_task(spec.task or "mnist-addition")
    if spec.digits < 1:
        raise CortexlogError(f"--digits must be >= 1, got {spec.digits}")
    labels: tuple[torch.Tensor | None, torch.Tensor | None] = (None, None)
    if task.uses_mnist:
        sources.setdefault("train", load_source("train", "mnist:train", spec.data_dir))
        sources.setdefault("test", load_source("test", "mnist:test", spec.data_dir))
        labels = (sources["train"].labels, sources["test"].labels)
        side = sources["train"].data.shape[-1]
        for name, what in task.sources:
            sources.setdefault(name, load_source(name, f"{what}:{side}", spec.data_dir))
    made = task.make(labels[0], labels[1], spec.digits, n_train, n_test, spec.seed)
    if spec.program is None:
        return made.program, f"<task {task.name}>", made.train, made.test
    text, name = read_program(spec.program)
    return text, name, made.train, made.test
