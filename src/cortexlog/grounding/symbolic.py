"""The arithmetic path: integer random values kept symbolic instead of enumerated.

When an integer-valued neural AD (`nn(net, [X], Y, [0,...,9]) :: digit(X, Y)`) is called
with its output unbound, the grounder binds the output to a `Lin` standing for "the value
group g picks" instead of trying each value. `is/2` keeps sums, differences and integer
multiples of such values symbolic; a comparison (`=:=`, `<`, ...) or `is/2` with a bound
left side whose outcome depends on the values becomes a constraint literal (`Con`), which
the compiler turns into a decision diagram (`cortexlog.compile.linear`). A query answer
holding a `Lin` is expanded into one atom per value the expression can take.

So `Z is X2 + Y2` over two N-digit numbers grounds to ONE rule with one constraint
instead of 10^(2N) proofs. Any other use of a symbolic value (unification with a number,
a non-arithmetic builtin, non-linear arithmetic, floats) raises `SymbolicEscape`, and
`ground` grounds by enumeration instead: the answers never depend on the path.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import gcd
from typing import TYPE_CHECKING, Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.ground_program import AnswerWeight
from cortexlog.grounding.internal import (
    EvalError,
    Flt,
    Lin,
    SymbolicEscape,
    V,
    deref,
    undo,
    unify,
)
from cortexlog.language.arith import FUNCTIONS

if TYPE_CHECKING:
    from cortexlog.grounding.engine import Cont, Engine

# Comparisons, normalised to `lin OP 0` with OP one of these.
EQ, NE, LT, LE = "=:=", "=\\=", "<", "=<"
ARITH = frozenset({("is", 2), ("=:=", 2), ("=\\=", 2), ("<", 2), ("=<", 2), (">", 2),
                   (">=", 2), ("=", 2)})
MAX_VALUES = 100_000


class Con:
    """A constraint literal `lin OP 0` (OP in `EQ, NE, LT, LE`), hashable."""

    __slots__ = ("lin", "op", "_hash")

    def __init__(self, lin: Lin, op: str) -> None:
        self.lin = lin
        self.op = op
        self._hash = hash(("$con", lin, op))

    def __eq__(self, other: object) -> bool:
        return type(other) is Con and other.op == self.op and other.lin == self.lin

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"{self.lin!r} {self.op} 0"


Num = int | Lin


def make(const: int, terms: dict[int, int]) -> Num:
    """A `Lin` from a constant and `{group: coef}` (an `int` when no term is left)."""
    kept = tuple(sorted((g, c) for g, c in terms.items() if c))
    return Lin(const, kept) if kept else const


def add(a: Num, b: Num, sign: int = 1) -> Num:
    """`a + sign * b`."""
    terms: dict[int, int] = {}
    const = 0
    for x, s in ((a, 1), (b, sign)):
        if isinstance(x, Lin):
            const += s * x.const
            for g, c in x.terms:
                terms[g] = terms.get(g, 0) + s * c
        else:
            const += s * x
    return make(const, terms)


def scale(a: Num, k: int) -> Num:
    """`k * a`."""
    if isinstance(a, Lin):
        return make(k * a.const, {g: k * c for g, c in a.terms})
    return k * a


def has_lin(t: Any) -> bool:
    """True when a (dereferenced) term contains a `Lin`."""
    t = deref(t)
    tt = type(t)
    if tt is Lin:
        return True
    return tt is tuple and any(has_lin(a) for a in t[1:])


def sym_eval(t: Any) -> int | float | Lin:
    """Evaluate an arithmetic expression whose leaves may be `Lin`s.

    Raises:
        SymbolicEscape: a non-linear operation (or a float) meets a symbolic value.
        EvalError: as `arith.evaluate` for the ordinary part.
    """
    t = deref(t)
    tt = type(t)
    if tt is int or tt is Lin:
        return t
    if tt is Flt or tt is float:
        return float(t)
    if tt is V:
        raise EvalError("instantiation error: arithmetic on an unbound variable",
                        "bind the variable before evaluating it")
    if tt is not tuple and tt is not str:
        raise EvalError(f"type error: {t!r} is not a number")
    name, args = (t, ()) if tt is str else (t[0], t[1:])
    values = [sym_eval(a) for a in args]
    if not any(type(v) is Lin for v in values):
        fn = FUNCTIONS.get((name, len(args)))
        if fn is None:
            raise EvalError(f"type error: {name}/{len(args)} is not an evaluable function")
        try:
            return fn(*values)
        except (ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
            raise EvalError(f"evaluation error: {exc}") from None
    if any(type(v) is float for v in values):
        raise SymbolicEscape("float arithmetic on a symbolic value")
    ints: list[Num] = values  # type: ignore[assignment]
    if name == "+" and len(ints) == 2:
        return add(ints[0], ints[1])
    if name == "-" and len(ints) == 2:
        return add(ints[0], ints[1], -1)
    if name == "-" and len(ints) == 1:
        return scale(ints[0], -1)
    if name == "+" and len(ints) == 1:
        return ints[0]
    if name == "*" and len(ints) == 2:
        x, y = ints
        if not isinstance(x, Lin):
            return scale(y, x)
        if not isinstance(y, Lin):
            return scale(x, y)
    raise SymbolicEscape(f"{name}/{len(args)} of a symbolic value is not linear")


def bounds(lin: Lin, values: dict[int, tuple[int, ...]]) -> tuple[int, int]:
    """The least and greatest value of `lin` over its groups' values."""
    lo = hi = lin.const
    for g, c in lin.terms:
        vs = values[g]
        a, b = c * min(vs), c * max(vs)
        lo += min(a, b)
        hi += max(a, b)
    return lo, hi


