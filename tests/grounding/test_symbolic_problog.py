"""The arithmetic path over probabilistic ADs, against ProbLog on random programs.

Each program has 2-4 annotated disjunctions over small integer values (some with a
residual "none" probability), one with a body (a group per instance), a rule computing a
random linear expression of their values (sums, differences, integer multiples, nested
`is`), and queries that compare it with a
constant, negate such a comparison, or leave the value free. `Program.query` takes the
arithmetic path (probability is a compiled structure); ProbLog enumerates.
"""

from __future__ import annotations

import random

import pytest

from cortexlog import Program
from cortexlog.grounding.ground_program import LinearConstraint

OPS = ["=:=", "=\\=", "<", "=<", ">", ">="]


def _ad(rng: random.Random, i: int) -> str:
    values = sorted(rng.sample(range(-2, 6), rng.randint(2, 4)))
    weights = [rng.randint(1, 9) for _ in values]
    total = sum(weights) + (0 if rng.random() < 0.7 else rng.randint(1, 5))  # some "none"
    heads = "; ".join(f"{w}/{total}::v{i}({v})" for w, v in zip(weights, values, strict=True))
    return heads + "."


def _expression(rng: random.Random, names: list[str]) -> str:
    parts = []
    for n in names:
        c = rng.choice([1, 1, 2, -1, 3, 10])
        parts.append(n if c == 1 else f"{c}*{n}")
    text = parts[0]
    for p in parts[1:]:
        text = f"({text} {rng.choice(['+', '-'])} {p})"
    return text


def random_program(seed: int) -> str:
    rng = random.Random(seed)
    k = rng.randint(2, 4)
    lines = [_ad(rng, i) for i in range(k)]
    names = [f"X{i}" for i in range(k)]
    calls = ", ".join(f"v{i}(X{i})" for i in range(k))
    expr = _expression(rng, names)
    lines.append(f"val(S) :- {calls}, T is {expr}, S is T + {rng.randint(-3, 3)}.")
    op, c = rng.choice(OPS), rng.randint(-5, 15)
    lines.append(f"cmp :- {calls}, {expr} {op} {c}.")
    lines.append(f"neg :- v0(X0), \\+ (v1(X1), X0 + X1 {rng.choice(OPS)} {c // 2}).")
    # an AD with a body: one independent group per instance w(1, _), w(2, _)
    w = rng.randint(1, 8)
    lines.append(f"{w}/10::w(I,0); {9 - w}/10::w(I,{rng.randint(1, 4)}) :- between(1, 2, I).")
    lines.append(f"pair(S) :- w(1,A), w(2,B), S is A - {rng.randint(1, 3)}*B.")
    lines.append("query(val(_)). query(cmp). query(neg). query(pair(_)).")
    return "\n".join(lines)


def problog_answers(text: str) -> dict[str, float]:
    from problog import get_evaluatable
    from problog.program import PrologString

    result = get_evaluatable().create_from(PrologString(text)).evaluate()
    return {str(k).replace(" ", ""): float(v) for k, v in result.items()}


@pytest.mark.parametrize("seed", range(30))
def test_matches_problog(seed: int) -> None:
    text = random_program(seed)
    want = problog_answers(text)
    got = {k.replace(" ", ""): float(v) for k, v in Program.from_string(text).query().items()}
    assert set(got) >= {k for k, v in want.items() if v > 0}, text
    for key, value in got.items():
        assert value == pytest.approx(want.get(key, 0.0), abs=1e-6), (text, key)


def test_programs_take_the_arithmetic_path() -> None:
    """The comparison of every program becomes one linear constraint (not vacuous)."""
    for seed in range(30):
        gp = Program.from_string(random_program(seed)).ground(symbolic=True)
        assert any(isinstance(lit.node, LinearConstraint) for r in gp.rules for lit in r.body)



def test_an_answer_with_too_many_values_is_a_clear_error(tmp_path, capsys) -> None:
    """A free answer with more than 100,000 values asks for the value in the query."""
    from cortexlog.cli import main

    heads = "; ".join(f"0.02::d(I,{v})" for v in range(50))
    path = tmp_path / "wide.pl"
    path.write_text(f"{heads} :- between(1, 3, I).\n"
                    "s(S) :- d(1,A), d(2,B), d(3,C), S is A + 100*B + 10000*C.\n"
                    "query(s(_)).\n")
    assert main(["query", str(path)]) == 1
    err = capsys.readouterr().err
    assert "more than 100000 possible values" in err and "Traceback" not in err
