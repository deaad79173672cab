"""`cortexlog dt` and `cortexlog map` against ProbLog's dtproblog and map tasks, on programs
written for this project: the same decisions and the same score (1e-9); formats, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from problog.program import PrologString
from problog.tasks import map as problog_map
from problog.tasks.dtproblog import dtproblog

from cortexlog import Program
from cortexlog.cli import main
from cortexlog.tools.dt import decision_theoretic, maximum_a_posteriori

from .oracle import ROOT

DT = {
    "umbrella": "?::umbrella. 0.3::rain. wet :- rain, \\+umbrella.\n"
                "utility(wet, -10). utility(umbrella, -2).",
    "umbrella, rain unlikely": "?::umbrella. 0.1::rain. wet :- rain, \\+umbrella.\n"
                               "utility(wet, -10). utility(umbrella, -2).",
    "marketing with word of mouth": (
        "person(ann). person(bob). person(cy).\n"
        "knows(ann,bob). knows(bob,cy).\n"
        "?::market(P) :- person(P).\n"
        "0.3::buy_from_ad(P) :- market(P).\n"
        "0.4::influence(P,Q) :- knows(P,Q).\n"
        "buys(P) :- buy_from_ad(P).\n"
        "buys(Q) :- knows(P,Q), buys(P), influence(P,Q).\n"
        "utility(buys(P), 5) :- person(P).\n"
        "utility(market(P), -1) :- person(P)."),
    "utility of a negated atom and evidence": (
        "?::irrigate. ?::fertilise. 0.4::drought. 0.7::pests.\n"
        "healthy :- \\+drought, \\+pests. healthy :- irrigate, \\+pests.\n"
        "healthy :- fertilise, irrigate. dry :- drought, \\+irrigate.\n"
        "evidence(pests).\n"
        "utility(healthy, 20). utility(\\+dry, 3). utility(irrigate, -6).\n"
        "utility(fertilise, -4)."),
    "decisions in an annotated disjunction": (
        "?::go(beach); ?::go(museum); ?::go(home).\n"
        "0.6::sunny. fun :- go(beach), sunny. fun :- go(museum).\n"
        "tired :- go(beach). tired :- go(museum).\n"
        "utility(fun, 10). utility(tired, -3). utility(go(museum), -4)."),
    "arithmetic utility values": (
        "?::a. ?::b. 0.5::c. win :- a, c. win :- b, \\+c.\n"
        "utility(win, 2*5). utility(a, -1/2). utility(b, -3+1)."),
}

MAP = {
    "graph with evidence": (
        "0.7::e(a,b). 0.2::e(a,c). 0.5::e(b,d). 0.6::e(c,d). 0.3::e(b,c).\n"
        "p(X,Y) :- e(X,Y). p(X,Y) :- e(X,Z), p(Z,Y).\n"
        "evidence(p(a,d)). query(e(a,b)). query(e(a,c)). query(e(b,c))."),
    "evidence against the likely value": (
        "0.8::x. 0.4::y. z :- x, y. evidence(z, false). query(x). query(y)."),
    "a query through an alias": "0.3::a. b :- a. 0.9::c. query(b). query(c).",
    "heads of one disjunction": "0.3::r; 0.45::g. 0.6::s. t :- r; s. evidence(t). "
                                "query(r). query(g). query(s).",
    "exhaustive disjunction": "0.2::one; 0.3::two; 0.5::three. query(one). query(three).",
}


def _problog_dt(text: str) -> tuple[dict[str, int], float]:
    choices, score, _ = dtproblog(PrologString(text))
    return {str(k.args[2] if k.functor == "choice" else k).replace(" ", ""): int(v)
            for k, v in choices.items()}, float(score)


@pytest.mark.parametrize("name", list(DT))
def test_dt_agrees_with_problog(name: str) -> None:
    ours = decision_theoretic(Program.from_string(DT[name]).ast)
    choices, score = _problog_dt(DT[name])
    assert dict(ours.choices) == choices
    assert ours.score == pytest.approx(score, abs=1e-9)


@pytest.mark.parametrize("name", ["marketing with word of mouth",
                                  "utility of a negated atom and evidence"])
def test_local_search_agrees_with_problog(name: str) -> None:
    ours = decision_theoretic(Program.from_string(DT[name]).ast, method="local")
    choices, score, _ = dtproblog(PrologString(DT[name]), search="local")
    assert dict(ours.choices) == {str(k).replace(" ", ""): int(v) for k, v in choices.items()}
    assert ours.score == pytest.approx(score, abs=1e-9)


@pytest.mark.parametrize(("name", "method"), [(n, "exhaustive") for n in MAP] + [
    ("graph with evidence", "local"), ("evidence against the likely value", "local")])
def test_map_agrees_with_problog(name: str, method: str, tmp_path: Path) -> None:
    pl = tmp_path / "m.pl"
    pl.write_text(MAP[name])
    ok, (choices, score, _) = problog_map.main([str(pl), "-s", method],
                                               result_handler=lambda r, o: None)
    assert ok
    ours = maximum_a_posteriori(Program.from_string(MAP[name]).ast, method)
    assert dict(ours.choices) == {str(k).replace(" ", ""): int(v) for k, v in choices.items()}
    assert ours.score == pytest.approx(score, abs=1e-9)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_format_is_problogs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pl = tmp_path / "mk.pl"
    pl.write_text(DT["marketing with word of mouth"])
    code, out, _ = _run(["dt", str(pl)], capsys)
    result = decision_theoretic(Program.from_file(pl).ast)
    assert code == 0
    assert out == ("market(ann):\t1 \nmarket(bob):\t1 \n market(cy):\t1 \n"
                   f"SCORE: {result.score!r}\n")
    pl.write_text(MAP["a query through an alias"])
    code, out, _ = _run(["map", str(pl)], capsys)
    assert code == 0 and out == "b:\t0 \nc:\t1 \nSCORE: 1.6\n"


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pl = tmp_path / "u.pl"
    pl.write_text(DT["umbrella"])
    code, out, _ = _run(["dt", str(pl), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == {"choices": {"umbrella": 1}, "score": -2.0, "evaluated": 2}


ERRORS = {
    ("dt", "no decision facts"): ("0.3::rain.\nutility(rain, 1).\n",
                                  "p.pl:1:1: error: the program has no decision facts"),
    ("dt", "no utilities"): ("?::a.\n0.3::b.\n", "p.pl:1:1: error: the program has no "
                             "utility/2 facts"),
    ("dt", "mixed disjunction"): ("0.3::b.\n?::a; 0.5::c.\nutility(a, 1).\n",
                                  "p.pl:2:1: error: an annotated disjunction mixes"),
    ("dt", "too many decisions"): (
        "".join(f"?::d{i}.\nutility(d{i}, 1).\n" for i in range(5)),
        "error: 5 decisions: exhaustive search would evaluate 2^5 strategies"),
    ("dt", "utility of an undefined atom"): ("?::a.\n0.5::b :- a.\nutility(bb, 3).\n",
                                             "p.pl:3:1: error: utility utility(bb,3): the "
                                             "program defines no bb/0"),
    ("dt", "utility value not a number"): ("?::a.\nutility(a, high).\n",
                                           "p.pl:2:1: error: utility utility(a,high): the "
                                           "value is not a number"),
    ("map", "no queries"): ("0.3::a.\n", "p.pl:1:1: error: the program has no queries"),
    ("map", "query not a fact"): ("0.3::a.\n0.4::b.\nc :- a, b.\nquery(c).\n",
                                  "p.pl:4:1: error: query c is not a probabilistic fact"),
    ("query", "decision fact in a query"): ("?::a.\nquery(a).\n", "p.pl:1:1: error:"),
}


@pytest.mark.parametrize("key", list(ERRORS), ids=lambda k: f"{k[0]}: {k[1]}")
def test_misuse_is_a_located_error(key: tuple[str, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    program, expected = ERRORS[key]
    pl = tmp_path / "p.pl"
    pl.write_text(program)
    extra = ["--max-decisions", "4"] if key[1] == "too many decisions" else []
    code, _, err = _run([key[0], str(pl), *extra], capsys)
    assert code == 1 and "Traceback" not in err
    assert expected in err, err


def test_local_search_has_no_limit_on_decisions(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    pl = tmp_path / "many.pl"
    pl.write_text("".join(f"?::d{i}.\n0.5::w{i} :- d{i}.\nutility(w{i}, 3).\n"
                          f"utility(d{i}, -1).\n" for i in range(30)))
    code, out, _ = _run(["dt", str(pl), "--search", "local"], capsys)
    assert code == 0 and out.endswith("SCORE: 15.0\n") and out.count(":\t1 ") == 30


@pytest.mark.parametrize("command", ["dt", "map"])
def test_decision_tasks_load_no_torch(command: str, tmp_path: Path) -> None:
    pl = tmp_path / "p.pl"
    pl.write_text(DT["umbrella"] if command == "dt" else MAP["graph with evidence"])
    probe = ("import sys, json\nfrom cortexlog.cli import main\n"
             f"main([{command!r}, {str(pl)!r}])\n"
             "print(json.dumps('torch' in sys.modules or 'numpy' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120, cwd=ROOT)
    assert json.loads(out.stdout.splitlines()[-1]) is False
