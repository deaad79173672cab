"""`cortexlog lfi`: learned weights agree with ProbLog's LFI (`problog.learning.lfi`) within
0.01 on programs written for this project; the command's formats and its errors."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from problog.learning import lfi as problog_lfi
from problog.program import PrologString

from cortexlog import Program
from cortexlog.cli import main
from cortexlog.tools.lfi import learn
from cortexlog.tools.lfi_io import names, read_examples

from .oracle import ROOT

# name -> (program, evidence file). Examples are separated by `---` lines.
CASES = {
    "two coins, fully observed": (
        "t(_)::heads1. t(_)::heads2.",
        "evidence(heads1). evidence(heads2,false).\n---\nevidence(heads1).\n---\n"
        "evidence(heads1,false). evidence(heads2).\n---\nevidence(heads2,false).\n"),
    "rule with a learnable probability, body partly observed": (
        "t(_)::cloudy. t(_)::rain :- cloudy.",
        "evidence(cloudy). evidence(rain).\n---\nevidence(cloudy). evidence(rain,false).\n"
        "---\nevidence(cloudy,false).\n---\nevidence(cloudy).\n---\nevidence(rain).\n"),
    "annotated disjunction, every head learnable": (
        "t(_)::red; t(_)::green; t(_)::blue.",
        "evidence(red).\n---\nevidence(green).\n---\nevidence(red).\n---\n"
        "evidence(blue,false). evidence(green,false).\n---\nevidence(blue).\n"),
    "annotated disjunction beside a fixed head": (
        "0.25::low; t(_)::mid; t(_)::high.",
        "evidence(mid).\n---\nevidence(high).\n---\nevidence(mid).\n---\n"
        "evidence(low,false). evidence(high,false).\n"),
    "annotated disjunction with a body": (
        "0.6::weekend. t(_)::park; t(_)::home :- weekend.",
        "evidence(weekend). evidence(park).\n---\nevidence(weekend). evidence(home).\n---\n"
        "evidence(park).\n---\nevidence(weekend). evidence(park).\n"),
    "a head inferred from the others observed false, as ProbLog does": (
        "t(_)::lit. t(_)::red; t(_)::green; t(_)::off :- lit.",
        "evidence(red).\n---\nevidence(green,false). evidence(off,false).\n---\n"
        "evidence(lit,false).\n---\nevidence(off).\n---\nevidence(red,false).\n"),
    "non-ground annotated disjunction, heads of equal arity": (
        "day(mon). day(tue). day(wed). t(_)::sun(D); t(_)::rain(D) :- day(D).",
        "evidence(sun(mon)). evidence(rain(tue),false).\n---\nevidence(rain(wed)).\n---\n"
        "evidence(sun(tue),false).\n"),
    "one parameter per binding, t(_, X)": (
        "person(ann). person(bob). t(_, X)::likes(X) :- person(X).",
        "evidence(likes(ann)). evidence(likes(bob),false).\n---\nevidence(likes(ann)).\n"
        "---\nevidence(likes(bob)).\n---\nevidence(likes(ann),false).\n---\n"
        "evidence(likes(bob),false).\n"),
    "one parameter per binding of a body variable": (
        "0.5::sensor(s1). 0.7::sensor(s2). t(_, S)::alarm :- sensor(S).",
        "evidence(sensor(s1)). evidence(sensor(s2),false). evidence(alarm).\n---\n"
        "evidence(sensor(s1),false). evidence(sensor(s2)). evidence(alarm,false).\n---\n"
        "evidence(sensor(s1)). evidence(sensor(s2),false). evidence(alarm,false).\n---\n"
        "evidence(sensor(s1),false). evidence(sensor(s2)). evidence(alarm).\n---\n"
        "evidence(sensor(s1),false). evidence(sensor(s2)). evidence(alarm).\n"),
    "a body-only variable: one choice per head, as ProbLog's LFI": (
        "0.5::cloud(c1). 0.6::cloud(c2). t(_)::wet :- cloud(C).",
        "evidence(cloud(c1)). evidence(cloud(c2)). evidence(wet).\n---\n"
        "evidence(cloud(c1)). evidence(cloud(c2),false). evidence(wet,false).\n---\n"
        "evidence(cloud(c1),false). evidence(cloud(c2)). evidence(wet).\n---\n"
        "evidence(wet).\n"),
    "one parameter shared by every instance": (
        "person(ann). person(bob). person(cy). t(_)::smokes(X) :- person(X).",
        "evidence(smokes(ann)). evidence(smokes(bob),false).\n---\n"
        "evidence(smokes(cy)).\n---\nevidence(smokes(ann)). evidence(smokes(cy)).\n"),
    "hidden cause, same starting values": (
        "t(0.4)::burglary. 0.3::quake. t(0.5)::p1. t(0.5)::p2. t(0.5)::p3.\n"
        "alarm :- burglary, quake, p1. alarm :- burglary, \\+quake, p2.\n"
        "alarm :- \\+burglary, quake, p3.",
        "evidence(burglary,false). evidence(alarm,false).\n---\n"
        "evidence(quake,false). evidence(alarm). evidence(burglary).\n---\n"
        "evidence(quake). evidence(alarm). evidence(burglary).\n---\n"
        "evidence(quake). evidence(alarm,false). evidence(burglary).\n---\n"
        "evidence(alarm).\n"),
    "noisy-or with unobserved causes, same starting values": (
        "t(0.3)::c1. t(0.6)::c2. t(0.5)::e :- c1. t(0.5)::e :- c2.",
        "evidence(e). evidence(c1).\n---\nevidence(e,false).\n---\nevidence(e). "
        "evidence(c2). evidence(c1,false).\n---\nevidence(e).\n---\nevidence(c2).\n"),
    "repeated examples and a negated body": (
        "t(_)::a. t(_)::b. c :- a, \\+b.",
        "evidence(a). evidence(b,false).\n---\nevidence(a). evidence(b,false).\n---\n"
        "evidence(a). evidence(b).\n---\nevidence(a,false). evidence(b).\n"),
    "recursion through a graph": (
        "t(0.5)::edge(1,2). t(0.5)::edge(2,3). 0.4::edge(1,3).\n"
        "path(X,Y) :- edge(X,Y). path(X,Y) :- edge(X,Z), path(Z,Y).",
        "evidence(path(1,3)). evidence(edge(1,3),false).\n---\n"
        "evidence(path(1,2)). evidence(path(1,3),false).\n---\nevidence(edge(2,3)).\n"),
}


def _problog_weights(program: str, evidence: Path) -> list[tuple[str, float]]:
    random.seed(1)
    examples = list(problog_lfi.read_examples(str(evidence)))
    _, weights, tnames, _, _ = problog_lfi.run_lfi(PrologString(program), examples,
                                                   normalize=True)
    return [(str(n), float(w)) for n, w in zip(tnames, weights, strict=True)]


@pytest.mark.parametrize("name", list(CASES))
def test_learned_weights_agree_with_problog(name: str, tmp_path: Path) -> None:
    program, evidence = CASES[name]
    ev = tmp_path / "examples.ev"
    ev.write_text(evidence)
    ast = Program.from_string(program, "case.pl").ast
    result = learn(ast, read_examples([str(ev)]))
    ours = {n: result.weights[param] for n, param, _ in names(ast, result.weights)}
    theirs = {n.replace(" ", ""): w for n, w in _problog_weights(program, ev)}
    assert set(ours) == set(theirs)
    for n, w in ours.items():
        assert abs(w - theirs[n]) <= 0.01, (n, w, theirs[n])
    curve = result.curve
    assert all(curve[k + 1] >= curve[k] - 1e-9 for k in range(len(curve) - 1)), \
        "EM never lowers the log-likelihood"


def test_two_evidence_files_are_one_set_of_examples(tmp_path: Path) -> None:
    (tmp_path / "a.ev").write_text("evidence(x).\n---\nevidence(x).\n")
    (tmp_path / "b.ev").write_text("evidence(x,false).\n---\nevidence(x).\n")
    examples = read_examples([str(tmp_path / "a.ev"), str(tmp_path / "b.ev")])
    assert [e.count for e in examples] == [3, 1]
    result = learn(Program.from_string("t(_)::x.").ast, examples)
    assert result.weights == {("x", ()): 0.75}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def burglary(tmp_path: Path) -> tuple[Path, Path]:
    pl = tmp_path / "b.pl"
    pl.write_text("t(0.5)::burglary.\n0.2::earthquake.\nt(_)::p :- burglary.\n"
                  "alarm :- p.\nalarm :- earthquake.\nquery(alarm).\n")
    ev = tmp_path / "b.ev"
    ev.write_text("evidence(burglary). evidence(alarm).\n---\nevidence(burglary,false).\n"
                  "---\nevidence(burglary). evidence(earthquake,false). evidence(alarm).\n")
    return pl, ev


def test_text_output_curve_model_and_problog_line(
        burglary: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pl, ev = burglary
    out_model = tmp_path / "learned.pl"
    code, out, _ = _run(["lfi", str(pl), str(ev), "-O", str(out_model)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("% iteration 1: log-likelihood -")
    assert "0.666666666666667::burglary." in lines
    assert any(x.startswith("0.99999") and x.endswith("::p :- burglary.") for x in lines)
    assert "alarm :- p." in lines and "alarm :- earthquake." in lines
    assert not any(x.startswith("query(") for x in lines)
    assert lines[-1].startswith("% -") and lines[-1].endswith(
        "[0.66666667, 1.0] [t(0.5)::burglary, t(_)::p] " + lines[-1].split()[-1])
    assert out_model.read_text() == "".join(
        x + "\n" for x in lines if not x.startswith("%"))
    learned = Program.from_file(out_model).query(["alarm"])
    assert learned["alarm"] == pytest.approx(2 / 3 + 1 / 3 * 0.2, abs=1e-6)


def test_json_output_and_max_iterations(burglary: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pl, ev = burglary
    code, out, _ = _run(["lfi", str(pl), str(ev), "-n", "2", "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["iterations"] == 2 and len(data["log_likelihood"]) == 2
    assert [w[0] for w in data["weights"]] == ["t(0.5)::burglary", "t(_)::p"]
    assert data["weights"][0][2:] == [1, 1] and data["model"].startswith("0.66666")


def test_query_reads_t_p_as_p_and_rejects_t_unknown(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    assert Program.from_string("t(0.3)::a. b :- a. query(b).").query() == {"b": 0.3}
    pl = tmp_path / "t.pl"
    pl.write_text("t(0.3)::a.\nt(_)::b.\nc :- a.\nc :- b.\nquery(c).\n")
    code, out, err = _run(["query", str(pl)], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"{pl}:2:1: error: learnable probability t(_) of b has no value")


ERRORS = {
    "missing evidence file": (["t(_)::a."], None, "error: no such evidence file"),
    "unknown atom in evidence": (["t(_)::a."], "evidence(a).\n---\nevidence(zz(1)).\n",
                                 "ev.ev:3:1: error: evidence on zz(1), but the program "
                                 "defines no zz/1"),
    "no learnable parameter": (["0.5::a."], "evidence(a).\n",
                               "prog.pl:1:1: error: the program has no learnable parameters"),
    "no evidence": (["t(_)::a."], "a.\n---\n", "error: no examples"),
    "non-ground observation": (["t(_)::p(X)."], "evidence(p(X)).\n",
                               "ev.ev:1:1: error: observation p(X) is not a ground atom"),
    "per-argument parameter not a variable": (["t(_, f(X))::p(X)."], "evidence(p(1)).\n",
                                              "prog.pl:1:1: error: learnable probability"),
    "per-argument parameter not in the clause": (
        ["t(_, Y)::p(X) :- q(X).", "q(1)."], "evidence(p(1)).\n",
        "prog.pl:1:1: error: the argument Y of t(_,Y) occurs neither"),
    "per-argument parameter in a disjunction": (
        ["t(_, X)::p(X); t(_, X)::r(X) :- q(X).", "q(1)."], "evidence(p(1)).\n",
        "prog.pl:1:1: error: t(_, X) in an annotated disjunction is not supported"),
    "parse error in the evidence file": (["t(_)::a."], "evidence(a.\n", "ev.ev:1:"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_misuse_is_a_located_error(name: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    program, evidence, expected = ERRORS[name]
    pl = tmp_path / "prog.pl"
    pl.write_text("\n".join(program) + "\n")
    ev = tmp_path / "ev.ev"
    if evidence is not None:
        ev.write_text(evidence)
    code, _, err = _run(["lfi", str(pl), str(ev)], capsys)
    assert code == 1 and "Traceback" not in err
    assert expected in err, err


def test_lfi_loads_no_torch(burglary: tuple[Path, Path]) -> None:
    pl, ev = burglary
    probe = ("import sys, json\nfrom cortexlog.cli import main\n"
             f"main(['lfi', {str(pl)!r}, {str(ev)!r}])\n"
             "print(json.dumps('torch' in sys.modules or 'numpy' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=120, cwd=ROOT)
    assert json.loads(out.stdout.splitlines()[-1]) is False
