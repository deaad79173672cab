"""`cortexlog dt` (decision-theoretic ProbLog) and `cortexlog map`, as ProbLog does them.

`dt`: the decision facts `?::a` (each ground instance is one decision, as in `problog
dt`; each head of `?::a; ?::b :- body.` is a decision and, as ProbLog checks, exactly one
of an instance's relevant heads is chosen) and the `utility(Literal, Value)` facts or
rules. A strategy's score is
`sum Value * P(Literal | evidence, strategy)` over the ground utilities (`\\+a` counts
`1 - P(a)`); the best strategy is found by `decisions.search` on one compiled circuit.

`map`: ProbLog's MAP task (`problog map`): the queries must be probabilistic facts (or
atoms defined by exactly one such fact); each becomes a decision worth `P(q | evidence)`
when chosen true and `1 - P(q | evidence)` when false; a strategy the evidence rules out
scores as if every query were false, and the query facts of one annotated disjunction with
several relevant heads must have exactly one chosen true (ProbLog's constraint check).
"""

from __future__ import annotations

import dataclasses

from cortexlog.errors import CortexlogError, SourceLocation
from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram
from cortexlog.language.arith import ArithmeticError_, evaluate
from cortexlog.language.ast import AnnotatedDisjunction, Clause, ProgramAST
from cortexlog.language.statements import DECISION
from cortexlog.language.terms import Num, Struct, Term, Var, format_query, format_term
from cortexlog.tools.decisions import MAX_DECISIONS, Decision, Evaluator, SearchResult, search

_NEG = "\\+"


def _where(ast: ProgramAST) -> SourceLocation:
    return SourceLocation(ast.source_name, 1, 1)


def _decision_ast(ast: ProgramAST) -> tuple[ProgramAST, set[SourceLocation]]:
    """The program with each decision fact's `?` replaced by a placeholder probability."""
    clauses = []
    found: set[SourceLocation] = set()
    for st in ast.clauses:
        if isinstance(st, Clause) and st.prob == DECISION:
            found.add(st.location)
            st = dataclasses.replace(st, prob=Num(0.5))
        elif isinstance(st, AnnotatedDisjunction) and any(p == DECISION for p, _ in st.heads):
            if not all(p == DECISION for p, _ in st.heads):
                raise CortexlogError(
                    "an annotated disjunction mixes decisions ? with probabilities",
                    st.location, "make every head a decision (?::a; ?::b) or none")
            found.add(st.location)  # each head a decision; exactly one true (ProbLog)
            share = Num(1.0 / (len(st.heads) + 1))
            st = dataclasses.replace(st, heads=tuple((share, h) for _, h in st.heads))
        clauses.append(st)
    return dataclasses.replace(ast, clauses=tuple(clauses)), found


def _literal(lit: Term) -> tuple[Term, bool]:
    """`\\+a` -> (a, False); `a` -> (a, True)."""
    if isinstance(lit, Struct) and lit.functor == _NEG and lit.arity == 1:
        return lit.args[0], False
    return lit, True


def _check_utilities(ast: ProgramAST) -> list[Clause]:
    """The utility/2 statements, each naming an atom of a predicate the program defines."""
    found = [st for st in ast.clauses if isinstance(st, Clause)
             and (st.head.functor, st.head.arity) == ("utility", 2)]
    if not found:
        raise CortexlogError("the program has no utility/2 facts", _where(ast),
                             "add utilities such as utility(wet, -10).")
    defined = set()
    for st in ast.clauses:
        heads = [h for _, h in st.heads] if isinstance(st, AnnotatedDisjunction) else [st.head]
        defined |= {(h.functor, h.arity) for h in heads}
    for st in found:
        atom, _ = _literal(st.head.args[0])
        if isinstance(atom, Var) and st.body != Struct("true"):
            continue  # bound by the body
        if not isinstance(atom, Struct):
            raise CortexlogError(f"utility {format_term(st.head)}: {format_term(atom)} is "
                                 "not an atom", st.location, "write utility(atom, value)")
        if (atom.functor, atom.arity) not in defined:
            raise CortexlogError(
                f"utility {format_term(st.head)}: the program defines no "
                f"{atom.functor}/{atom.arity}", st.location, "check the atom's spelling")
    return found


