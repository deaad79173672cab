"""The grounding engine's interface: what control constructs, clause resolution and
per-proof collection may use of it.

The modules of the solver import each other in one direction only, bottom up:

- `tabling`: variant tables and SCC completion (the `Tabling` base of the engine);
- `solver` (this module): goal lists, negative literals, `condition` and the `Solver`
  protocol, the engine as the modules above see it;
- `choices`: the choice group (checked weights, labels) of a probabilistic clause instance;
- `resolution`: a predicate's clauses → answers, passed to an `AddAnswer` sink;
- `proofs`: `PerProof`, the per-proof call strategy of findall/3;
- `control`: the control constructs (`CONTROL`, handlers taking a `Solver`);
- `engine`: `Engine`, the solver loop, which implements `Solver` with the above.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding.database import Predicate
from cortexlog.grounding.internal import V
from cortexlog.grounding.limits import GroundingLimits
from cortexlog.grounding.tabling import Body, Key, Lit, Loc, Table, Term
from cortexlog.language.terms import Term as AstTerm

T = TypeVar("T")

#: A goal list: `(goal, location, rest)`, or None when empty.
Cont = tuple[Term, Loc, Any] | None
#: The solutions of a goal list: the literals each one depends on.
Solutions = Iterator[Body]
#: A choice group: `(weights, labels, exhaustive, location)`, one option per label.
Group = tuple[tuple[Any, ...], tuple[Any, ...], bool, SourceLocation]


class Neg:
    """A negative literal on an atom or choice option (internal)."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return type(other) is Neg and other.node == self.node

    def __hash__(self) -> int:
        return hash(("$neg", self.node))


def negate(lit: Any) -> Any:
    """The negation of an internal literal."""
    return lit.node if type(lit) is Neg else Neg(lit)


#: What `subquery/2,3,5` calls (`ground(subquery=...)`): a goal and evidence atoms (AST
#: terms) to `[(answer atom, probability)]`, one entry per answer of the goal.
Subquery = Callable[[AstTerm, list[AstTerm]], list[tuple[AstTerm, float]]]


class Solver(Protocol):
    """The engine, as control constructs, clause resolution and per-proof collection use it.

    `engine.Engine` implements it; the modules below `engine` are written against it only.
    """

    db: dict[tuple[str, int], Predicate]
    limits: GroundingLimits
    trail: list[V]
    stack: list[Table]
    min_read: int
    control: dict[tuple[str, int], ControlHandler]
    groups: list[Group]
    group_index: dict[Any, int]
    fact_lits: dict[Any, Any]
    aux: dict[tuple[Any, ...], Any]
    rv_values: dict[int, tuple[int, ...]]
    symbolic: bool
    lins: bool
    subquery: Subquery | None

    def solve(self, cont: Cont, lits: Body, depth: int) -> Solutions:
        """Solve a goal list; yield the literals of each solution (bindings on the trail)."""
        ...

    def call(self, goal: Term, pred: Predicate, loc: Loc, depth: int) -> Iterator[Lit | None]:
        """Call a user predicate through its table; yield each answer's literal (or None)."""
        ...

    def defines(self, key: tuple[str, int]) -> bool:
        """Whether `key` names a predicate of the program, a control construct or a builtin."""
        ...

    def per_proof(self, run: Callable[[], T]) -> T:
        """Run `run()` with user predicates solved one solution per proof (findall/3)."""
        ...

    def add_rule(self, head: Key, lits: Body, loc: Loc) -> None:
        """Record a ground rule (deduplicated)."""
        ...

    def limit(self, what: str, value: float, loc: Loc, unit: str = "") -> GroundingError:
        """The error for an exceeded limit, naming it and how to raise it."""
        ...


#: A control construct: `(solver, goal, location, rest, literals, depth)` → solutions.
ControlHandler = Callable[[Solver, Term, Loc, Cont, Body, int], Solutions]


def condition(eng: Solver, lits_list: list[Body]) -> Lit:
    """A single literal equivalent to the disjunction of the solutions' conjunctions.

    Args:
        eng: the engine (its auxiliary atoms and rules receive the disjunction).
        lits_list: the literals of each solution.

    Returns:
        The one literal when there is a single one, else an auxiliary atom `('$aux', i)`
        with one rule per solution.
    """
    if len(lits_list) == 1 and len(lits_list[0]) == 1:
        return lits_list[0][0]
    key = tuple(lits_list)
    aux = eng.aux.get(key)
    if aux is None:
        aux = eng.aux[key] = ("$aux", len(eng.aux))
        for lits in lits_list:
            eng.add_rule(aux, lits, None)
    return aux
