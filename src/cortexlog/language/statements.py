"""Turn a parsed clause term into a typed statement: clause, AD, neural AD, query, ...

All checks that need no grounding happen here: callable heads, probability ranges,
annotated-disjunction sums, the shape of `nn(...)` declarations, known directives.
"""

from __future__ import annotations

import math

from cortexlog.errors import ProgramError, SourceLocation
from cortexlog.language.arith import ArithmeticError_, evaluate
from cortexlog.language.ast import (
    AnnotatedDisjunction,
    Clause,
    Evidence,
    NeuralAD,
    Query,
    Statement,
)
from cortexlog.language.loading import directive
from cortexlog.language.sugar import aggregate_rule
from cortexlog.language.terms import (
    NIL,
    TRUE,
    Num,
    Struct,
    Term,
    Var,
    format_term,
    is_ground,
    iter_list,
    list_tail,
)

_CONTROL = frozenset({",", ";", "->", "*->", "\\+", ":-", "<-", "::", "|"})
#: The annotation `?` of a decision fact `?::a` (DTProbLog; `cortexlog dt`).
DECISION = Struct("?")
_AD_TOLERANCE = 1e-9
_HEAD_HINT = "a head must be an atom or a compound term such as p(X)"
_NN_HINT = (
    "write nn(Net, [X1, ...], Y, [d1, ..., dn]) :: p(X1, ..., Y), nn(Net, [X], E) :: p(X, E) "
    "or nn(Net, [X]) :: p(X)"
)


def _head(term: Term, loc: SourceLocation) -> Struct:
    """Check that a clause head is callable and not a control construct."""
    if not isinstance(term, Struct) or term.functor in _CONTROL and term.arity in (1, 2):
        kind = {Var: "a variable", Num: "a number"}.get(type(term), "not callable")
        shown = format_term(term)
        if isinstance(term, Struct):
            kind = f"the control construct '{term.functor}'/{term.arity}"
        elif not isinstance(term, Var | Num):
            kind = "a string"
        raise ProgramError(f"clause head {shown} is {kind}, not a predicate", loc, _HEAD_HINT)
    return term


def _clause_head(term: Term, loc: SourceLocation) -> Struct:
    """A clause head, or `\\+ Head` (a negative head literal, `p::\\+a :- b`)."""
    if isinstance(term, Struct) and term.functor == "\\+" and term.arity == 1:
        return Struct("\\+", (_head(term.args[0], loc),))
    return _head(term, loc)


def probability(term: Term, loc: SourceLocation) -> Term:
    """Fold a ground probability annotation to `Num(float)` and check it is in [0, 1].

    Args:
        term: the annotation (a number, arithmetic such as `1/6`, or a non-ground term).
        loc: the statement's location, for errors.

    Returns:
        `Num(float)` for a ground annotation; a non-ground one unchanged (bound at grounding).

    >>> probability(Struct('/', (Num(1), Num(4))), SourceLocation('f', 1, 1))
    Num(value=0.25)
    """
    if isinstance(term, Struct) and term.functor == "t":
        return _learnable(term, loc)
    if term == DECISION:  # `?::a`, a decision fact of DTProbLog (`cortexlog dt`)
        return term
    if not is_ground(term):
        return term
    try:
        value = float(evaluate(term))
    except (ArithmeticError_, OverflowError) as exc:
        raise ProgramError(
            f"probability {format_term(term)} is not a number ({exc})", loc,
            "a probability is a number such as 0.3, an expression such as 1/6, or a variable",
        ) from None
    if not 0.0 <= value <= 1.0 or math.isnan(value):
        raise ProgramError(
            f"probability {format_term(term)} = {value!r} is outside [0, 1]", loc,
            "probabilities must lie between 0 and 1",
        )
    return Num(value)


