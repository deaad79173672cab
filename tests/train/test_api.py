"""The README snippet (on the 8x8 digits) and the pattern cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from cortexlog.language import parse
from cortexlog.neural.cache import pattern_key
from cortexlog.neural.pattern import QueryPattern
from cortexlog.tasks import addition_queries, program_text

ROOT = Path(__file__).resolve().parents[2]


def test_readme_snippet_on_small_digits() -> None:
    from cortexlog.data import load_digits_8x8
    from cortexlog.tasks import LeNet, make_addition_data
    from cortexlog.train import Model

    torch.manual_seed(0)
    train = make_addition_data(load_digits_8x8("train"), digits=1)
    test = make_addition_data(load_digits_8x8("test"), digits=1)
    model = Model(ROOT / "examples/mnist_addition.pl",
                  networks={"mnist_net": LeNet(image_size=8)}, image_size=8)
    history = model.fit(train, test, epochs=2, batch_size=16, lr=3e-3, progress=False)
    metrics = model.evaluate(test)
    assert metrics["test_accuracy"] == history[-1]["test_accuracy"]
    sums, digits = model.predict(test.batch(torch.arange(4))[0])
    assert sums.shape == (4,) and digits.shape == (4, 2)


@pytest.mark.parametrize("digits", [1, 2])
def test_examples_match_builtin_programs(digits: int) -> None:
    name = "mnist_addition.pl" if digits == 1 else "mnist_addition2.pl"
    ast = parse((ROOT / "examples" / name).read_text(), name)
    builtin = parse(program_text(digits))
    assert [str(c.head) for c in ast.clauses] == [str(c.head) for c in builtin.clauses]


def test_pattern_cache_roundtrip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORTEXLOG_PATTERN_CACHE", str(tmp_path))
    ast = parse(program_text(1))
    first = QueryPattern.from_program(ast, addition_queries(1))
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    second = QueryPattern.from_program(ast, addition_queries(1))
    assert second.compiled == first.compiled and second.calls == first.calls
    assert pattern_key(ast, addition_queries(1), "probability") != pattern_key(
        ast, addition_queries(1), "godel")
