"""Learnable probabilities `t(p)::head` (DeepProbLog): their parameters and keys.

Following DeepProbLog (and ProbLog's LFI for `t(_)`), a learnable annotation is one
parameter per *statement*, shared by every ground instance: `t(0.5)::coin(X).` has a single
parameter whatever `X` is. In an annotated disjunction every `t(...)` head has its own
parameter and the learnable heads of one disjunction form one distribution.

A parameter's key is its head as written (`coin(X)`); a head written by several learnable
statements gets `#2`, `#3`, ... in source order (`a`, `a#2`). Keys depend only on the
program text, so a module built from the program matches every ground program of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cortexlog.errors import ProgramError, SourceLocation
from cortexlog.grounding.ground_program import LearnableWeight
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Num, Struct, Term, Var, format_term

_EPS = 1e-9


def is_learnable(prob: Term | None) -> bool:
    """True for a learnable annotation `t(p)`, `t(_)` or `t(p, X, ...)` (as parsed).

    Outside `cortexlog lfi`, `t(p, X)` is `t(p)`: one parameter per statement.

    >>> is_learnable(Struct("t", (Num(0.5),))), is_learnable(Num(0.5))
    (True, False)
    """
    return isinstance(prob, Struct) and prob.functor == "t" and prob.arity >= 1


def _init(prob: Term) -> float | None:
    assert isinstance(prob, Struct)
    arg = prob.args[0]
    return None if isinstance(arg, Var) else float(arg.value) if isinstance(arg, Num) else None


@dataclass(frozen=True)
class LearnableGroup:
    """The learnable parameters of one statement.

    Attributes:
        keys: one key per learnable head (one for a fact).
        inits: their initial probabilities (None for `t(_)`).
        fact: True for a probabilistic fact or clause (one sigmoid parameter); False for the
            learnable heads of an annotated disjunction (a softmax).
        fixed: the total probability of the disjunction's heads that are not learnable;
            the learnable heads share the remaining mass `1 - fixed`.
        exhaustive: for a disjunction, True when the heads always sum to 1 (initial values
            summing to 1, or some `t(_)` taking up the remaining mass); False leaves an
            implicit, learnable "none" option.
        location: the statement.
    """

    keys: tuple[str, ...]
    inits: tuple[float | None, ...]
    fact: bool
    fixed: float
    exhaustive: bool
    location: SourceLocation


def _fixed_mass(st: AnnotatedDisjunction) -> float:
    total = 0.0
    for prob, head in st.heads:
        if is_learnable(prob):
            continue
        if not isinstance(prob, Num):
            raise ProgramError(
                f"head {format_term(head)} of an annotated disjunction with learnable heads "
                f"has the non-numeric probability {format_term(prob)}", st.location,
                "give the other heads numeric probabilities, or make them learnable t(...)",
            )
        total += float(prob.value)
    return total


def learnable_groups(
    clauses: Iterable[Clause | AnnotatedDisjunction | NeuralAD],
) -> dict[Clause | AnnotatedDisjunction, LearnableGroup]:
    """The learnable parameters of each statement that has any, in source order.

    Args:
        clauses: the program's statements (`ProgramAST.clauses`).

    Returns:
        Statement -> its `LearnableGroup`.

    >>> from cortexlog.language import parse
    >>> ast = parse("t(0.5)::a. t(_)::a. 0.2::b; t(0.3)::c.")
    >>> [(g.keys, g.inits, g.fixed, g.exhaustive) for g in learnable_groups(ast.clauses).values()]
    [(('a',), (0.5,), 0.0, True), (('a#2',), (None,), 0.0, True), (('c',), (0.3,), 0.2, False)]
    """
    seen: dict[str, int] = {}
    out: dict[Clause | AnnotatedDisjunction, LearnableGroup] = {}

    def key(head: Struct) -> str:
        text = format_term(head)
        n = seen[text] = seen.get(text, 0) + 1
        return text if n == 1 else f"{text}#{n}"

    for st in clauses:
        if isinstance(st, Clause) and is_learnable(st.prob):
            assert st.prob is not None
            out[st] = LearnableGroup((key(st.head),), (_init(st.prob),), True, 0.0, True,
                                     st.location)
        elif isinstance(st, AnnotatedDisjunction) and any(is_learnable(p) for p, _ in st.heads):
            learn = [(p, h) for p, h in st.heads if is_learnable(p)]
            fixed = _fixed_mass(st)
            inits = tuple(_init(p) for p, _ in learn)
            known = sum(i for i in inits if i is not None)
            exhaustive = None in inits or abs(fixed + known - 1.0) <= _EPS
            out[st] = LearnableGroup(tuple(key(h) for _, h in learn), inits, False, fixed,
                                     exhaustive, st.location)
    return out


def learnable_weights(
    clauses: Iterable[Clause | AnnotatedDisjunction | NeuralAD],
) -> dict[Clause | AnnotatedDisjunction, tuple[LearnableWeight | None, ...]]:
    """Per statement with learnable heads, the weight of each head (None if not learnable).

    Args:
        clauses: the program's statements.

    Returns:
        Statement -> one entry per head (one for a clause), in head order.
    """
    out: dict[Clause | AnnotatedDisjunction, tuple[LearnableWeight | None, ...]] = {}
    for st, g in learnable_groups(clauses).items():
        weights = iter(
            LearnableWeight(k, i, g.keys, g.location) for k, i in zip(g.keys, g.inits, strict=True)
        )
        if isinstance(st, Clause):
            out[st] = (next(weights),)
        else:
            out[st] = tuple(next(weights) if is_learnable(p) else None for p, _ in st.heads)
    return out


def program_learnable_groups(program: ProgramAST) -> tuple[LearnableGroup, ...]:
    """All learnable parameter groups of a program, in source order.

    Args:
        program: the parsed program.

    Returns:
        The groups (empty when the program has no `t(...)` annotation).
    """
    return tuple(learnable_groups(program.clauses).values())