def _utilities(ast: ProgramAST) -> dict[tuple[Struct, bool], float]:
    """Every ground `utility(Literal, Value)`: (atom, positive) -> value (the last wins)."""
    from cortexlog.grounding import ground

    statements = _check_utilities(ast)
    query = Struct("utility", (Var("_U"), Var("_V")))
    gp = ground(dataclasses.replace(ast, queries=(), evidence=()), queries=[query],
                evidence=[])
    out: dict[tuple[Struct, bool], float] = {}
    for q in gp.queries:
        atom, positive = _literal(q.args[0])
        try:
            number = float(evaluate(q.args[1]))
        except ArithmeticError_:
            where = next((st.location for st in statements if isinstance(atom, Struct)
                          and _matches(_literal(st.head.args[0])[0], atom)), _where(ast))
            raise CortexlogError(f"utility {format_term(q)}: the value is not a number",
                                 where, "write utility(atom, -10)") from None
        assert isinstance(atom, Struct)
        out[(atom, positive)] = number
    return out


def decision_theoretic(ast: ProgramAST, method: str = "exhaustive",
                       max_decisions: int = MAX_DECISIONS) -> SearchResult:
    """The best decisions of a DTProbLog program and their expected utility.

    Args:
        ast: the parsed program (`?::a` decision facts, `utility/2`).
        method: "exhaustive" or "local".
        max_decisions: the most decisions an exhaustive search accepts.

    Returns:
        The `SearchResult` (no decisions and score 0.0 when no decision is relevant to a
        utility, as ProbLog).

    >>> from cortexlog.language import parse
    >>> r = decision_theoretic(parse("?::u. 0.3::rain. wet :- rain, \\\\+u. "
    ...                              "utility(wet, -10). utility(u, -2)."))
    >>> r.choices, round(r.score, 6)
    ((('u', 1),), -2.0)
    """
    fixed, locations = _decision_ast(ast)
    if not locations:
        raise CortexlogError("the program has no decision facts", _where(ast),
                             "declare decisions as ?::atom. (e.g. ?::umbrella.)")
    utilities = _utilities(fixed)
    from cortexlog.grounding import ground

    atoms = list(dict.fromkeys(a for a, _ in utilities))
    gp = ground(fixed, queries=atoms)
    used = {(lit.node.group, lit.node.index) for r in gp.rules for lit in r.body
            if isinstance(lit.node, ChoiceVar) and lit.positive}
    # a disjunction's heads last first: ProbLog's ground order, which breaks ties
    decisions = [Decision(format_term(g.labels[i]), k, i)
                 for k, g in enumerate(gp.groups) if g.location in locations
                 for i in reversed(range(len(g.labels))) if (k, i) in used]
    if not decisions:
        return SearchResult((), 0.0, 0)
    ev = Evaluator(gp, decisions)
    several = _exclusive(decisions)
    index = {q: k for k, q in enumerate(ev.compiled.queries)}

    def score(strategy: tuple[int, ...]) -> float | None:
        if any(sum(strategy[k] for k in ks) != 1 for ks in several):
            return None
        joint, p_e = ev.outputs(strategy)
        if p_e <= 0.0:
            return None
        total = 0.0
        for (atom, positive), value in utilities.items():
            p = joint[index[atom]] / p_e
            total += value * (p if positive else 1.0 - p)
        return total

    initial = [1 if utilities.get((gp.groups[d.group].labels[d.option], True), 0.0) > 0
               else 0 for d in decisions]
    strategy, best, n = search(len(decisions), score, method, max_decisions, _where(ast),
                               initial)
    return SearchResult(tuple((d.name, v) for d, v in zip(decisions, strategy, strict=True)),
                        best, n)