def _learnable(term: Struct, loc: SourceLocation) -> Term:
    """Check a learnable annotation `t(p)` / `t(_)` / `t(p, X, ...)`; fold `p` to `Num(float)`.

    The extra arguments of `t(_, X)` (ProbLog LFI's one parameter per binding of `X`) must
    be variables; only `cortexlog lfi` tells the bindings apart.

    >>> _learnable(Struct('t', (Struct('/', (Num(1), Num(4))),)), SourceLocation('f', 1, 1))
    Struct(functor='t', args=(Num(value=0.25),))
    """
    if term.arity == 0 or not all(isinstance(a, Var) for a in term.args[1:]):
        raise ProgramError(
            f"learnable probability {format_term(term)}: expected t(p), t(_) or t(p, X, ...)",
            loc, "write t(p) or t(_); in t(_, X) the arguments after the first are variables",
        )
    init = term.args[0]
    if isinstance(init, Var):
        return term
    if not is_ground(init):
        raise ProgramError(
            f"the initial value of {format_term(term)} is not ground", loc,
            "write t(p) with a number p, or t(_) for an unknown initial value",
        )
    return Struct("t", (probability(init, loc), *term.args[1:]))


def learnable_init(term: Term) -> float | None:
    """The known part of an annotation: the initial value of `t(p)`, 0 for `t(_)`, else p.

    >>> learnable_init(Struct('t', (Num(0.5),))), learnable_init(Num(0.25))
    (0.5, 0.25)
    """
    if isinstance(term, Struct) and term.functor == "t" and term.arity >= 1:
        term = term.args[0]
        if isinstance(term, Var):
            return 0.0
    return float(term.value) if isinstance(term, Num) else None


def _disjuncts(term: Term) -> list[Term]:
    out = []
    while isinstance(term, Struct) and term.functor == ";" and term.arity == 2:
        out.append(term.args[0])
        term = term.args[1]
    out.append(term)
    return out


def _proper_list(term: Term, what: str, loc: SourceLocation) -> tuple[Term, ...]:
    if list_tail(term) != NIL:
        raise ProgramError(f"{what} must be a list, found {format_term(term)}", loc, _NN_HINT)
    return tuple(iter_list(term))


def _neural(spec: Struct, head: Term, body: Term, loc: SourceLocation) -> NeuralAD:
    """Build a NeuralAD from `nn(...) :: head :- body`, checking the declaration's shape."""
    if spec.arity not in (2, 3, 4):
        raise ProgramError(
            f"bad neural declaration nn/{spec.arity}: expected nn/4 (a neural annotated "
            "disjunction), nn/3 (a tensor-valued network) or nn/2 (a binary neural fact)",
            loc, _NN_HINT,
        )
    net = spec.args[0]
    if not isinstance(net, Struct) or net.args:
        raise ProgramError(
            f"the network name in nn(...) must be an atom, found {format_term(net)}", loc, _NN_HINT
        )
    input_list = spec.args[1] if isinstance(spec.args[1], Var) else None
    inputs = () if input_list else _proper_list(spec.args[1], "the inputs of nn(...)", loc)
    output: Term | None = None
    domain: tuple[Term, ...] = ()
    if spec.arity >= 3:
        output = spec.args[2]
        if not isinstance(output, Var):
            raise ProgramError(
                f"the output of nn(...) must be a variable, found {format_term(output)}", loc,
                _NN_HINT,
            )
    if spec.arity == 4:
        domain = _proper_list(spec.args[3], "the domain of nn(...)", loc)
        if not domain:
            raise ProgramError("the domain of nn(...) is empty", loc, _NN_HINT)
    return NeuralAD(net.functor, inputs, output, domain, _head(head, loc), body, loc,
                    input_list)


