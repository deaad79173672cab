"""`cortexlog explain`: the proofs of each query, with their probabilities.

A proof is a minimal consistent set of choice literals (an option holds, or does not) under
which the query is derivable: the query's formula in disjunctive normal form over the
choices, built from the ground rules (a negated atom is the negation of its proofs). Its
probability is the product, per choice group, of the chosen option's weight or of one
minus the weights of the options it excludes. Evidence is ignored, as `problog explain`
does; the probabilities section gives each query's probability without evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cortexlog.compile.evaluate import check_no_neural, evaluate_queries
from cortexlog.compile.weights import float_group_probs
from cortexlog.errors import GroundingError
from cortexlog.grounding.ground_program import (
    ChoiceVar,
    GroundProgram,
    GroundRule,
    Literal,
)
from cortexlog.language.terms import Struct, format_query
from cortexlog.tools.naming import Naming, name_program

Proof = frozenset[tuple[ChoiceVar, bool]]
MAX_PROOFS = 10_000


@dataclass(frozen=True)
class Explanation:
    """The proofs of one query.

    Attributes:
        query: the query atom, as ProbLog prints it.
        proofs: `(literal texts, probability)` per proof, most probable first.
        probability: the query's probability (no evidence).
    """

    query: str
    proofs: tuple[tuple[tuple[str, ...], float], ...]
    probability: float


def explain(gp: GroundProgram) -> list[Explanation]:
    """The proofs of every query of a ground program.

    Args:
        gp: the ground program (no neural weights).

    Returns:
        One `Explanation` per query, in query order.

    >>> from cortexlog.program import Program
    >>> [e] = explain(Program.from_string(
    ...     "0.5::a. 0.4::b. c :- a. c :- \\\\+a, b. query(c).").ground())
    >>> e.proofs, e.probability
    (((('a',), 0.5), (('\\\\+a', 'b'), 0.2)), 0.7)
    """
    check_no_neural(gp)
    probs = float_group_probs(gp)
    naming = name_program(gp)
    prior = GroundProgram(gp.groups, gp.rules, gp.queries, ())
    values = evaluate_queries(prior, "probability")
    out = []
    for q, proofs in zip(gp.queries, query_proofs(gp), strict=True):
        listed = sorted(((_texts(p, naming), _probability(probs, p)) for p in proofs),
                        key=lambda item: (-item[1], item[0]))
        out.append(Explanation(format_query(q), tuple(listed), float(values[q])))
    return out


def query_proofs(gp: GroundProgram) -> list[list[Proof]]:
    """The minimal proofs of each query, as sets of `(choice, truth)` literals.

    Args:
        gp: the ground program.

    Returns:
        One list of proofs per query, in query order.

    Raises:
        GroundingError: a query has more than `MAX_PROOFS` proofs.
    """
    finder = _Proofs(gp)
    return [finder.atom(q, frozenset()) for q in gp.queries]


def explain_text(explanations: list[Explanation]) -> str:
    """ProbLog's `explain` output: a Proofs section and a Probabilities section.

    Args:
        explanations: from `explain`.

    Returns:
        The text.
    """
    lines = ["Proofs", "------"]
    for e in explanations:
        for texts, p in e.proofs:
            body = ", ".join(texts) if texts else "true"
            lines.append(f"{e.query} :- {body}.  % P={p:.8g}")
        lines.append("")
    lines += ["", "Probabilities", "-------------"]
    width = max((len(e.query) for e in explanations), default=0)
    lines += [f"{e.query:>{width}}:\t{e.probability:.8g}" for e in explanations]
    return "\n".join(lines) + "\n"


def explain_json(explanations: list[Explanation]) -> dict[str, Any]:
    """JSON-ready: `{"queries": [{"query", "probability", "proofs": [{"literals",
    "probability"}]}]}`."""
    return {"queries": [
        {"query": e.query, "probability": e.probability,
         "proofs": [{"literals": list(t), "probability": p} for t, p in e.proofs]}
        for e in explanations
    ]}


class _Proofs:
    """Proofs of atoms, memoised per atom and set of atoms being proved (cycles)."""

    def __init__(self, gp: GroundProgram) -> None:
        self.gp = gp
        self.rules: dict[Struct, list[GroundRule]] = {}
        for r in gp.rules:
            self.rules.setdefault(r.head, []).append(r)
        self.memo: dict[tuple[Struct, frozenset[Struct]], list[Proof]] = {}

    def atom(self, atom: Struct, visiting: frozenset[Struct]) -> list[Proof]:
        key = (atom, visiting)
        if key in self.memo:
            return self.memo[key]
        if atom not in self.rules and atom.functor == "\\+" and len(atom.args) == 1:
            inner = atom.args[0]
            assert isinstance(inner, Struct)
            return self.negate(self.atom(inner, frozenset()), atom)
        inside = visiting | {atom}
        found: list[Proof] = []
        for rule in self.rules.get(atom, []):
            if any(lit.positive and lit.node in inside for lit in rule.body):
                continue  # a proof through a cycle is never minimal
            partial: list[Proof] = [frozenset()]
            for lit in rule.body:
                partial = self.conjoin(partial, self.literal(lit, inside), atom)
                if not partial:
                    break
            found.extend(partial)
        result = _minimal(found)
        self.memo[key] = result
        return result

    def literal(self, lit: Literal, visiting: frozenset[Struct]) -> list[Proof]:
        if isinstance(lit.node, ChoiceVar):
            return [frozenset({(lit.node, lit.positive)})]
        assert isinstance(lit.node, Struct), "the tools ground by enumeration (no constraints)"
        if lit.positive:
            return self.atom(lit.node, visiting)
        return self.negate(self.atom(lit.node, frozenset()), lit.node)

    def negate(self, proofs: list[Proof], atom: Struct) -> list[Proof]:
        result: list[Proof] = [frozenset()]
        for proof in proofs:
            result = self.conjoin(result, [frozenset({(c, not v)}) for c, v in proof], atom)
        return result

    def conjoin(self, left: list[Proof], right: list[Proof], atom: Struct) -> list[Proof]:
        out = [p | q for p in left for q in right if _consistent(self.gp, p | q)]
        if len(out) > MAX_PROOFS:
            raise GroundingError(
                f"{format_query(atom)} has more than {MAX_PROOFS} proofs",
                self.gp.groups[0].location if self.gp.groups else None,
                "explain small programs, or ask about a more specific query",
            )
        return _minimal(out)


def _consistent(gp: GroundProgram, proof: Proof) -> bool:
    chosen: dict[int, int] = {}
    excluded: dict[int, set[int]] = {}
    for c, v in proof:
        if v:
            if chosen.setdefault(c.group, c.index) != c.index:
                return False
        else:
            excluded.setdefault(c.group, set()).add(c.index)
    for g, idx in excluded.items():
        if chosen.get(g) in idx:
            return False
        group = gp.groups[g]
        if g not in chosen and group.exhaustive and len(idx) == len(group.weights):
            return False
    return True


def _minimal(proofs: list[Proof]) -> list[Proof]:
    unique = sorted(set(proofs), key=len)
    kept: list[Proof] = []
    for p in unique:
        if not any(k <= p for k in kept):
            kept.append(p)
    return kept


def _probability(probs: list[tuple[float, ...]], proof: Proof) -> float:
    by_group: dict[int, list[tuple[int, bool]]] = {}
    for c, v in proof:
        by_group.setdefault(c.group, []).append((c.index, v))
    p = 1.0
    for g, lits in by_group.items():
        weights = probs[g]
        pos = [i for i, v in lits if v]
        p *= weights[pos[0]] if pos else 1.0 - sum(weights[i] for i, _ in lits)
    return p


def _texts(proof: Proof, naming: Naming) -> tuple[str, ...]:
    ordered = sorted(proof, key=lambda cv: (cv[0].group, cv[0].index))
    return tuple(naming.literal(Literal(c, v)) for c, v in ordered)
