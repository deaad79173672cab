"""`cortexlog lfi`'s parameters as ProbLog's LFI defines them, by rewriting the program.

ProbLog's LFI gives a learnable clause `t(_, X)::h(Y) :- body.` one random choice per
ground instance of `(X, Y)` (the extra arguments of `t` and the head's variables; not the
variables only the body has) and one parameter per binding of `X`. The grounder makes a
choice per ground clause instance and a parameter per statement, so such a clause is
rewritten into a learnable fact and a rule using it:

    t(_)::'$lfi'(N, X, Y).          h(Y) :- body, '$lfi'(N, X, Y).

The binding of `X` is then read from the label of each ground choice. Clauses without
extra arguments and without body-only variables are kept as they are.

`infer_ad_heads` is ProbLog LFI's other convention: the observations an example implies
for an annotated disjunction's learnable heads.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import LearnableWeight
from cortexlog.grounding.learnable import is_learnable, learnable_groups
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Num, Struct, Term, is_ground, term_vars
from cortexlog.tools.lfi_io import Example

REWRITTEN = "$lfi"
TRUE = Struct("true")

#: A parameter: its statement key and the binding of the extra arguments of `t`.
Param = tuple[str, tuple[Term, ...]]


@dataclasses.dataclass(frozen=True)
class Rewritten:
    """The program the grounder sees, and how to read its parameters back.

    Attributes:
        ast: the rewritten program.
        keys: each parameter key of the rewritten program -> (the key of its statement in
            the original program, how many extra arguments its `t` has).
        facts: the keys of the rewritten facts (their body is in the rule using them).
    """

    ast: ProgramAST
    keys: dict[str, tuple[str, int]]
    facts: frozenset[str] = frozenset()

    def param(self, weight: LearnableWeight, label: Struct) -> Param:
        """The parameter a ground option's learnable weight stands for.

        Args:
            weight: the option's weight.
            label: the option's ground atom.

        Returns:
            `(original key, binding of the extra arguments)`.
        """
        key, k = self.keys[weight.key]
        return key, tuple(label.args[1:1 + k])


def rewrite(ast: ProgramAST) -> Rewritten:
    """Rewrite the learnable clauses that need it (module doc).

    Args:
        ast: the parsed program.

    Returns:
        The `Rewritten` program.

    Raises:
        CortexlogError: `t(_, X)` in an annotated disjunction, or an extra argument that
            occurs neither in the head nor in the body.

    >>> from cortexlog.language import parse
    >>> r = rewrite(parse("p(1). t(_, X)::q(a) :- p(X)."))
    >>> [str(c.head) for c in r.ast.clauses], r.keys
    (['p(1)', "'$lfi'(1,X)", 'q(a)'], {"'$lfi'(1,X)": ('q(a)', 1)})
    >>> rewrite(parse("t(_)::q(a) :- p(X). t(_)::q(a). p(1).")).keys
    {"'$lfi'(0)": ('q(a)', 0), 'q(a)': ('q(a)#2', 0)}
    """
    original = learnable_groups(ast.clauses)
    clauses: list[Clause | AnnotatedDisjunction | NeuralAD] = []
    rewritten: dict[Clause, tuple[str, int]] = {}
    for n, st in enumerate(ast.clauses):
        if isinstance(st, AnnotatedDisjunction) and any(
                is_learnable(p) and len(p.args) > 1 for p, _ in st.heads  # type: ignore[union-attr]
        ):
            raise CortexlogError(
                "t(_, X) in an annotated disjunction is not supported by cortexlog lfi",
                st.location, "write t(_) (one parameter per head), or one clause per head")
        if not (isinstance(st, Clause) and is_learnable(st.prob)):
            clauses.append(st)
            continue
        assert isinstance(st.prob, Struct)
        extra = st.prob.args[1:]
        head_vars = term_vars(st.head)
        body_vars = term_vars(st.body)
        if not extra and set(body_vars) <= set(head_vars):
            clauses.append(st)
            continue
        for x in extra:
            if x not in head_vars and x not in body_vars:
                raise CortexlogError(
                    f"the argument {x} of {re.sub(r'_G[0-9]+', '_', str(st.prob))} occurs "
                    "neither in the head nor in the body", st.location,
                    "name a variable of the clause, as in t(_, X)::p(X)")
        fact = Struct(REWRITTEN, (Num(n), *extra, *(v for v in head_vars if v not in extra)))
        body = fact if st.body == TRUE else Struct(",", (st.body, fact))
        new_fact = Clause(fact, TRUE, st.location, Struct("t", (st.prob.args[0],)))
        clauses += [new_fact, Clause(st.head, body, st.location)]
        rewritten[new_fact] = (original[st].keys[0], len(extra))
    out = dataclasses.replace(ast, clauses=tuple(clauses))
    groups = learnable_groups(out.clauses)
    keys = {groups[fact].keys[0]: found for fact, found in rewritten.items()}
    facts = frozenset(keys)
    for st, g in groups.items():  # kept statements: their keys in the original program
        if st in original:
            keys.update((k, (o, 0)) for k, o in zip(g.keys, original[st].keys, strict=True))
    return Rewritten(out, keys, facts)


def infer_ad_heads(ast: ProgramAST, examples: Sequence[Example]) -> list[Example]:
    """ProbLog's inference of annotated-disjunction heads from an example (on by default).

    For a disjunction with several learnable heads, an example that observes every
    learnable head of one instance false but one, and that one not at all, is taken to
    observe it true (ProbLog's `infer_AD_values`). Instances are the disjunction's heads if
    ground, else the heads with the arguments of an observed atom (heads of equal arity).
    An example that observes every learnable head of an instance false is left as it is.

    Args:
        ast: the program.
        examples: the examples.

    Returns:
        The examples with the inferred observations appended.
    """
    ads = []
    for st, g in learnable_groups(ast.clauses).items():
        if isinstance(st, AnnotatedDisjunction) and len(g.keys) > 1:
            ads.append([h for p, h in st.heads if is_learnable(p)])
    if not ads:
        return list(examples)
    out = []
    for ex in examples:
        seen = {a: v for a, v, _ in ex.evidence}
        added: dict[Struct, bool] = {}
        clash = False
        for heads in ads:
            for inst in _instances(heads, seen):
                values = [seen.get(h) for h in inst]
                if all(v is False for v in values):
                    clash = True
                elif values.count(False) == len(inst) - 1 and None in values:
                    added[inst[values.index(None)]] = True
        if clash or not added:
            out.append(ex)
            continue
        loc = ex.evidence[-1][2]
        out.append(Example(ex.evidence + tuple((a, True, loc) for a in added), ex.count))
    return out


def _instances(heads: list[Struct], seen: Mapping[Struct, bool]) -> list[list[Struct]]:
    """The ground instances of a disjunction's learnable heads an example speaks about."""
    if all(is_ground(h) for h in heads):
        return [heads]
    if len({h.arity for h in heads}) != 1:
        return []
    sigs = {(h.functor, h.arity) for h in heads}
    args = dict.fromkeys(a.args for a in seen if (a.functor, a.arity) in sigs)
    return [[Struct(h.functor, a) for h in heads] for a in args]
