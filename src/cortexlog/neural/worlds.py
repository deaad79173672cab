"""Worlds of the neural choices: a query's value in one world, for approximate inference.

A *world* fixes the value of every neural call of a query (`digit('$t0', Y)` takes
`Y = 7`). Given a world, a program is an ordinary one: `WorldProgram` grounds the query
with each neural AD replaced by a lookup of the world's value, and returns the
probability of each answer in that world (1.0 or absent for a program with no other
randomness; its exact probability otherwise). Results are cached per (query, world), so
the worlds that training keeps meeting cost one dictionary lookup.

This costs one small grounding per *new* world instead of the grounding of every
combination of values: the route of the approximate estimators (`top-k`, `sample`,
`indecater`, see `cortexlog.train.approximate`) for programs whose exact circuit cannot be
built. Its scope: the neural calls a query makes must be found by grounding it with every
network answering its k-th value for each k (`calls`); a call first reached in some other
world is a clear error.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cortexlog.errors import CortexlogError, GroundingError, SourceLocation
from cortexlog.grounding.ground_program import NeuralWeight
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Struct, Term, Var, format_term

WORLD = "$world"
KNOWN = "$world_call"
MISSING = "$world_missing"
_TRUE = Struct("true")
_BINARY = (Struct("true"), Struct("false"))
CACHE_SIZE = 1_000_000


@dataclass(frozen=True)
class WorldCall:
    """One neural call of a query: a network on ground inputs, choosing from a domain.

    Attributes:
        net: the network's name.
        inputs: the ground input terms (placeholders such as `'$t0'`).
        domain: the values it chooses from (`true`, `false` for a binary neural fact,
            whose option 0 has the sigmoid's probability).
    """

    net: str
    inputs: tuple[Term, ...]
    domain: tuple[Term, ...]

    def __str__(self) -> str:
        return f"{self.net}({', '.join(format_term(t) for t in self.inputs)})"


def _list(items: Sequence[Term]) -> Term:
    out: Term = Struct("[]")
    for t in reversed(items):
        out = Struct(".", (t, out))
    return out


def _lookup(decl: NeuralAD) -> Clause:
    """`head :- body, '$world'(net, Inputs, Y)` for a neural AD (Y `true` when binary)."""
    inputs = decl.input_list if decl.input_list is not None else _list(decl.inputs)
    value = decl.output if decl.output is not None else Struct("true")
    look = Struct(WORLD, (Struct(decl.net), inputs, value))
    body = look if decl.body == _TRUE else Struct(",", (decl.body, look))
    return Clause(decl.head, body, decl.location)


class WorldProgram:
    """A program whose neural choices are read from a given world.

    Args:
        ast: the parsed program.
        cache_size: (query, world) results kept (least recently used dropped first).
    """

    def __init__(self, ast: ProgramAST, cache_size: int = CACHE_SIZE) -> None:
        self.ast = ast
        self.decls = {c.net: c for c in ast.clauses
                      if isinstance(c, NeuralAD) and not c.tensor_valued}
        self.base = tuple(_lookup(c) if isinstance(c, NeuralAD) and not c.tensor_valued
                          else c for c in ast.clauses) + _missing_marker()
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[Struct, tuple[int, ...]], dict[Struct, float]] = (
            OrderedDict())
        self.groundings = 0

    def domain(self, net: str) -> tuple[Term, ...]:
        """The values network `net` chooses from."""
        decl = self.decls[net]
        return decl.domain if decl.output is not None else _BINARY

    def calls(self, query: Struct) -> tuple[WorldCall, ...]:
        """The neural calls of a query, in order of first appearance.

        Found by grounding the query once per k with every network restricted to its
        k-th value (so a call reached only when another call takes some value is found
        when that value is some network's k-th).

        Args:
            query: the query (over placeholder constants, answer possibly free).

        Returns:
            The calls.
        """
        from cortexlog.grounding import ground

        found: dict[tuple[str, tuple[Term, ...]], None] = {}
        widest = max((len(self.domain(n)) for n in self.decls), default=1)
        for k in range(widest):
            probe = ProgramAST(tuple(self._restricted(c, k) for c in self.ast.clauses))
            gp = ground(probe, [query], evidence=[])
            for group in gp.groups:
                for w in group.weights:
                    if isinstance(w, NeuralWeight):
                        found.setdefault((w.net, w.inputs), None)
        return tuple(WorldCall(n, i, self.domain(n)) for n, i in found)

    def _restricted(self, c: Clause | AnnotatedDisjunction | NeuralAD, k: int
                    ) -> Clause | AnnotatedDisjunction | NeuralAD:
        if not isinstance(c, NeuralAD) or c.tensor_valued or c.output is None:
            return c
        return replace(c, domain=(c.domain[min(k, len(c.domain) - 1)],))

    def answers(self, query: Struct, calls: Sequence[WorldCall],
                world: tuple[int, ...]) -> dict[Struct, float]:
        """The probability of each answer of the query in a world (cached).

        Args:
            query: the query (answer possibly free).
            calls: the query's neural calls (`calls`).
            world: the value index of each call.

        Returns:
            Ground answer atom -> its probability in the world (answers that cannot hold
            are absent).
        """
        key = (query, world)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        got = self._evaluate(query, calls, world)
        self._cache[key] = got
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return got

    def _evaluate(self, query: Struct, calls: Sequence[WorldCall],
                  world: tuple[int, ...]) -> dict[Struct, float]:
        from cortexlog.compile.exact import exact_probabilities
        from cortexlog.grounding import ground

        self.groundings += 1
        facts: list[Clause] = []
        for c, v in zip(calls, world, strict=True):
            loc = self.decls[c.net].location
            net, inputs = Struct(c.net), _list(c.inputs)
            facts.append(Clause(Struct(WORLD, (net, inputs, c.domain[v])), _TRUE, loc))
            facts.append(Clause(Struct(KNOWN, (net, inputs)), _TRUE, loc))
        program = ProgramAST(self.base + tuple(facts), directives=self.ast.directives,
                             source_name=self.ast.source_name, libraries=self.ast.libraries)
        try:
            gp = ground(program, [query], evidence=[])
        except GroundingError as exc:
            if MISSING not in exc.message:
                raise
            raise CortexlogError(
                f"the query {format_term(query)} makes a neural call in some worlds that "
                "grounding it with each network's k-th value did not make",
                hint="approximate inference needs the neural calls of a query to be found "
                "that way; use --inference exact",
            ) from None
        if not gp.queries:
            return {}
        return {a: float(p) for a, p in exact_probabilities(gp).items() if float(p) > 0.0}


def _missing_marker() -> tuple[Clause, ...]:
    """`'$world'(N, I, _) :- \\+ '$world_call'(N, I), '$world_missing'(N, I).`

    `'$world_missing'/2` is undefined: a call outside the world's calls is then a
    grounding error (`_evaluate` turns it into a clear one) instead of a silent failure.
    """
    loc = SourceLocation("<worlds>", 1, 1)
    n, i = Var("N"), Var("I")
    body = Struct(",", (Struct("\\+", (Struct(KNOWN, (n, i)),)), Struct(MISSING, (n, i))))
    return (Clause(Struct(WORLD, (n, i, Var("_"))), body, loc),)