def constraint(diff: Num, op: str, values: dict[int, tuple[int, ...]]) -> bool | Con:
    """`diff OP 0` decided (a bool) when its bounds settle it, else a `Con` literal.

    `op` is any comparison (`>`/`>=` are flipped); `=:=`/`=\\=` are made sign-canonical.
    """
    if op == ">":
        diff, op = scale(diff, -1), LT
    elif op == ">=":
        diff, op = scale(diff, -1), LE
    if not isinstance(diff, Lin):
        return _holds(diff, op)
    lo, hi = bounds(diff, values)
    if op in (EQ, NE):
        g = 0
        for _, c in diff.terms:
            g = gcd(g, c)
        if lo > 0 or hi < 0 or diff.const % g:
            return op == NE
        if diff.terms[0][1] < 0:
            diff = Lin(-diff.const, tuple((g, -c) for g, c in diff.terms))
    elif hi < 0 or (op == LE and hi <= 0):
        return True
    elif lo > 0 or (op == LT and lo >= 0):
        return False
    return Con(diff, op)


def _holds(x: int, op: str) -> bool:
    return {EQ: x == 0, NE: x != 0, LT: x < 0, LE: x <= 0}[op]


def solve_builtin(eng: Engine, key: tuple[str, int], args: tuple[Any, ...], rest: Cont,
                  lits: tuple[Any, ...], depth: int) -> Iterator[tuple[Any, ...]]:
    """Solve an arithmetic builtin whose arguments hold symbolic values.

    Raises:
        SymbolicEscape: any other builtin, or arithmetic that is not linear over integers.
    """
    if key not in ARITH:
        raise SymbolicEscape(f"{key[0]}/{key[1]} on a symbolic value")
    trail = eng.trail
    m = len(trail)
    if key == ("=", 2):
        ok = unify(args[0], args[1], trail)
        if ok:
            yield from eng.solve(rest, lits, depth)
        undo(trail, m)
        return
    if key == ("is", 2):
        value = sym_eval(args[1])
        left = deref(args[0])
        if type(left) is V:
            left.ref = value if type(value) is not float else Flt(value)
            trail.append(left)
            yield from eng.solve(rest, lits, depth)
            undo(trail, m)
            return
        if isinstance(value, float) or type(left) not in (int, Lin):
            return  # an integer-valued Lin never is a float, an atom or a compound
        outcome = constraint(add(left, value, -1), EQ, eng.rv_values)
    else:
        a, b = sym_eval(args[0]), sym_eval(args[1])
        if type(a) is float or type(b) is float:
            raise SymbolicEscape("comparison of a symbolic value with a float")
        outcome = constraint(add(a, b, -1), key[0], eng.rv_values)  # type: ignore[arg-type]
    if outcome is True:
        yield from eng.solve(rest, lits, depth)
    elif outcome is not False:
        yield from eng.solve(rest, (*lits, outcome), depth)


