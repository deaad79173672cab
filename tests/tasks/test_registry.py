"""The built-in tasks: labels computed right, example programs in sync, generators honest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from cortexlog.errors import CortexlogError
from cortexlog.language import parse
from cortexlog.language.terms import Num, Struct, Term, iter_list
from cortexlog.tasks import TASKS, get_task
from cortexlog.tasks.cli import main as data_main
from cortexlog.tasks.sudoku import GROUPS, is_valid, valid_grids

ROOT = Path(__file__).resolve().parents[2]
LABELS = torch.arange(400) % 10


def _index(term: Term) -> int:
    assert isinstance(term, Struct) and term.functor == "tensor"
    inner = term.args[0]
    assert isinstance(inner, Struct) and isinstance(inner.args[0], Num)
    return int(inner.args[0].value)


def _refs(term: Term) -> list[Term]:
    is_list = isinstance(term, Struct) and term.functor == "."
    return list(iter_list(term)) if is_list else [term]


def _number(term: Term) -> int:
    value = 0
    for t in _refs(term):
        value = 10 * value + int(LABELS[_index(t)])
    return value


@pytest.mark.parametrize(("name", "digits", "fn"), [
    ("mnist-addition", 1, lambda a, b: a + b), ("mnist-addition", 2, lambda a, b: a + b),
    ("subtraction", 1, lambda a, b: a - b), ("maximum", 1, max),
])
def test_relation_labels(name: str, digits: int, fn: Callable[[int, int], int]) -> None:
    made = get_task(name).make(LABELS, LABELS, digits, 50, 10, 0)
    assert len(made.train) == 50 and len(made.test) == 10
    used = set()
    for ex in made.train:
        a, b, out = ex.query.args
        assert isinstance(out, Num) and out.value == fn(_number(a), _number(b))
        used.update(_index(t) for t in _refs(a) + _refs(b))
    assert len(used) == 50 * 2 * digits  # consecutive images of a shuffle: no reuse


def test_equality_is_balanced_and_correct() -> None:
    made = get_task("equality").make(LABELS, LABELS, 1, 100, 20, 0)
    assert sum(e.target for e in made.train) == 50
    for ex in made.train:
        a, b = (_index(t) for t in ex.query.args)
        assert a != b and ex.target == float(LABELS[a] == LABELS[b])


def test_sudoku_grids() -> None:
    grids = valid_grids()
    assert len(grids) == 288 and len(set(grids)) == 288
    assert all(len(g) == 4 for g in GROUPS) and len(GROUPS) == 12
    labels = torch.arange(400) % 4
    made = get_task("sudoku4").make(labels, labels, 1, 40, 10, 0)
    assert sum(e.target for e in made.train) == 20
    for ex in made.train:
        cells = [_index(t) for t in iter_list(ex.query.args[0])]
        assert len(set(cells)) == 16  # distinct images: one query shape
        assert ex.target == float(is_valid(tuple(int(labels[i]) for i in cells)))


def test_forth_sort_examples_are_sorted() -> None:
    made = get_task("forth-sort").make(None, None, 1, 30, 10, 0)
    for ex in made.train + made.test:
        xs, ys = ([int(t.value) for t in iter_list(a) if isinstance(t, Num)]
                  for a in ex.query.args)
        assert ys == sorted(xs)
    assert {len(list(iter_list(e.query.args[0]))) for e in made.test} <= {4, 5}


@pytest.mark.parametrize("name", list(TASKS))
def test_example_files_hold_the_built_in_programs(name: str) -> None:
    task = TASKS[name]
    labels = LABELS % 4 if name == "sudoku4" else LABELS
    built = parse(task.make(labels, labels, 1, 2, 2, 0).program)
    shipped = parse((ROOT / task.file).read_text(), task.file)
    assert [repr((c.head, c.body)) for c in shipped.clauses] == [  # type: ignore[union-attr]
        repr((c.head, c.body)) for c in built.clauses]  # type: ignore[union-attr]


def test_data_command_writes_files_that_read_back(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert data_main(["forth-sort", "--out", str(tmp_path), "--train-size", "5",
                      "--test-size", "3"]) == 0
    assert "cortexlog train" in capsys.readouterr().out
    from cortexlog.train import read_examples

    assert len(read_examples(tmp_path / "train.pl")) == 5
    assert "forth_sort" in (tmp_path / "program.pl").read_text()


def test_unknown_task_and_digits() -> None:
    with pytest.raises(CortexlogError, match="tasks: mnist-addition"):
        get_task("nope")
    with pytest.raises(CortexlogError, match="single digits"):
        get_task("maximum").make(LABELS, LABELS, 2, 5, 5, 0)
