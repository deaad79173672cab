"""Query files and Python-side examples: targets, errors with locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from cortexlog.errors import CortexlogError
from cortexlog.language.terms import Struct
from cortexlog.train.examples import as_examples, parse_examples, read_examples


def test_targets_default_to_one_and_annotations_are_read() -> None:
    exs = parse_examples("p(tensor(s(0))).\n0.25::q(tensor(s(1)), 3).\n1/4::r.\n", "f.pl")
    assert [e.target for e in exs] == [1.0, 0.25, 0.25]
    assert exs[1].query == Struct("q", (Struct("tensor", (Struct("s", (exs[1].query.args[0]
                                                                       .args[0].args[0],)),)),
                                        exs[1].query.args[1]))
    assert exs[1].location is not None and exs[1].location.line == 2


@pytest.mark.parametrize(("text", "needle", "line"), [
    ("p(1).\n2.0::q.\n", "outside [0, 1]", 2),
    ("p(X).\n", "has variables", 1),
    ("p :- q.\n", "one ground atom", 1),
    ("0.3::a; 0.7::b.\n", "one ground atom", 1),
    ("p.\nevidence(q).\n", "not evidence", 2),
    ("p.\nfoo::q.\n", "not a number", 2),
])
def test_bad_examples_name_the_line(text: str, needle: str, line: int) -> None:
    with pytest.raises(CortexlogError) as err:
        parse_examples(text, "train.pl")
    assert needle in err.value.message
    assert err.value.location is not None and err.value.location.line == line
    assert f"train.pl:{line}:" in err.value.render()


def test_query_file_errors(tmp_path: Path) -> None:
    with pytest.raises(CortexlogError, match="no such query file"):
        read_examples(tmp_path / "missing.pl")
    bad = tmp_path / "latin1.pl"
    bad.write_bytes(b"p(1).\np('\xe9').\n")
    with pytest.raises(CortexlogError, match=r"latin1.pl:2: the query file is not UTF-8"):
        read_examples(bad)


def test_python_side_examples() -> None:
    exs = as_examples(["p(1)", ("q(2).", 0.0), Struct("r")])
    assert [str(e) for e in exs] == ["p(1)", "0::q(2)", "r"]
    with pytest.raises(CortexlogError, match="outside"):
        as_examples([("p(1)", -0.5)])
