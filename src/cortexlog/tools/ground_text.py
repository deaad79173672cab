"""`cortexlog ground`: the relevant ground program as ProbLog text or JSON.

The text parses back (by cortexlog and by ProbLog) to a program with the same query
probabilities; the order follows `problog ground`: rules (probabilistic rules in place),
then facts and annotated disjunctions, then queries and evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram, Literal
from cortexlog.language.terms import Struct, format_query, format_term
from cortexlog.tools.naming import Naming, format_weight, name_program


@dataclass(frozen=True)
class Clause:
    """One printed clause: weighted heads (weight text None for a plain rule) and a body."""

    heads: tuple[tuple[Struct, str | None], ...]
    body: tuple[str, ...]

    def text(self) -> str:
        """The clause in ProbLog syntax, e.g. `0.3::a; 0.5::b :- c.`."""
        heads = "; ".join(
            format_term(h) if w is None else f"{w}::{format_term(h)}" for h, w in self.heads
        )
        return f"{heads} :- {', '.join(self.body)}." if self.body else f"{heads}."


def ground_clauses(gp: GroundProgram, naming: Naming | None = None) -> list[Clause]:
    """The ground program's clauses, in `problog ground`'s order (without queries).

    Args:
        gp: the ground program.
        naming: its naming (`name_program(gp)` when None).

    Returns:
        The clauses.

    >>> from cortexlog.program import Program
    >>> gp = Program.from_string("0.5::a. 0.4::b :- a. c :- b. query(c).").ground()
    >>> [c.text() for c in ground_clauses(gp)]
    ['0.4::b :- a.', 'c :- b.', '0.5::a.']
    """
    naming = naming or name_program(gp)
    owner = {r: g for g, f in enumerate(naming.forms) for r in f.rules}
    rules: list[Clause] = []
    facts: list[Clause] = []
    for r, rule in enumerate(gp.rules):
        g = owner.get(r)
        if _negated(rule.head):
            continue  # `\+(a) :- \+a` answers `query(\+a)`, which is printed itself
        if g is None:
            rules.append(Clause(((rule.head, None),), _body(rule.body, naming)))
        elif r == naming.forms[g].rules[0] and naming.forms[g].kind == "rule":
            rules.append(_group_clause(gp, g, naming))
    for g, form in enumerate(naming.forms):
        if form.kind == "fact":
            facts.append(_group_clause(gp, g, naming))
        elif form.kind == "fresh" and form.options:
            group = gp.groups[g]
            heads = tuple((naming.names[ChoiceVar(g, i)], format_weight(group.weights[i], group))
                          for i in form.options)
            facts.append(Clause(heads, ()))
    return rules + facts


def _group_clause(gp: GroundProgram, g: int, naming: Naming) -> Clause:
    group, form = gp.groups[g], naming.forms[g]
    heads = tuple((group.labels[i], format_weight(group.weights[i], group)) for i in form.options)
    return Clause(heads, _body(form.body, naming))


def _body(body: tuple[Literal, ...], naming: Naming) -> tuple[str, ...]:
    return tuple(naming.literal(lit) for lit in body)


def ground_text(gp: GroundProgram) -> str:
    """The relevant ground program in ProbLog syntax, one clause per line.

    Args:
        gp: the ground program.

    Returns:
        The text, ending with its `query/1` and `evidence/1` statements.

    >>> from cortexlog.program import Program
    >>> print(ground_text(Program.from_string(
    ...     "0.3::a; 0.5::b. c :- a. evidence(\\\\+b). query(c).").ground()), end="")
    c :- a.
    0.3::a; 0.5::b.
    query(c).
    evidence(\\+b).
    """
    lines = [c.text() for c in ground_clauses(gp)]
    defined = {r.head for r in gp.rules}
    asked = dict.fromkeys([*(q.args[0] if _negated(q) else q for q in gp.queries),
                           *(a for a, _ in gp.evidence)])
    lines += [f"{format_term(a)} :- fail." for a in asked if a not in defined]
    lines += [f"query({format_term(q) if q.functor == '$call' else format_query(q)})."
              for q in gp.queries]  # a query call's own atom ('$call') keeps its rules' name
    lines += [f"evidence({'' if v else chr(92) + '+'}{format_term(a)})." for a, v in gp.evidence]
    return "".join(line + "\n" for line in lines)


def _negated(q: Struct) -> bool:
    return q.functor == "\\+" and len(q.args) == 1 and isinstance(q.args[0], Struct)


def ground_json(gp: GroundProgram) -> dict[str, Any]:
    """The ground program as JSON-ready data (clauses, queries, evidence, and the text).

    Args:
        gp: the ground program.

    Returns:
        `{"clauses": [{"heads": [{"atom", "weight"}], "body": [...]}], "queries": [...],
        "evidence": [{"atom", "value"}], "text": ...}`; `weight` is None for a plain rule.
    """
    clauses = [
        {"heads": [{"atom": format_term(h), "weight": w} for h, w in c.heads],
         "body": list(c.body)}
        for c in ground_clauses(gp)
    ]
    return {
        "clauses": clauses,
        "queries": [format_query(q) for q in gp.queries],
        "evidence": [{"atom": format_term(a), "value": v} for a, v in gp.evidence],
        "text": ground_text(gp),
    }
