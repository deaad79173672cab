"""`cortexlog explain`: proofs checked by hand, and complete against ProbLog.

The oracle for completeness: the probability that some proof holds, by enumerating every
world of the choice groups, equals ProbLog's probability of the query (evidence removed);
every proof is minimal and its printed probability is the product of its literals.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from cortexlog.cli import main
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.program import Program
from cortexlog.tools.explain import Proof, explain, query_proofs

from .oracle import EXAMPLES, problog_answers

WRITTEN = {
    "alarm": "0.7::b. 0.2::e. 0.9::al :- b, e. 0.8::al :- b, \\+e. 0.1::al :- \\+b, e. "
             "0.3::x; 0.5::y. r :- x. r :- al. query(al). query(r).",
    "ad": "0.2::x; 0.5::y; 0.3::z. 0.6::w. g :- x. g :- w, y. h :- \\+g. query(g). query(h).",
    "path": "0.5::e(1,2). 0.6::e(2,3). 0.1::e(1,3). 0.8::e(3,1). p(X,Y) :- e(X,Y). "
            "p(X,Y) :- e(X,Z), p(Z,Y). query(p(1,3)). query(p(3,2)).",
    "negated_derived": "0.4::a. 0.7::b. c :- a, b. d :- \\+c, a. query(d).",
}


def _disjunction_probability(gp: GroundProgram, proofs: list[Proof]) -> float:
    axes = []
    for g, group in enumerate(gp.groups):
        ws = [float(w) for w in group.weights]  # type: ignore[arg-type]
        rest = 1.0 - sum(ws)
        axes.append([(g, i, w) for i, w in enumerate(ws)] + [(g, -1, rest)])
    total = 0.0
    for combo in itertools.product(*axes):
        chosen = {g: i for g, i, _ in combo}
        if any(all((chosen[c.group] == c.index) == v for c, v in p) for p in proofs):
            weight = 1.0
            for _, _, w in combo:
                weight *= w
            total += weight
    return total


def _check(text: str) -> None:
    prior = re.sub(r"evidence\([^.]*\)\.", "", text)
    gp = Program.from_string(prior).ground()
    theirs = problog_answers(prior)
    for q, proofs, e in zip(gp.queries, query_proofs(gp), explain(gp), strict=True):
        key = str(q).replace(" ", "")
        assert _disjunction_probability(gp, proofs) == pytest.approx(theirs[key], abs=1e-9)
        assert e.probability == pytest.approx(theirs[key], abs=1e-9)
        assert not any(p < r for p in proofs for r in proofs)  # minimal


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_proofs_cover_exactly_the_query(name: str) -> None:
    _check(WRITTEN[name])


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "lists" not in p.name],
                         ids=lambda p: p.name)
def test_examples(path: Path) -> None:
    _check(path.read_text())


def test_hand_computed_proofs() -> None:
    [e] = explain(Program.from_string("0.5::a. 0.4::b. c :- a. c :- \\+a, b. query(c).")
                  .ground())
    assert [t for t, _ in e.proofs] == [("a",), ("\\+a", "b")]
    assert [p for _, p in e.proofs] == pytest.approx([0.5, 0.5 * 0.4])
    gp = Program.from_string(WRITTEN["alarm"]).ground()
    al, r = explain(gp)
    # al: three rules, each with its hidden choice; r adds the proof through x.
    assert [p for _, p in al.proofs] == pytest.approx([0.7 * 0.8 * 0.8, 0.7 * 0.2 * 0.9,
                                                        0.3 * 0.2 * 0.1])
    assert al.proofs[0][0] == ("b", "\\+e", "choice(3,0,al)")
    assert ("x",) in [t for t, _ in r.proofs] and len(r.proofs) == 4
    [d] = explain(Program.from_string(WRITTEN["negated_derived"]).ground())
    assert [t for t, _ in d.proofs] == [("a", "\\+b")]
    assert d.proofs[0][1] == pytest.approx(0.4 * 0.3)


def test_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.pl"
    path.write_text("0.5::a. 0.4::b. c :- a. c :- \\+a, b. query(c).\n")
    assert main(["explain", str(path)]) == 0
    assert capsys.readouterr().out == (
        "Proofs\n------\nc :- a.  % P=0.5\nc :- \\+a, b.  % P=0.2\n\n\n"
        "Probabilities\n-------------\nc:\t0.7\n")
    assert main(["explain", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["queries"][0]["proofs"][1] == {"literals": ["\\+a", "b"],
                                               "probability": pytest.approx(0.2)}
