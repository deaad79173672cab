"""ProbLog's aggregate heads: `s(G, sum<X>) :- body.` as a rule over `aggregate/5`.

The lexer reads `sum<X>` as `'$aggregate'(sum, X)`; a clause whose head ends with one
(possibly under a scope, `s1:s(G, sum<X>)`) becomes, as in ProbLog,

    s(G, R) :- aggregate(sum, X, [G], body, ([G], R)).

`aggregate/5` is defined by `:- use_module(library(aggregate)).` (`grounding.library`).
"""

from __future__ import annotations

from cortexlog.errors import ProgramError, SourceLocation
from cortexlog.language.terms import Struct, Term, Var, make_list

AGGREGATE = "$aggregate"
RESULT = Var("Aggregate_Result_")


def _has_aggregate(term: Term) -> bool:
    return isinstance(term, Struct) and (term.functor == AGGREGATE or any(
        _has_aggregate(a) for a in term.args))


def aggregate_rule(head: Term, body: Term, loc: SourceLocation) -> tuple[Term, Term]:
    """The head and body of a clause, rewritten when the head is an aggregate head.

    Args:
        head: the clause head as parsed (maybe `Scope:Head`).
        body: the clause body.
        loc: the clause's location, for errors.

    Returns:
        `(head, body)`, unchanged when the head has no `name<Var>` argument.
    """
    if not _has_aggregate(head):
        return head, body
    scoped = isinstance(head, Struct) and head.functor == ":" and head.arity == 2
    atom = head.args[1] if scoped and isinstance(head, Struct) else head
    if not (isinstance(atom, Struct) and atom.args and isinstance(agg := atom.args[-1], Struct)
            and agg.functor == AGGREGATE and not any(map(_has_aggregate, atom.args[:-1]))):
        raise ProgramError(
            "an aggregate name<Var> must be the last argument of a clause head", loc,
            "write s(G, sum<X>) :- body.",
        )
    groups = make_list(list(atom.args[:-1]))
    call = Struct("aggregate", (agg.args[0], agg.args[1], groups, body,
                                Struct(",", (groups, RESULT))))
    new = Struct(atom.functor, (*atom.args[:-1], RESULT))
    if scoped and isinstance(head, Struct):
        new = Struct(":", (head.args[0], new))
    return new, call
