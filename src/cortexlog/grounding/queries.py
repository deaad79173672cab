"""Query and evidence atoms: statements, rules for `query/1` and `evidence/1,2`, checks.

As in ProbLog, `query(Q) :- Body.` asks one query per solution of `Body` and
`evidence(A, V) :- Body.` states one piece of evidence per solution. The body is solved
like any goal but only its bindings matter: the probability of the body is ignored
(ProbLog does the same). A non-ground query without any answer is reported with
probability 0 under ProbLog's variable names (`query(path(b, _))` gives `path(b,X2)`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding.answer_names import named_answers, variant
from cortexlog.grounding.convert import from_ast, show, to_ast
from cortexlog.grounding.internal import Mark, deref
from cortexlog.grounding.keys import keyify, unkey
from cortexlog.grounding.reflect import clause_query
from cortexlog.grounding.solver import Neg
from cortexlog.grounding.symbolic import concretise
from cortexlog.language.terms import Struct, Term, Var

if TYPE_CHECKING:
    from cortexlog.grounding.engine import Engine

Loc = SourceLocation | None
#: A query statement: `(atom, location, rule body or None)`.
QuerySpec = tuple[Term, Loc, Term | None]
#: An evidence statement: `(atom, value, location, rule body or None, value variable or None)`.
EvidenceSpec = tuple[Term, bool, Loc, Term | None, Term | None]


def rule_instances(
    eng: Engine, terms: Sequence[Term], body: Term | None, loc: Loc
) -> list[tuple[Any, ...]]:
    """Instances of `terms` (internal terms) for each distinct solution of `body`.

    Args:
        eng: the engine.
        terms: the statement's arguments (sharing variables with `body`).
        body: the rule body, or None for a plain statement (one instance).
        loc: the statement's location.

    Returns:
        One tuple of internal terms per distinct solution, in solution order.
    """
    env: dict[str, Any] = {}
    args = ("$args", *[from_ast(t, env) for t in terms])
    if body is None:
        return [args[1:]]
    goal = from_ast(body, env)
    found: dict[Any, None] = {}
    for _ in eng.solve((goal, loc, None), (), 0):
        found[keyify(args, {})] = None
    return [unkey(k, {})[1:] for k in found]


def solve_atom(eng: Engine, goal: Any, loc: Loc, what: str) -> list[Any]:
    """Ground one query/evidence atom; return the keys of its ground instances.

    A ground atom without any proof is kept (it is false); a non-ground query without any
    answer is kept with its variables as `Mark`s (see `query_struct`).
    """
    goal = deref(goal)
    tg = type(goal)
    key = (goal, 0) if tg is str else (goal[0], len(goal) - 1) if tg is tuple else None
    if key is None or (key not in eng.db and key not in eng.externs):
        if key == ("clause", 2) and key in eng.control and what == "query":
            return clause_query(eng, goal, loc)
        if key is not None and key[0] in ("clause", "subquery") and key in eng.control:
            raise GroundingError(
                f"unsupported: a {what} of the builtin {key[0]}/{key[1]} ({show(goal)})", loc,
                f"define p(...) :- {key[0]}(...). and ask p; see 'Not supported' in "
                "docs/language.md")
        if key is not None and key[0] != "$aux" and (key in eng.control or key[0] == "call"):
            raise GroundingError(f"{what} {show(goal)} must be an atom of a predicate", loc)
        if key is None:
            raise GroundingError(f"{what} {show(goal)} is not an atom", loc)
        if not eng.unknown_fail:
            raise eng.undefined(key, loc)
    found: dict[Any, None] = {}
    kept: list[Any] = []  # the answers that keep a variable
    for lits in eng.solve((goal, loc, None), (), 0):
        seen: dict[Any, Any] = {}
        atom = keyify(goal, seen)
        if seen:
            if lits or what != "query":  # ProbLog: a non-ground query error
                raise GroundingError(
                    f"{what} {show(goal)} has a non-ground answer {show(atom)}", loc,
                    "make the predicate bind all its arguments",
                )
            found[atom] = None  # true for every instance: named below
            kept.append(atom)
            continue
        if len(lits) == 1 and type(lits[0]) is tuple and lits[0][0] == "$call":
            found[lits[0]] = None  # the query call's own atom for the answer (`alias`)
            continue
        if not lits and key in eng.externs:  # a Python builtin's answer: true
            eng.add_rule(atom, (), loc)
        if lits and lits != (atom,):  # a call answered without a table of its own (an
            eng.add_rule(atom, lits, loc)  # AD's symbolic value): the answer's own rule
        found[atom] = None
    if kept:
        found = _name_kept(eng, goal, loc, found, kept)
    if not found:
        seen = {}
        whole = keyify(goal, seen)
        if not seen or what == "query":
            found[whole] = None
    if eng.lins:  # answers holding symbolic values: one atom per value
        return concretise(eng, list(found), loc)
    return list(found)


def _name_kept(eng: Engine, goal: Any, loc: Loc, found: dict[Any, None], kept: list[Any]
               ) -> dict[Any, None]:
    """Give the answers that keep a variable ProbLog's names (`answer_names`).

    Each becomes one or more atoms (one per distinct naming); an atom none of whose
    derivations is deterministic is ProbLog's non-ground query error. When the naming
    does not account for exactly these answers, they keep the names of `query_struct`.
    """
    names = named_answers(eng, goal, loc)
    if names is None or {variant(n) for n in names} != set(kept):
        for atom in kept:
            eng.add_rule(atom, (), loc)
        return found
    out: dict[Any, None] = {}
    for atom in found:
        if atom not in names and atom not in kept:
            out[atom] = None
            continue
        for name, det in names.items():
            if variant(name) != atom or name in out:
                continue
            if not det:
                raise GroundingError(
                    f"query {show(goal)} has a non-ground answer {show(name)}", loc,
                    "make the predicate bind all its arguments",
                )
            eng.add_rule(name, (), loc)
            out[name] = None
    return out


def query_atoms(
    eng: Engine, queries: Sequence[QuerySpec], open_answers: dict[Any, Any] | None = None
) -> list[Any]:
    """The keys of all query atoms, deduplicated, in source order.

    `open_answers`, when given, maps each answer of a non-ground query atom (which ProbLog
    omits when the evidence rules it out; see `evidence_prop`) to the key of the query atom
    itself (printed with probability 0 when every answer is ruled out); an atom a ground
    query names maps to None (never dropped).

    A negated query `query(\\+ A)` asks for each ground instance of `A` the probability
    that it is false: its key is `\\+A`, defined by the ground rule `\\+A :- not A`
    (or a fact, see `vacuous_negation`, when `A` has no instance).
    """
    out: dict[Any, None] = {}
    for term, loc, body in queries:
        for (atom,) in rule_instances(eng, (term,), body, loc):
            atom = deref(atom)
            if type(atom) is tuple and len(atom) == 2 and atom[0] == "\\+":
                for key in solve_atom(eng, atom[1], loc, "query"):
                    negated = ("\\+", key)  # query(\+ A): the atom `\+A :- not A`
                    if not vacuous_negation(negated):
                        eng.add_rule(negated, (Neg(key),), loc)
                    out[negated] = None
                continue
            keys = solve_atom(eng, atom, loc, "query")
            if open_answers is not None:
                if _is_ground(atom):  # asked for by name: never dropped
                    open_answers.update(dict.fromkeys(keys))
                else:
                    whole = keyify(atom, {})
                    for key in keys:
                        open_answers.setdefault(key, whole)
            for key in keys:
                out[key] = None
    return list(out)


def _is_ground(t: Any) -> bool:
    seen: dict[Any, Any] = {}
    keyify(t, seen)
    return not seen


def vacuous_negation(key: Any) -> bool:
    """True for the key of `query(\\+ A)` when `A` has no answer at all (so `\\+A` holds).

    Such a key keeps `A`'s variables (as `Mark`s); `query_struct` names them as ProbLog does.
    """
    if type(key) is not tuple or len(key) != 2 or key[0] != "\\+":
        return False
    marks: dict[int, None] = {}
    _collect_marks(key[1], marks)
    return bool(marks)


def evidence_atoms(eng: Engine, evidence: Sequence[EvidenceSpec]) -> dict[Any, bool]:
    """The evidence as `{atom key: observed value}`.

    Raises:
        GroundingError: a non-ground evidence atom, a value other than true/false, or the
            same atom observed both true and false (ProbLog: InconsistentEvidenceError).
    """
    out: dict[Any, bool] = {}
    where: dict[Any, Loc] = {}
    for term, fixed, loc, body, value_term in evidence:
        terms = (term,) if value_term is None else (term, value_term)
        for inst in rule_instances(eng, terms, body, loc):
            value = fixed if value_term is None else _flag(inst[1], loc)
            atoms = solve_atom(eng, inst[0], loc, "evidence")
            seen: dict[Any, Any] = {}
            if len(atoms) != 1 or atoms[0] != keyify(inst[0], seen) or seen:
                raise GroundingError(f"evidence {show(inst[0])} must be a ground atom", loc)
            atom = atoms[0]
            if out.get(atom, value) != value:
                first = f" (first at {where[atom]})" if where[atom] is not None else ""
                raise GroundingError(
                    f"inconsistent evidence: {show(atom)} is observed both true and "
                    f"false{first}", loc, "remove one of the two observations",
                )
            out[atom] = value
            where.setdefault(atom, loc)
    return out


def _flag(t: Any, loc: Loc) -> bool:
    t = deref(t)
    if type(t) is str and t in ("true", "false"):
        return t == "true"
    raise GroundingError(
        f"evidence value must be true or false, got {show(t)}", loc,
        "bind the value of evidence(Atom, Value) :- Body to true or false in the body",
    )


def query_struct(t: Any, convert: Callable[[Any], Term] = to_ast) -> Struct:
    """The AST atom of a query key; variables get ProbLog's names `X{n+1+k}`.

    Args:
        t: the key (ground, or with `Mark`s for a non-ground query without answers).
        convert: how to convert a ground key (e.g. a caching `to_ast`).

    Returns:
        The atom.

    ProbLog names the k-th distinct variable (0-based, in order of first occurrence) of a
    non-ground query with `n` variables `X{n+1+k}`: `r(A, B, A)` prints `r(X3,X4,X3)`.

    >>> from cortexlog.grounding.internal import mark
    >>> str(query_struct(("r", mark(0), mark(1), mark(0))))
    'r(X3,X4,X3)'
    """
    marks: dict[int, None] = {}
    _collect_marks(t, marks)
    out = _renamed(t, len(marks)) if marks else convert(t)
    assert isinstance(out, Struct), "a query key is an atom (a str or a tuple)"
    return out


def _collect_marks(t: Any, out: dict[int, None]) -> None:
    if type(t) is Mark:
        out[t.i] = None
    elif type(t) is tuple:
        for a in t[1:]:
            _collect_marks(a, out)


def _renamed(t: Any, n: int) -> Term:
    if type(t) is Mark:
        return Var(f"X{n + 1 + t.i}")
    if type(t) is tuple:
        return Struct(t[0], tuple(_renamed(a, n) for a in t[1:]))
    return to_ast(t)
