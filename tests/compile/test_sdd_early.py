"""Early group constraints (`sdd_early`) keep exact answers equal to ProbLog's."""

from __future__ import annotations

import pytest
from problog import get_evaluatable
from problog.program import PrologString

from cortexlog import Program
from cortexlog.compile.sdd_early import EarlyConstraints

DICE = """
1/6::die(I, 1); 1/6::die(I, 2); 1/6::die(I, 3); 1/6::die(I, 4); 1/6::die(I, 5);
    1/6::die(I, 6) :- between(1, 3, I).
0.3::c(a); 0.5::c(b).
sum(0, 0).
sum(I, S) :- I > 0, I0 is I - 1, sum(I0, S0), die(I, V), S is S0 + V.
odd :- sum(3, S), S mod 2 =:= 1.
both :- c(a), die(1, 6).
both :- c(b), \\+ die(2, 1).
evidence(odd, false).
evidence(both, true).
query(sum(3, 10)). query(sum(3, 4)). query(c(a)). query(die(1, 6)).
"""


def _problog(text: str) -> dict[str, float]:
    result = get_evaluatable().create_from(PrologString(text)).evaluate()
    return {str(k): float(v) for k, v in result.items()}


def test_dice_with_negative_evidence_matches_problog() -> None:
    ours = Program.from_string(DICE).query()
    ref = _problog(DICE)
    assert set(ours) == set(ref)
    for k, v in ref.items():
        assert ours[k] == pytest.approx(v, abs=1e-12)


def test_early_constraints_shrink_intermediate_sdds(monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[int] = []
    original = EarlyConstraints.apply

    def spy(self: EarlyConstraints, i, kind, var, children, node):  # type: ignore[no-untyped-def]
        out = original(self, i, kind, var, children, node)
        applied.append(int(out.id != node.id))
        return out

    monkeypatch.setattr(EarlyConstraints, "apply", spy)
    Program.from_string(DICE).query()
    assert sum(applied) > 0  # some node did get a constraint conjoined
