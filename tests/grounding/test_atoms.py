"""atom_number/2, checked against hand-computed answers.

ProbLog keeps the quotes of a quoted atom in its name, so its atom_number('12', N) fails
(it reads "'12'"); cortexlog reads the atom's text, as Prolog does (docs/language.md,
"Differences from ProbLog"). Everything else follows ProbLog's builtin.
"""

from __future__ import annotations

import cortexlog


def answers(text: str) -> dict[str, float]:
    """The program's answers as `{atom: probability}`."""
    return {k: float(v) for k, v in cortexlog.Program.from_string(text).query().items()}


def test_atom_to_number_integral_floats_become_integers() -> None:
    got = answers("a('12'). a('2.5'). a('3.0'). a(abc). a('-4').\n"
                  "n(A, N) :- a(A), atom_number(A, N).\nquery(n(_, _)).")
    assert got == {"n('12',12)": 1.0, "n('2.5',2.5)": 1.0, "n('3.0',3)": 1.0,
                   "n('-4',-4)": 1.0}


def test_number_to_atom_and_check() -> None:
    got = answers("b(A) :- atom_number(A, 7).\nc(A) :- atom_number(A, 2.5).\n"
                  "same :- atom_number('12', 12).\ndiffer :- atom_number('12', 13).\n"
                  "query(b(_)). query(c(_)). query(same). query(differ).")
    assert got == {"b('7')": 1.0, "c('2.5')": 1.0, "same": 1.0, "differ": 0.0}


def test_probabilistic_atom() -> None:
    got = answers("0.3::pick(x).\n0.6::pick('8').\nval(N) :- pick(A), atom_number(A, N).\n"
                  "query(val(_)).")
    assert got == {"val(8)": 0.6}


def test_str2int_reads_an_integer() -> None:
    """ProbLog's str2int/2 fails on '42' (it reads the quotes); cortexlog reads the text."""
    got = answers("num(N) :- concat([4, 2], S), str2int(S, N).\nquery(num(_)).")
    assert got == {"num(42)": 1.0}
