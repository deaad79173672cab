"""Variable bindings while a constraint program is compiled, and clause matching.

A variable is bound to a batch axis (by a quantifier, or free in a query) or to the
term a rule was called with (with the caller's scope); `deref` follows the latter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cortexlog.errors import ConstraintError, SourceLocation
from cortexlog.language.ast import Clause
from cortexlog.language.terms import Num, Struct, Term, Var, format_term, is_ground
from cortexlog.realvalued.aggregate import Aggregator


@dataclass(frozen=True)
class Axis:
    """A variable standing for the rows of tensor `domain`, as the dimension `axis`."""

    axis: str
    domain: str


@dataclass(frozen=True)
class Bound:
    """A rule's head variable: the caller's `term`, read in the caller's `scope`."""

    term: Term
    scope: Scope


@dataclass
class Scope:
    """Variable bindings of one clause instance; `open`: unbound variables become free."""

    bindings: dict[Var, Axis | Bound] = field(default_factory=dict)
    open: bool = False

    def with_(self, var: Var, binding: Axis | Bound) -> Scope:
        """A copy of the scope with `var` bound to `binding` (shadowing an older one).

        Args:
            var: the variable.
            binding: what it stands for.

        Returns:
            The extended scope.
        """
        return Scope({**self.bindings, var: binding}, self.open)



def deref(t: Term, scope: Scope) -> tuple[Term, Scope]:
    """Follow variables bound to terms (rule arguments) to what they stand for."""
    while isinstance(t, Var) and isinstance(b := scope.bindings.get(t), Bound):
        t, scope = b.term, b.scope
    return t, scope


def flatten(t: Term, op: str) -> list[Term]:
    """The operands of a right-nested chain `a op (b op c)`: `[a, b, c]`."""
    out = []
    while isinstance(t, Struct) and t.functor == op and t.arity == 2:
        out.append(t.args[0])
        t = t.args[1]
    return out + [t]


def match(c: Clause, call: Struct, scope: Scope) -> Scope | None:
    """The scope of clause `c` called as `call`, or None when a constant argument differs."""
    inner = Scope()
    for head_arg, arg in zip(c.head.args, call.args, strict=True):
        if isinstance(head_arg, Var):
            if head_arg in inner.bindings:
                raise ConstraintError(f"head variable {head_arg.name} appears twice",
                                      c.location, "compare the arguments in the body")
            inner.bindings[head_arg] = Bound(arg, scope)
            continue
        value, _ = deref(arg, scope)
        if not is_ground(value) or not is_ground(head_arg):
            raise ConstraintError(f"cannot match {format_term(head_arg)} with "
                                  f"{format_term(value)}", c.location,
                                  "heads take variables, or constants the call names")
        if value != head_arg:
            return None
    return inner


def read_aggregator(spec: Term, default: Aggregator, loc: SourceLocation) -> Aggregator:
    """Read the third argument of a quantifier: p, `pmean(P)`, `tnorm`, ..."""
    if isinstance(spec, Num):
        return Aggregator(default.kind, float(spec.value), default.stable)
    if isinstance(spec, Struct) and spec.functor in ("tnorm", "conorm") and not spec.args:
        return Aggregator(spec.functor)
    if isinstance(spec, Struct) and spec.functor in ("pmean", "pmean_error") \
            and spec.arity == 1:
        return read_aggregator(spec.args[0], Aggregator(spec.functor, 2.0, default.stable), loc)
    if isinstance(spec, Struct) and not spec.args:
        return Aggregator(default.kind, spec.functor, default.stable)
    raise ConstraintError(f"unknown aggregator {format_term(spec)}", loc,
                          "write a number p, a parameter name, pmean(P), pmean_error(P), "
                          "tnorm or conorm")