def _annotated(head: Term, body: Term, loc: SourceLocation) -> Statement:
    """Statement for a head that carries `::` annotations (or a `;` disjunction)."""
    parts = _disjuncts(head)
    if len(parts) == 1 and isinstance(parts[0], Struct):  # `p::atom` (to_statement checked)
        prob, atom = parts[0].args
        if isinstance(prob, Struct) and prob.functor == "nn":
            return _neural(prob, atom, body, loc)
        return Clause(_clause_head(atom, loc), body, loc, probability(prob, loc))
    heads: list[tuple[Term, Struct]] = []
    total = 0.0
    for part in parts:
        if not (isinstance(part, Struct) and part.functor == "::" and part.arity == 2):
            raise ProgramError(
                f"head {format_term(part)} of an annotated disjunction has no probability",
                loc, "write p1::h1; p2::h2 :- body. (every head needs p::)",
            )
        prob = part.args[0]
        if isinstance(prob, Struct) and prob.functor == "nn":
            raise ProgramError("nn(...) cannot appear inside an annotated disjunction", loc,
                               _NN_HINT)
        prob = probability(prob, loc)
        known = learnable_init(prob)
        if known is not None:
            total += float(known)
        heads.append((prob, _clause_head(part.args[1], loc)))
    if total > 1.0 + _AD_TOLERANCE:
        raise ProgramError(
            f"the probabilities of this annotated disjunction sum to {total!r} > 1", loc,
            "make the head probabilities sum to at most 1",
        )
    return AnnotatedDisjunction(tuple(heads), body, loc)


def _goal_atom(term: Term, loc: SourceLocation, rule: bool) -> Term:
    """The atom of a query/evidence statement; a rule's body may still bind a variable."""
    if rule and isinstance(term, Var):
        return term
    return _head(term, loc)


def _query_atom(term: Term, loc: SourceLocation, rule: bool) -> Term:
    """The atom of a query, or `\\+ Atom` for a negated query (ProbLog answers P(not Atom))."""
    if isinstance(term, Struct) and term.functor == "\\+" and term.arity == 1:
        return Struct("\\+", (_goal_atom(term.args[0], loc, rule),))
    return _goal_atom(term, loc, rule)


def _evidence(term: Struct, loc: SourceLocation, body: Term | None) -> Evidence:
    atom, value, value_term = term.args[0], True, None
    if term.arity == 2:
        flag = term.args[1]
        if body is not None and isinstance(flag, Var):
            value_term = flag
        elif flag not in (TRUE, Struct("false")):
            raise ProgramError(f"evidence value must be true or false, found {format_term(flag)}",
                               loc, "write evidence(a, true). or evidence(a, false).")
        value = flag == TRUE
    if isinstance(atom, Struct) and atom.functor == "\\+" and atom.arity == 1:
        if value_term is not None:
            raise ProgramError(
                f"evidence({format_term(atom)}, {format_term(value_term)}) negates an atom "
                "whose value is a variable", loc, "write evidence(a, V) :- ... instead",
            )
        atom, value = atom.args[0], not value
    return Evidence(_goal_atom(atom, loc, body is not None), value, loc, body, value_term)


def to_statement(term: Term, loc: SourceLocation, libraries: set[str],
                 aggregates: bool = True) -> Statement:
    """Classify one clause term (without its final '.').

    Args:
        term: the clause term as parsed.
        loc: where the clause starts.
        libraries: collects library names of `use_module` directives.
        aggregates: whether the text may hold aggregate heads (`language.sugar`).

    Returns:
        The typed statement.

    >>> to_statement(Struct('a'), SourceLocation('f', 1, 1), set()).head
    Struct(functor='a', args=())
    """
    head: Term = term
    body: Term = TRUE
    if isinstance(term, Struct) and term.arity == 2 and term.functor in (":-", "<-"):
        head, body = term.args
    elif isinstance(term, Struct) and term.arity == 1 and term.functor in (":-", "?-"):
        if term.functor == "?-":
            raise ProgramError("'?-' queries are not statements", loc, "write query(goal).")
        return directive(term.args[0], loc, libraries)
    if aggregates:
        head, body = aggregate_rule(head, body, loc)
    if isinstance(head, Struct) and head.arity == 2 and head.functor in ("::", ";"):
        return _annotated(head, body, loc)
    if isinstance(head, Struct) and head.functor in ("query", "evidence"):
        rule_body = None if body == TRUE else body
        if head.signature == "query/1":
            return Query(_query_atom(head.args[0], loc, rule_body is not None), loc, rule_body)
        if head.arity in (1, 2) and head.functor == "evidence":
            return _evidence(head, loc, rule_body)
    return Clause(_clause_head(head, loc), body, loc)