def lin_values(lin: Lin, values: dict[int, tuple[int, ...]], where: Any) -> list[int]:
    """Every value `lin` takes, ascending (a sum over its groups' values).

    Raises:
        GroundingError: more than `MAX_VALUES` values (the query should bind it).
    """
    reach = {lin.const}
    for g, c in lin.terms:
        reach = {r + c * v for r in reach for v in values[g]}
        if len(reach) > MAX_VALUES:
            raise GroundingError(
                f"a query answer is an arithmetic expression with more than {MAX_VALUES} "
                "possible values", where,
                "give that argument in the query (e.g. addition(X, Y, 1234) rather than "
                "addition(X, Y, Z))",
            )
    return sorted(reach)


def substitute(t: Any, lin: Lin, v: int | str) -> Any:
    """`t` with every occurrence of `lin` replaced by `v`."""
    if type(t) is Lin:
        return v if t == lin else t
    if type(t) is tuple:
        return (t[0], *[substitute(a, lin, v) for a in t[1:]])
    return t


def first_lin(t: Any) -> Lin | None:
    """The first `Lin` inside a ground key, or None."""
    if type(t) is Lin:
        return t
    if type(t) is tuple:
        for a in t[1:]:
            found = first_lin(a)
            if found is not None:
                return found
    return None


def concretise(eng: Engine, keys: list[Any], where: Any) -> list[Any]:
    """Expand answer keys holding symbolic values into one key per value.

    `q(v)` gets the rule `q(v) :- q(lin), lin =:= v` for each value `v` of `lin`; with
    `eng.answer_limit` set, an expression with more values becomes an answer input.
    """
    out: list[Any] = []
    todo = list(reversed(keys))
    while todo:
        key = todo.pop()
        lin = first_lin(key)
        if lin is None:
            out.append(key)
            continue
        lo, hi = bounds(lin, eng.rv_values)
        if eng.answer_limit is not None and hi - lo + 1 > eng.answer_limit:
            todo.append(answer_input(eng, key, lin, lo, hi, where))
            continue
        expanded = []
        for v in lin_values(lin, eng.rv_values, where):
            concrete = substitute(key, lin, v)
            con = constraint(add(lin, v, -1), EQ, eng.rv_values)
            eng.add_rule(concrete, (key,) if con is True else (key, con), where)
            expanded.append(concrete)
        todo.extend(reversed(expanded))
    return out


def answer_input(eng: Engine, key: Any, lin: Lin, lo: int, hi: int, where: Any) -> Any:
    """Make the answer `lin` of `key` an input: `q('$answer') :- q(lin), lin - lo = D`.

    `D = sum(10^k * digit_k)` over new 10-option digit groups (`AnswerWeight`), as many
    as `hi - lo` has decimal digits; the caller gives their values per example.

    Returns:
        The key of the new query atom.
    """
    terms: dict[int, int] = {}
    digits = []
    for k in range(len(str(hi - lo))):
        g = len(eng.groups)
        weights = tuple(AnswerWeight(k, v) for v in range(10))
        labels = tuple(("$answer_digit", k, v) for v in range(10))
        eng.groups.append((weights, labels, True, where))
        eng.rv_values[g] = tuple(range(10))
        terms[g] = -(10 ** k)
        digits.append(g)
    con = constraint(add(lin, make(-lo, terms)), EQ, eng.rv_values)
    atom = substitute(key, lin, "$answer")
    eng.add_rule(atom, (key,) if con is True else (key, con), where)
    eng.answer_inputs.append((atom, lo, tuple(digits), lin))
    return atom

