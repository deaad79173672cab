"""`cortexlog sample`: world frequencies agree with exact probabilities (oracle:
`Program.query`, itself checked against ProbLog), evidence by rejection, clear errors."""

from __future__ import annotations

import json

import pytest

from cortexlog import Program
from cortexlog.cli import main
from cortexlog.tools.sample import estimate, sample_worlds

from .oracle import ROOT

PROGRAMS = {
    "alarm (evidence)": (ROOT / "examples/alarm.pl").read_text(),
    "annotated disjunction with none": "0.2::c(1); 0.5::c(2). s :- c(X), X > 1. "
                                       "query(c(1)). query(s).",
    "negation and cycle": "0.4::e(a,b). 0.6::e(b,a). 0.5::e(b,c). p(X,Y) :- e(X,Y). "
                          "p(X,Y) :- e(X,Z), p(Z,Y). n :- \\+ p(a,c). query(p(a,c)). "
                          "query(n). query(p(a,a)).",
}


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_frequencies_match_exact_probabilities(name: str) -> None:
    program = Program.from_string(PROGRAMS[name])
    exact = program.query()
    est = estimate(sample_worlds(program.ground(), 4000, seed=7))
    assert {str(q) for q in est} == set(exact)
    for q, (p, se) in est.items():
        assert abs(p - exact[str(q)]) <= 5 * max(se, 1e-3), (q, p, exact[str(q)])


def test_same_seed_same_worlds() -> None:
    gp = Program.from_string(PROGRAMS["negation and cycle"]).ground()
    assert sample_worlds(gp, 50, seed=3) == sample_worlds(gp, 50, seed=3)


def test_cli_text_json_and_errors(capsys: pytest.CaptureFixture, tmp_path) -> None:
    path = ROOT / "examples/alarm.pl"
    assert main(["sample", str(path), "-N", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("----") == 2 and "burglary: " in out
    assert main(["sample", str(path), "-N", "200", "--estimate", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["burglary"]) == {"estimate", "stderr"}
    assert main(["sample", str(path), "-N", "0"]) == 1
    assert "-N must be >= 1" in capsys.readouterr().err
    impossible = tmp_path / "impossible.pl"
    impossible.write_text("0.5::a. b :- a, \\+ a. evidence(b, true). query(a).")
    with pytest.raises(Exception, match="violated the evidence"):
        sample_worlds(Program.from_file(impossible).ground(), 1, max_rejections=50)