def _fact_option(gp: GroundProgram, atom: Struct) -> ChoiceVar | None:
    """The choice option an atom is (through single-rule, single-literal definitions)."""
    seen = set()
    while atom not in seen:
        seen.add(atom)
        rules = [r for r in gp.rules if r.head == atom]
        if len(rules) != 1 or len(rules[0].body) != 1 or not rules[0].body[0].positive:
            return None
        node = rules[0].body[0].node
        if isinstance(node, ChoiceVar):
            return node
        if not isinstance(node, Struct):
            return None
        atom = node
    return None


def maximum_a_posteriori(ast: ProgramAST, method: str = "exhaustive",
                         max_decisions: int = MAX_DECISIONS) -> SearchResult:
    """ProbLog's MAP over the queried probabilistic facts (module doc).

    Args:
        ast: the parsed program; its queries must be probabilistic facts.
        method: "exhaustive" or "local".
        max_decisions: the most decisions an exhaustive search accepts.

    Returns:
        The `SearchResult`.

    >>> from cortexlog.language import parse
    >>> r = maximum_a_posteriori(parse("0.6::a. 0.3::b. query(a). query(b)."))
    >>> r.choices, round(r.score, 6)
    ((('a', 1), ('b', 0)), 1.3)
    """
    from cortexlog.compile.exact import exact_probabilities
    from cortexlog.grounding import ground
    from cortexlog.tools.mpe import relevant_options

    if not ast.queries:
        raise CortexlogError("the program has no queries", _where(ast),
                             "query the probabilistic facts to decide: query(a).")
    gp = relevant_options(ground(ast))
    marginals = exact_probabilities(gp)
    decisions = []
    for q in gp.queries:
        option = _fact_option(gp, q)
        if option is None:
            loc = next((x.location for x in ast.queries if _matches(x.atom, q)), _where(ast))
            raise CortexlogError(f"query {format_query(q)} is not a probabilistic fact",
                                 loc, "problog map decides probabilistic facts only: "
                                 "query facts such as 0.3::a.")
        decisions.append(Decision(format_query(q), option.group, option.index))
    ev = Evaluator(dataclasses.replace(gp, queries=()), decisions)
    p = [marginals[q] for q in gp.queries]
    several = [ks for ks in _exclusive(decisions)
               if len(gp.groups[decisions[ks[0]].group].weights) > 1]

    def score(strategy: tuple[int, ...]) -> float | None:
        if any(sum(strategy[k] for k in ks) != 1 for ks in several):
            return None
        feasible = ev.outputs(strategy)[1] > 0.0
        res = strategy if feasible else (0,) * len(strategy)
        return sum(pk if r else 1.0 - pk for pk, r in zip(p, res, strict=True))

    initial = [1 if pk > 0 else 0 for pk in p]  # ProbLog's local search starts here
    strategy, best, n = search(len(decisions), score, method, max_decisions, _where(ast),
                               initial)
    return SearchResult(tuple((d.name, v) for d, v in zip(decisions, strategy, strict=True)),
                        best, n)


def _exclusive(decisions: list[Decision]) -> list[list[int]]:
    """Indices of the decisions sharing a choice group, for groups with several of them:
    ProbLog's constraint check wants exactly one of them true."""
    groups: dict[int, list[int]] = {}
    for k, d in enumerate(decisions):
        groups.setdefault(d.group, []).append(k)
    return [ks for ks in groups.values() if len(ks) > 1]


def _matches(pattern: Term, atom: Struct) -> bool:
    """Whether a query statement's atom could have produced a ground query atom."""
    return isinstance(pattern, Struct) and (pattern.functor, pattern.arity) == (
        atom.functor, atom.arity)
