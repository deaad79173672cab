"""Fuzzy logics evaluate the ground formula's own structure: repeats and cycles.

Expected values are computed by hand from the t-norm definitions (product: AND = x*y,
OR = x+y-xy; Lukasiewicz: AND = max(0, x+y-1); Goedel: min/max).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cortexlog import Program
from cortexlog.cli import main
from cortexlog.errors import CortexlogError

# q = a AND s with s = a: truth-functionally a*a under the product t-norm. (The ground
# program itself is a set of rules with set bodies, as in ProbLog: `q :- a, a.` grounds
# to `q :- a.`; repeats that arise from composing rules are what this checks.)
REPEAT = "0.5::a. 0.75::b. s :- a. q :- a, s. t :- b. r :- t, b. query(q). query(r)."


@pytest.mark.parametrize(
    ("semantics", "q", "r"),
    [
        ("product", 0.25, 0.5625),          # a*a, b*b (not a, b)
        ("lukasiewicz", 0.0, 0.5),          # max(0, 2a-1), max(0, 2b-1)
        ("godel", 0.5, 0.75),               # min(a, a) = a
        ("probability", 0.5, 0.75),         # a Boolean function: a AND a = a
    ],
)
def test_repeated_conjunct_is_kept_for_non_idempotent_tnorms(
    semantics: str, q: float, r: float
) -> None:
    answers = Program.from_string(REPEAT).query(semantics=semantics)
    assert answers["q"] == pytest.approx(q, abs=1e-6)
    assert answers["r"] == pytest.approx(r, abs=1e-6)


CYCLE = """
0.9::e(a,b). 0.8::e(b,a). 0.5::e(b,c). 0.7::e(c,a).
path(X,Y) :- e(X,Y).
path(X,Y) :- e(X,Z), path(Z,Y).
query(path(_,a)).
"""


def _psum(*xs: float) -> float:
    out = 0.0
    for x in xs:
        out = out + x - out * x
    return out


def test_product_cycles_unroll_is_kleene_iteration() -> None:
    # Three atoms in the cycle -> three steps of T_P from all-false (atoms pa, pb, pc).
    e_ab, e_ba, e_bc, e_ca = 0.9, 0.8, 0.5, 0.7
    pa, pb, pc = 0.0, 0.0, 0.0
    for _ in range(3):
        pa, pb, pc = e_ab * pb, _psum(e_ba, e_ba * pa, e_bc * pc), _psum(e_ca, e_ca * pa)
    got = Program.from_string(CYCLE).query(semantics="product", cycles="unroll")
    assert got["path(a,a)"] == pytest.approx(pa, abs=1e-6)
    assert got["path(b,a)"] == pytest.approx(pb, abs=1e-6)
    assert got["path(c,a)"] == pytest.approx(pc, abs=1e-6)


def test_product_cycles_break_is_simple_derivations() -> None:
    # Ancestor-based breaking: path(b,a) = e(b,a) OR (e(b,c) AND e(c,a)) (the way back
    # through path(a,a) -> path(b,a) revisits an ancestor and is cut).
    got = Program.from_string(CYCLE).query(semantics="product", cycles="break")
    assert got["path(b,a)"] == pytest.approx(_psum(0.8, 0.5 * 0.7), abs=1e-6)
    assert got["path(a,a)"] == pytest.approx(0.9 * _psum(0.8, 0.5 * 0.7), abs=1e-6)


@pytest.mark.parametrize("cycles", ["unroll", "break"])
def test_godel_cycles_agree_and_are_bottleneck_paths(cycles: str) -> None:
    got = Program.from_string(CYCLE).query(semantics="godel", cycles=cycles)
    assert got == pytest.approx({"path(a,a)": 0.8, "path(b,a)": 0.8, "path(c,a)": 0.7})


def test_compiled_semantics_ignore_the_cycle_method() -> None:
    p = Program.from_string(CYCLE)
    assert p.query(cycles="unroll") == pytest.approx(p.query(cycles="break"), abs=1e-12)


def test_unknown_cycle_method_lists_the_valid_ones() -> None:
    with pytest.raises(CortexlogError, match="break, unroll"):
        Program.from_string(CYCLE).query(semantics="godel", cycles="loop")


def test_cli_cycles_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "cyc.pl"
    f.write_text(CYCLE)
    assert main(["query", str(f), "--semantics", "product", "--cycles", "break"]) == 0
    assert f"path(b,a): {_psum(0.8, 0.35):.8g}" in capsys.readouterr().out
