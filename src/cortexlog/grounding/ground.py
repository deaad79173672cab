"""`ground`: build the relevant ground program of a parsed program for queries and evidence."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cortexlog.errors import GroundingError
from cortexlog.grounding import pyextern
from cortexlog.grounding.call_modes import check_calls, mode_dependent
from cortexlog.grounding.convert import to_ast
from cortexlog.grounding.database import cached_database
from cortexlog.grounding.deep import on_big_stack
from cortexlog.grounding.engine import Engine
from cortexlog.grounding.evidence_prop import drop_ruled_out, ruled_out
from cortexlog.grounding.ground_program import (
    AnswerInput,
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    LinearConstraint,
    Literal,
    NeuralWeight,
    fast_constructor,
)
from cortexlog.grounding.internal import SymbolicEscape
from cortexlog.grounding.keys import GROUND
from cortexlog.grounding.limits import GroundingLimits
from cortexlog.grounding.queries import (
    EvidenceSpec,
    QuerySpec,
    evidence_atoms,
    query_atoms,
    query_struct,
    vacuous_negation,
)
from cortexlog.grounding.solver import Neg, Subquery
from cortexlog.grounding.symbolic import Con
from cortexlog.language.ast import ProgramAST
from cortexlog.language.loading import python_file
from cortexlog.language.terms import Struct, Term

T = TypeVar("T")
_STRUCT = fast_constructor(Struct)
_LITERAL = fast_constructor(Literal)
_RULE = fast_constructor(GroundRule)
_GROUP = fast_constructor(ChoiceGroup)
_FRAMES_PER_LEVEL = 12


def ground(
    program: ProgramAST,
    queries: Sequence[Term] | None = None,
    evidence: Sequence[tuple[Term, bool]] | None = None,
    limits: GroundingLimits | None = None,
    symbolic: bool = False,
    answer_limit: int | None = None,
    subquery: Subquery | None = None,
) -> GroundProgram:
    """Build the relevant ground program (ProbLog semantics) for queries and evidence.

    Args:
        program: the parsed program.
        queries: query atoms (ground or not); the program's `query/1` statements if None.
        evidence: `(atom, value)` pairs; the program's `evidence` statements if None.
        limits: resource limits (defaults: `GroundingLimits()`).
        symbolic: take the arithmetic path (`cortexlog.grounding.symbolic`): integer
            values of neural ADs stay symbolic through linear arithmetic and become
            `LinearConstraint` literals instead of one proof per combination of values.
            Exact wherever the compiled circuit's answer does not depend on the formula's
            shape (every structure with `compiled=True`); a program using such a value
            otherwise is grounded by enumeration, as with False.
        answer_limit: on the arithmetic path, a non-ground query whose answer is an
            expression with more possible values than this is grounded once with its
            answer as an input (`GroundProgram.answer_inputs`) instead of once per value.
        subquery: what `subquery/2,3,5` call (`solver.Subquery`; `cortexlog.Program`
            passes one); without it they are an "unsupported" error.

    Returns:
        The ground program: choice groups, ground rules, ground query atoms, evidence.

    Raises:
        GroundingError: undefined predicates, instantiation/type errors, exceeded limits.

    >>> from cortexlog.language.ast import Clause
    >>> from cortexlog.language.terms import Num, Struct
    >>> from cortexlog.errors import SourceLocation
    >>> loc = SourceLocation("<doc>", 1, 1)
    >>> prog = ProgramAST((Clause(Struct("a"), Struct("true"), loc, Num(0.3)),))
    >>> gp = ground(prog, [Struct("a")])
    >>> gp.groups[0].weights, [str(r.head) for r in gp.rules], gp.queries
    ((0.3,), ['a'], (Struct(functor='a', args=()),))
    """
    limits = limits or GroundingLimits()
    qs: list[QuerySpec] = (
        [(q.atom, q.location, q.body) for q in program.queries]
        if queries is None
        else [(q, None, None) for q in queries]
    )
    ev: list[EvidenceSpec] = (
        [(e.atom, e.value, e.location, e.body, e.value_term) for e in program.evidence]
        if evidence is None
        else [(a, v, None, None, None) for a, v in evidence]
    )
    collect = gc.isenabled()
    gc.disable()  # many small objects, hardly any cycles: collect them afterwards
    try:
        return _run_deep(
            lambda: _ground_either(program, qs, ev, limits, symbolic, answer_limit, subquery),
            limits)
    finally:
        GROUND.clear()
        if collect:
            gc.enable()


def _run_deep(fn: Callable[[], T], limits: GroundingLimits) -> T:
    """Run `fn` directly; if it recurses too deeply, rerun it in a thread with a large stack.

    Grounding is a pure function of its inputs, so the rerun is safe; shallow programs
    avoid the cost of starting a thread.
    """
    try:
        return fn()
    except RecursionError:
        pass
    try:
        return on_big_stack(fn, 10_000 + _FRAMES_PER_LEVEL * limits.max_depth)
    except RecursionError:
        raise GroundingError(
            "grounding recursed too deeply (a very deep term or call chain)",
            None,
            "lower the nesting, or raise GroundingLimits(max_depth=...)",
        ) from None



def _ground_either(
    program: ProgramAST,
    queries: list[QuerySpec],
    evidence: list[EvidenceSpec],
    limits: GroundingLimits,
    symbolic: bool,
    answer_limit: int | None = None,
    subquery: Subquery | None = None,
) -> GroundProgram:
    """Ground on the arithmetic path if asked, by enumeration if that path escapes."""
    if symbolic:
        try:
            return _ground(program, queries, evidence, limits, True, answer_limit, subquery)
        except SymbolicEscape:
            pass
    return _ground(program, queries, evidence, limits, False, subquery=subquery)


def _ground(
    program: ProgramAST,
    queries: list[QuerySpec],
    evidence: list[EvidenceSpec],
    limits: GroundingLimits,
    symbolic: bool,
    answer_limit: int | None = None,
    subquery: Subquery | None = None,
    alias_queries: bool = False,
) -> GroundProgram:
    eng = Engine(cached_database(program), limits)
    eng.subquery = subquery
    eng.alias_queries = alias_queries
    eng.symbolic = symbolic
    eng.answer_limit = answer_limit
    eng.unknown_fail = any(str(d.goal) == "unknown(fail)" for d in program.directives)
    for d in program.directives:
        if isinstance(d.goal, Struct) and d.goal.functor == "use_module" and (
                file := python_file(d.goal)):
            eng.externs.update(pyextern.load(file, d.location))
    eng.watched = mode_dependent(program)
    open_answers: dict[Any, Any] = {}
    q_atoms = query_atoms(eng, queries, open_answers)
    ev = evidence_atoms(eng, evidence)
    if eng.by_call:
        calls = {id(t): k for k, t in eng.tables.items()}
        try:
            check_calls({a: {calls.get(id(t), a): b for t, b in per.items()}
                         for a, per in eng.by_call.items()}, eng.det, Neg, eng.by_call_loc)
        except GroundingError:  # a query call shares an answer: give it atoms of its own
            if alias_queries:
                raise
            return _ground(program, queries, evidence, limits, symbolic, answer_limit,
                           subquery, True)
    if open_answers and ev:
        q_atoms = drop_ruled_out(q_atoms, ruled_out(eng, ev), open_answers)
    return _assemble(eng, q_atoms, ev)


def _assemble(eng: Engine, queries: list[Any], evidence: dict[Any, bool]) -> GroundProgram:
    """Keep the rules reachable from queries and evidence; convert to boundary types."""
    by_head: dict[Any, list[tuple[Any, ...]]] = {}
    for head, lits in eng.rules:
        by_head.setdefault(head, []).append(lits)
    reached: dict[Any, None] = {}
    used_groups: set[int] = set()
    todo = [*queries, *evidence]
    while todo:
        atom = todo.pop()
        if atom in reached:
            continue
        reached[atom] = None
        if atom in eng.det:
            continue
        for lits in by_head.get(atom, ()):
            for lit in lits:
                node = lit.node if type(lit) is Neg else lit
                if type(node) is ChoiceVar:
                    used_groups.add(node.group)
                elif type(node) is Con:
                    used_groups.update(g for g, _ in node.lin.terms)
                elif node not in reached:
                    todo.append(node)
    remap = {g: i for i, g in enumerate(sorted(used_groups))}
    same = len(remap) == len(eng.groups)  # every group is used: keep the numbering
    structs: dict[Any, Struct] = {}
    leaves: dict[Any, Term] = {}

    def conv(t: Any) -> Term:
        if type(t) is tuple:
            return _STRUCT(t[0], tuple([conv(a) for a in t[1:]]))
        s = leaves.get(t)
        if s is None:
            s = leaves[t] = to_ast(t)
        return s

    def atom_of(t: Any) -> Struct:
        s = structs.get(t)
        if s is None:
            c = conv(t)
            assert isinstance(c, Struct), "an atom key is a str or a tuple"
            s = structs[t] = c
        return s

    lit_cache: dict[Any, Literal] = {}

    def literal(lit: Any) -> Literal:
        out = lit_cache.get(lit)
        if out is None:
            positive = type(lit) is not Neg
            node = lit if positive else lit.node
            if type(node) is ChoiceVar:
                cv = node if same else ChoiceVar(remap[node.group], node.index)
                out = _LITERAL(cv, positive)
            elif type(node) is Con:
                out = _LITERAL(_linear(node, remap, eng.rv_values), positive)
            else:
                out = _LITERAL(atom_of(node), positive)
            lit_cache[lit] = out
        return out

    query_asts = tuple(query_struct(q, atom_of) for q in queries)
    structs.update(zip(queries, query_asts, strict=True))  # ProbLog's variable names too
    rules = []
    for head, lits in eng.rules:
        if head in reached and (head not in eng.det or not lits):
            rules.append(_RULE(atom_of(head), tuple([literal(x) for x in lits])))
    groups = []
    for g in sorted(used_groups):
        weights, labels, exhaustive, loc = eng.groups[g]
        ws = tuple(
            NeuralWeight(w.net, tuple(to_ast(x) for x in w.inputs), w.index)
            if isinstance(w, NeuralWeight) else w
            for w in weights
        )
        groups.append(_GROUP(ws, tuple([atom_of(x) for x in labels]), exhaustive, loc))
    asked = set(queries)
    answer_inputs = tuple(
        AnswerInput(atom_of(atom), lo, tuple(remap[g] for g in digits),
                    _linear(Con(lin, "=:="), remap, eng.rv_values))
        for atom, lo, digits, lin in eng.answer_inputs if atom in asked)
    rules += [_RULE(a, ()) for q, a in zip(queries, query_asts, strict=True)
              if vacuous_negation(q)]
    return GroundProgram(
        groups=tuple(groups),
        rules=tuple(rules),
        queries=query_asts,
        evidence=tuple((atom_of(a), v) for a, v in evidence.items()),
        answer_inputs=answer_inputs,
    )


def _linear(con: Con, remap: dict[int, int], values: dict[int, tuple[int, ...]]
            ) -> LinearConstraint:
    """The boundary form of a constraint literal (groups renumbered)."""
    terms = con.lin.terms
    return LinearConstraint(
        groups=tuple(remap[g] for g, _ in terms),
        coefs=tuple(c for _, c in terms),
        values=tuple(values[g] for g, _ in terms),
        const=con.lin.const,
        op=con.op,
    )
