"""Helpers: ground a program text, and read answers of deterministic queries."""

from __future__ import annotations

from cortexlog.grounding import GroundingLimits, ground
from cortexlog.grounding.ground_program import GroundProgram
from cortexlog.language import parse


def gp_of(text: str, limits: GroundingLimits | None = None) -> GroundProgram:
    """Parse and ground a program text."""
    return ground(parse(text, "t.pl"), limits=limits)


def true_atoms(text: str) -> list[str]:
    """The query atoms that are deterministically true (an empty-body rule)."""
    gp = gp_of(text)
    facts = {r.head for r in gp.rules if not r.body}
    return [str(q).replace(" ", "") for q in gp.queries if q in facts]


def answers(goal: str, program: str = "") -> list[str]:
    """Ground `query(ok(Vars))` for a deterministic goal; return the true answers."""
    return true_atoms(f"{program}\nok(R) :- {goal}.\nquery(ok(_)).")
