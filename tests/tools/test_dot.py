"""DOT pictures of the ground program and the compiled circuit, checked by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cortexlog.cli import main
from cortexlog.compile.formula import build_formula
from cortexlog.compile.sdd_compile import compile_sdd
from cortexlog.program import Program
from cortexlog.tools.dot import circuit_dot, ground_dot

TINY = "0.5::a. b :- \\+a. query(b).\n"


def test_ground_dot_of_an_ad_with_evidence() -> None:
    gp = Program.from_string("0.3::x; 0.6::y. c :- x. evidence(c).").ground()
    # Two options in one cluster; c is the evidence atom (filled green); the fact rule
    # `x :- choice` points at option 0; y is irrelevant but its option stays in the group.
    assert ground_dot(gp) == """digraph ground {
  rankdir=TB;
  subgraph cluster_g0 {
    label="choice 0"; style=rounded;
    c0_0 [label="0.3::x", shape=box];
    c0_1 [label="0.6::y", shape=box];
  }
  a0 [label="x", shape=ellipse];
  a1 [label="c", shape=ellipse, style=filled, fillcolor=palegreen];
  r0 [label="AND", shape=box];
  a0 -> r0;
  r0 -> c0_0;
  r1 [label="AND", shape=box];
  a1 -> r1;
  r1 -> a0;
}
"""


def test_circuit_dot_names_literals_by_atoms() -> None:
    gp = Program.from_string(TINY).ground()
    # b holds exactly when a does not: the query output is the literal \+a; the evidence
    # output (no evidence, smooth) is a OR \+a.
    assert circuit_dot(compile_sdd(build_formula(gp)), gp) == """digraph circuit {
  rankdir=TB;
  n0 [label="\\\\+a", shape=ellipse];
  n1 [label="a", shape=ellipse];
  n2 [label="OR", shape=diamond];
  n2 -> n0;
  n2 -> n1;
  out0 [label="b", shape=plaintext];
  out0 -> n0 [style=dotted];
  out1 [label="evidence", shape=plaintext];
  out1 -> n2 [style=dotted];
}
"""


def test_dot_to_stdout_and_to_a_file(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.pl"
    path.write_text(TINY)
    gp = Program.from_file(path).ground()
    assert main(["ground", str(path), "--dot"]) == 0
    assert capsys.readouterr().out == ground_dot(gp)
    out = tmp_path / "c.dot"
    assert main(["compile", str(path), "--dot", "--out", str(out)]) == 0
    assert out.read_text() == circuit_dot(compile_sdd(build_formula(gp)), gp)
    assert main(["compile", str(path)]) == 0
    assert capsys.readouterr().out.startswith("circuit: 3 nodes, 2 edges, 1 variables")


def test_neural_literals_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nn.pl"
    path.write_text("nn(net, [X], Y, [0, 1]) :: digit(X, Y).\n"
                    "add(X, Y, Z) :- digit(X, A), digit(Y, B), Z is A + B.\n"
                    "query(add(a, b, 1)).\n")
    assert main(["compile", str(path), "--dot"]) == 0
    assert 'label="digit(a,0)"' in capsys.readouterr().out


def test_png_needs_graphviz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.pl"
    path.write_text(TINY)
    png = tmp_path / "g.png"
    code = main(["ground", str(path), "--png", str(png)])
    if shutil.which("dot") is None:
        assert code == 1
        err = capsys.readouterr().err
        assert "graphviz" in err and "install graphviz" in err and "Traceback" not in err
    else:
        assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_explain_dot_draws_each_proof(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.pl"
    path.write_text(TINY)
    assert main(["explain", str(path), "--dot"]) == 0
    # b's only proof is "a does not hold" (P = 0.5).
    assert capsys.readouterr().out == """digraph proofs {
  rankdir=LR;
  q0 [label="b: 0.5", shape=ellipse, style=bold];
  p0_0 [label="AND 0.5", shape=box];
  q0 -> p0_0;
  l0 [label="\\\\+a", shape=ellipse];
  p0_0 -> l0;
}
"""
