"""`cortexlog mpe`: the most probable world against ProbLog's `mpe` and brute force.

Same probability to 1e-6 as ProbLog (maxsat MPE) and as enumeration of every world; the
same query values when the maximising world decides them uniquely.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from problog.formula import LogicDAG
from problog.program import PrologString
from problog.tasks.mpe import mpe_maxsat

from cortexlog.cli import main
from cortexlog.program import Program
from cortexlog.tools.mpe import most_probable_world

from .oracle import EXAMPLES, ROOT, brute_force_mpe, query_truths

WRITTEN = {
    "alarm_no_evidence": "0.7::b. 0.2::e. 0.9::a :- b. 0.3::a :- e. query(a). query(b).",
    "ad_evidence": "0.2::x; 0.5::y; 0.3::z. 0.6::w. g :- x. g :- w, y. evidence(g). "
                   "query(x). query(y). query(z). query(w).",
    "ad_partly_used": "0.3::x; 0.5::y. 0.4::z. r :- x. r :- z. evidence(r). query(z).",
    "negation": "0.4::a. 0.7::b. c :- a, \\+b. d :- \\+a. evidence(c, false). "
                "query(a). query(b). query(d).",
    "rule_ad": "0.6::c. 0.3::h1; 0.6::h2 :- c. o :- h1. o :- \\+c. evidence(o). "
               "query(c). query(h1). query(h2).",
    "chain": "0.5::e(1,2). 0.6::e(2,3). 0.1::e(1,3). 0.8::e(3,1). "
             "p(X,Y) :- e(X,Y). p(X,Y) :- e(X,Z), p(Z,Y). evidence(p(1,3)). "
             "evidence(\\+p(3,2)). query(e(1,2)). query(e(1,3)).",
    "deterministic_and_negated_queries": "0.3::a. 0.6::b. c :- a. c :- b. d. e :- d, a. "
                                         "query(c). query(d). query(e). query(\\+a).",
    "facts_only": "0.3::a. 0.8::b. 0.5::c. d :- a; b. evidence(d).",
}


def _problog_mpe(text: str) -> tuple[float, dict[str, bool]]:
    dag = LogicDAG.createFrom(PrologString(text), avoid_name_clash=True, label_all=True,
                              labels=[("output", 1)])
    prob, facts = mpe_maxsat(dag)
    return prob, {str(-f if f.is_negated() else f).replace(" ", ""): not f.is_negated()
                  for f in facts}


def _positive(item: tuple[str, bool]) -> tuple[str, bool]:
    """`("\\+a", True)` as ProbLog reports it: `("a", False)`."""
    atom, value = item
    return (atom[2:], not value) if atom.startswith("\\+") else (atom, value)


def _check(text: str, name: str) -> None:
    gp = Program.from_string(text, name).ground()
    ours = most_probable_world(gp)
    best, worlds = brute_force_mpe(gp)
    prob, atoms = _problog_mpe(text)
    assert ours.probability == pytest.approx(prob, abs=1e-6)
    assert ours.probability == pytest.approx(best, abs=1e-6)
    mine = {a.replace(" ", ""): v for a, v in ours.atoms}
    if gp.queries:
        truths = [{k: t[k] for k in mine} for t in (query_truths(gp, w) for w in worlds)]
        assert mine in truths
        if all(t == truths[0] for t in truths):  # the world's query values are unique
            assert dict(map(_positive, mine.items())) == atoms


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_written_programs_agree_with_problog_and_brute_force(name: str) -> None:
    _check(WRITTEN[name], name)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "evidence" in p.read_text()],
                         ids=lambda p: p.name)
def test_examples_with_evidence(path: Path) -> None:
    _check(path.read_text(), str(path))


def test_fact_names_without_queries() -> None:
    r = most_probable_world(Program.from_string(WRITTEN["facts_only"]).ground())
    assert r.atoms == (("a", False), ("b", True))  # c is irrelevant to the evidence
    assert r.probability == pytest.approx(0.7 * 0.8)


def test_text_and_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    alarm = str(ROOT / "examples/alarm.pl")
    assert main(["mpe", alarm]) == 0
    # `problog mpe examples/alarm.pl` prints these three lines.
    assert capsys.readouterr().out == "burglary\n\\+earthquake\n% Probability: 0.188116992\n"
    assert main(["mpe", alarm, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["atoms"] == [["burglary", True], ["earthquake", False]]
    assert data["probability"] == pytest.approx(0.7 * 0.8**4 * 0.9**4)


def test_impossible_evidence_says_unsatisfiable() -> None:
    text = "0.5::a. b :- a. c :- \\+a. evidence(b). evidence(c)."
    r = most_probable_world(Program.from_string(text).ground())
    assert not r.satisfiable and r.text() == "% The model is not satisfiable.\n"
