"""Choice groups of probabilistic clause instances: checked weights, labels, the group.

ProbLog semantics: each ground instance of a probabilistic clause (all of its variables,
head and body) is an independent choice group; an annotated disjunction instance is one
group with an option per head. A learnable `t(p)` weight is carried as its
`LearnableWeight`; a fixed one is evaluated and checked to lie in [0, 1].
"""

from __future__ import annotations

from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.arith import evaluate
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import AD, PROB, Entry
from cortexlog.grounding.ground_program import ChoiceVar, LearnableWeight
from cortexlog.grounding.internal import EvalError, V, inst
from cortexlog.grounding.keys import keyify
from cortexlog.grounding.solver import Solver

EPS = 1e-9  # tolerance of the probability checks


def certain(w: float | LearnableWeight) -> bool:
    """A fixed probability of 1 (a learnable one never is)."""
    return not isinstance(w, LearnableWeight) and w >= 1.0


def known_weight(w: float | LearnableWeight) -> float:
    """The value a weight contributes to an AD's sum check (0 for `t(_)`)."""
    if isinstance(w, LearnableWeight):
        return 0.0 if w.init is None else w.init
    return float(w)


def probability(e: Entry, p: Any) -> float | LearnableWeight:
    """The weight of a clause's probability term `p`: evaluated and checked, or learnable.

    Args:
        e: the clause (its location for errors).
        p: the instantiated probability term, or a `LearnableWeight`.

    Returns:
        A float in [0, 1], or the `LearnableWeight`.

    Raises:
        GroundingError: `p` does not evaluate to a number in [0, 1].
    """
    if type(p) is LearnableWeight:
        return p
    if p == "?":  # the internal atom `?`
        raise GroundingError(
            "`?::` declares a decision fact (decision-theoretic ProbLog); a query needs "
            "a probability", e.location,
            "find the best decisions with `cortexlog dt FILE`, or give the fact a "
            "probability to query it",
        )
    try:
        value = evaluate(p)
    except EvalError as exc:
        raise GroundingError(
            f"cannot evaluate the probability {show(p)}: {exc.message}", e.location, exc.hint
        ) from None
    if not 0.0 <= value <= 1.0 + EPS:
        raise GroundingError(
            f"probability {show(p)} = {value} is not in [0, 1]", e.location,
            "probabilities must lie between 0 and 1",
        )
    return float(min(value, 1.0))


def ground_label(e: Entry, tpl: Any, frame: list[Any]) -> Any:
    """The ground head `tpl` of a clause instance (a group option's label).

    Args:
        e: the clause (its location for errors).
        tpl: the head template.
        frame: the instance's variable bindings.

    Returns:
        The head's key (ground).

    Raises:
        GroundingError: the head is not ground.
    """
    seen: dict[V, Any] = {}
    label = keyify(inst(tpl, frame), seen)
    if seen:
        raise GroundingError(
            f"non-ground probabilistic clause: head {show(label)} is not ground after "
            "its body succeeded",
            e.location,
            "bind every head variable in the body, or call the predicate with ground arguments",
        )
    return label


def choice(eng: Solver, e: Entry, frame: list[Any]) -> ChoiceVar:
    """The choice option for the current ground instance of a PROB/AD clause.

    Args:
        eng: the engine (its groups; a new instance gets a new group).
        e: the clause.
        frame: the instance's variable bindings (unbound ones become fresh variables).

    Returns:
        The option of the instance's group that the clause's head stands for.
    """
    for i in range(e.nvars):
        if frame[i] is None:
            frame[i] = V()
    gkey = (e.cid, keyify(("$f", *frame), {}))
    g = eng.group_index.get(gkey)
    if g is None:
        if e.kind == PROB:
            weights: tuple[float | LearnableWeight, ...] = (
                probability(e, inst(e.probs[0], frame)),)
            labels = (ground_label(e, e.head, frame),)
            exhaustive = certain(weights[0])
        else:
            assert e.kind == AD
            weights = tuple(probability(e, inst(p, frame)) for p in e.probs)
            labels = tuple(ground_label(e, h, frame) for h in e.labels)
            total = sum(known_weight(w) for w in weights)
            if total > 1.0 + EPS:
                raise GroundingError(
                    f"the probabilities of an annotated disjunction sum to {total} > 1",
                    e.location, "make the head probabilities sum to at most 1",
                )
            exhaustive = abs(total - 1.0) <= EPS or any(
                type(w) is LearnableWeight and w.init is None for w in weights
            )
        g = eng.group_index[gkey] = len(eng.groups)
        eng.groups.append((weights, labels, exhaustive, e.location))
    return ChoiceVar(g, e.option)
