"""Oracles for the task subcommands: ProbLog's probabilities, brute-force MPE."""

from __future__ import annotations

from pathlib import Path

from tests.grounding.oracle import _model, consistent_worlds, problog_probs

from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram
from cortexlog.language.terms import format_query

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.pl") if "nn(" not in p.read_text())


def problog_answers(text: str) -> dict[str, float]:
    """ProbLog's probabilities, keyed without spaces."""
    return problog_probs(text)


def brute_force_mpe(gp: GroundProgram) -> tuple[float, list[dict[ChoiceVar, bool]]]:
    """The largest world probability satisfying the evidence, and every world reaching it.

    Groups' options that no rule uses are summed into "none" first (as ProbLog does).
    """
    used = {lit.node for r in gp.rules for lit in r.body if isinstance(lit.node, ChoiceVar)}
    options = []
    for g, group in enumerate(gp.groups):
        ws = [float(w) for w in group.weights]  # type: ignore[arg-type]
        keep = [(g, i, ws[i]) for i in range(len(ws)) if ChoiceVar(g, i) in used]
        rest = 1.0 - sum(w for _, _, w in keep)
        options.append(keep + ([(g, None, rest)] if rest > 1e-12 else []))
    best, worlds = 0.0, []
    for weight, world, _ in consistent_worlds(gp, options):
        if weight > best + 1e-12:
            best, worlds = weight, [world]
        elif abs(weight - best) <= 1e-12:
            worlds.append(world)
    return best, worlds


def query_truths(gp: GroundProgram, world: dict[ChoiceVar, bool]) -> dict[str, bool]:
    """Each query's truth in one world."""
    model = _model(gp, world)
    return {format_query(q).replace(" ", ""): q in model for q in gp.queries}
