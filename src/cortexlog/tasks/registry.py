"""The built-in tasks: each is a program plus a generator of examples from digit labels.

`cortexlog train --task NAME` and `cortexlog data NAME` use this registry; everything
below it (the trainer, patterns, circuits) sees only a program, examples and tensors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from cortexlog.errors import CortexlogError
from cortexlog.tasks import digits as dg
from cortexlog.tasks.forth_sort import PROGRAM as SORT_PROGRAM
from cortexlog.tasks.forth_sort import sort_examples
from cortexlog.tasks.hwf import PROGRAM as HWF_PROGRAM
from cortexlog.tasks.hwf import hwf_examples
from cortexlog.tasks.sudoku import PROGRAM as SUDOKU_PROGRAM
from cortexlog.tasks.sudoku import sudoku_examples
from cortexlog.train.examples import Example


@dataclass(frozen=True)
class TaskData:
    """What a task generates: the program text and the train/test examples."""

    program: str
    train: list[Example]
    test: list[Example]


Labels = torch.Tensor | None
Maker = Callable[[Labels, Labels, int, int | None, int | None, int], TaskData]


@dataclass(frozen=True)
class Task:
    """A built-in task.

    Attributes:
        name: the registry name.
        description: one line.
        uses_mnist: whether its examples refer to `tensor(train(I))` / `tensor(test(I))`
            (MNIST's train and test splits).
        make: `(train labels, test labels, digits, train size, test size, seed) -> TaskData`.
        file: the example program under examples/ with the same clauses.
        sources: further tensor sources its examples read, `(name, spec)`; a spec
            `operators:SPLIT` gets the MNIST images' size appended (`:28`, or `:8` for
            the bundled digits).
    """

    name: str
    description: str
    uses_mnist: bool
    make: Maker
    file: str
    sources: tuple[tuple[str, str], ...] = ()


def _need(labels: Labels) -> torch.Tensor:
    assert labels is not None, "this task needs labelled images"
    return labels


def _relation(name: str, fn: Callable[[int, int], int],
              program: Callable[[int], str]) -> Maker:
    def make(tr: Labels, te: Labels, digits: int, n_tr: int | None, n_te: int | None,
             seed: int) -> TaskData:
        return TaskData(program(digits),
                        dg.relation_examples(name, fn, _need(tr), "train", digits, n_tr, seed),
                        dg.relation_examples(name, fn, _need(te), "test", digits, n_te, seed))
    return make


def _single_digits(digits: int) -> None:
    if digits != 1:
        raise CortexlogError("this task is defined for single digits",
                             hint="drop --digits (or pass --digits 1)")


def _one_digit(program: str) -> Callable[[int], str]:
    def text(digits: int) -> str:
        _single_digits(digits)
        return program
    return text


def _equality(tr: Labels, te: Labels, digits: int, n_tr: int | None, n_te: int | None,
              seed: int) -> TaskData:
    _single_digits(digits)
    return TaskData(dg.EQUALITY, dg.equality_examples(_need(tr), "train", n_tr, seed),
                    dg.equality_examples(_need(te), "test", n_te, seed + 1))


def _sudoku(tr: Labels, te: Labels, digits: int, n_tr: int | None, n_te: int | None,
            seed: int) -> TaskData:
    _single_digits(digits)
    return TaskData(SUDOKU_PROGRAM, sudoku_examples(_need(tr), "train", n_tr or 3000, seed),
                    sudoku_examples(_need(te), "test", n_te or 1000, seed + 1))


def _sort(tr: Labels, te: Labels, digits: int, n_tr: int | None, n_te: int | None,
          seed: int) -> TaskData:
    _single_digits(digits)
    return TaskData(SORT_PROGRAM, sort_examples(n_tr or 2000, (2, 3), seed),
                    sort_examples(n_te or 500, (4, 5), seed + 1))


def _hwf(tr: Labels, te: Labels, digits: int, n_tr: int | None, n_te: int | None,
         seed: int) -> TaskData:
    return TaskData(HWF_PROGRAM, hwf_examples(_need(tr), "train", digits, n_tr, seed),
                    hwf_examples(_need(te), "test", digits, n_te, seed))


TASKS: dict[str, Task] = {t.name: t for t in (
    Task("mnist-addition", "the sum of two N-digit numbers (DeepProbLog)", True,
         _relation("addition", lambda a, b: a + b, dg.addition_program),
         "examples/mnist_addition.pl"),
    Task("subtraction", "the difference of two digits", True,
         _relation("subtraction", lambda a, b: a - b, _one_digit(dg.SUBTRACTION)),
         "examples/subtraction.pl"),
    Task("maximum", "the larger of two digits", True,
         _relation("maximum", max, _one_digit(dg.MAXIMUM)), "examples/maximum.pl"),
    Task("equality", "are two digits equal? (true/false targets, balanced)", True, _equality,
         "examples/equality.pl"),
    Task("sudoku4", "is a 4x4 grid of digit images (0-3) a valid Sudoku? (true/false)", True,
         _sudoku, "examples/sudoku4.pl"),
    Task("forth-sort", "bubble sort with a learned swap network on numbers", False, _sort,
         "examples/forth_sort.pl"),
    Task("hwf", "the value of a handwritten formula of N digits and N-1 operators "
         "(2N-1 images; approximate inference from N=4)", True, _hwf, "examples/hwf.pl",
         (("train_ops", "operators:train"), ("test_ops", "operators:test"))),
)}


def get_task(name: str) -> Task:
    """The task called `name`, or an error listing the valid names."""
    if name not in TASKS:
        raise CortexlogError(f"unknown task {name!r}", hint="tasks: " + ", ".join(TASKS))
    return TASKS[name]
