"""The typed AST of a parsed program: clauses, annotated disjunctions, neural declarations.

A `ProgramAST` is the output of `cortexlog.language.parse` and the input of grounding.
Probabilities are kept as terms (`Num`, or arithmetic such as `1/6`) until grounding,
where variables in them (`P::a(P)`) are bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cortexlog.errors import SourceLocation
from cortexlog.language.terms import Struct, Term, Var


@dataclass(frozen=True, slots=True)
class Clause:
    """`head :- body.` (body `true` for a fact); `prob` set for `p::head :- body.`"""

    head: Struct
    body: Term
    location: SourceLocation
    prob: Term | None = None


@dataclass(frozen=True, slots=True)
class AnnotatedDisjunction:
    """`p1::h1; p2::h2; ... :- body.` Exactly one head is chosen (or none, if sum < 1)."""

    heads: tuple[tuple[Term, Struct], ...]
    body: Term
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class NeuralAD:
    """`nn(net, [X1..Xk], Y, [d1..dn]) :: head.` The network's softmax picks Y from the domain.

    For the binary form `nn(net, [X1..Xk]) :: head.` `output` is None and `domain` is empty:
    the network's single (sigmoid) output is the probability that `head` is true.

    For the tensor-valued form `nn(net, [X1..Xk], E) :: head.` (`output` set, `domain`
    empty) the head holds with probability 1 for `E = '$nn'(net, [X1..Xk])`, the term
    standing for the network's output tensor on those inputs (`tensor_valued`).

    When the input list is a variable (`nn(net, X, Y, [...]) :: p(X, Y).`), `input_list`
    is that variable and `inputs` is empty: the inputs are the elements of the list it is
    bound to when the predicate is called.
    """

    net: str
    inputs: tuple[Term, ...]
    output: Term | None
    domain: tuple[Term, ...]
    head: Struct
    body: Term
    location: SourceLocation
    input_list: Var | None = None

    @property
    def tensor_valued(self) -> bool:
        """True for `nn(net, Inputs, E) :: head` (the network returns a tensor)."""
        return self.output is not None and not self.domain


@dataclass(frozen=True, slots=True)
class Directive:
    """`:- goal.` Only directives the loader understands are kept (e.g. `use_module`)."""

    goal: Term
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class Query:
    """`query(atom).`, or `query(atom) :- body.` (one query per solution of the body).

    With a body, `atom` may be a variable or contain variables that the body binds.
    """

    atom: Term
    location: SourceLocation
    body: Term | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """`evidence(atom).`, `evidence(atom, true|false).`, or either with `:- body`.

    With a body, one piece of evidence per solution of the body; the observed value may
    then be a variable the body binds to `true` or `false` (`value_term`; `value` is
    ignored when it is set).
    """

    atom: Term
    value: bool
    location: SourceLocation
    body: Term | None = None
    value_term: Term | None = None


Statement = Clause | AnnotatedDisjunction | NeuralAD | Directive | Query | Evidence


@dataclass(frozen=True)
class ProgramAST:
    """A whole parsed program, statements in source order.

    `clauses` holds every `Clause`, `AnnotatedDisjunction` and `NeuralAD`; queries and
    evidence are kept apart because grounding starts from them.
    """

    clauses: tuple[Clause | AnnotatedDisjunction | NeuralAD, ...]
    queries: tuple[Query, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    directives: tuple[Directive, ...] = ()
    source_name: str = "<string>"
    libraries: frozenset[str] = field(default_factory=frozenset)
