"""The grounder's compact term representation and unification with a trail.

Internal terms: an atom is a Python `str`, a number an `int` or a `Flt`, a double-quoted
string a `PStr`, a compound `f(a1..an)` the tuple `("f", a1, ..., an)`, and a logic
variable a mutable `V` cell bound destructively (bindings are recorded on a trail and
undone on backtracking). Clause templates use `Slot(i)` for clause variables and `TC` for
compound subterms containing variables; ground subterms are stored as plain internal terms.
Conversions from and to AST terms, and message display, are in `grounding.convert`;
variant keys (tabling's and the answers' view of a term) are in `grounding.keys`.
"""

from __future__ import annotations

from typing import Any


class EvalError(Exception):
    """A builtin failed with an instantiation/type/domain error (located by the engine).

    Args:
        message: what went wrong.
        hint: what the user can do, if known.
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class SymbolicEscape(Exception):
    """A symbolic value (`Lin`) reached a use the arithmetic path cannot keep symbolic.

    Raised by unification and builtins; `ground` then grounds the program again by
    enumerating values (the ordinary path), so the answer never depends on it.
    """


class Lin:
    """A symbolic integer `const + sum(coef * value(group))` over choice groups' values.

    The grounder's arithmetic path binds the output of an integer-valued neural AD to
    `Lin(0, ((g, 1),))` instead of enumerating its values; `is/2` keeps sums, differences
    and constant multiples symbolic (`cortexlog.grounding.symbolic`). Terms are sorted
    by group, coefficients non-zero; a `Lin` never has zero terms (that is an `int`).

    >>> Lin(3, ((0, 2),)) == Lin(3, ((0, 2),)), Lin(3, ((0, 2),)) == Lin(4, ((0, 2),))
    (True, False)
    """

    __slots__ = ("const", "terms", "_hash")

    def __init__(self, const: int, terms: tuple[tuple[int, int], ...]) -> None:
        self.const = const
        self.terms = terms
        self._hash = hash(("$lin", const, terms))

    def __eq__(self, other: object) -> bool:
        return type(other) is Lin and other.const == self.const and other.terms == self.terms

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        parts = [f"{c}*v{g}" for g, c in self.terms]
        return " + ".join(parts + ([str(self.const)] if self.const else []))


def _lin_mismatch(a: Any, b: Any) -> bool:
    """Unify a `Lin` with a different non-variable term: False when they differ in every
    world (a `Lin` is always an integer), else raise `SymbolicEscape` (world-dependent)."""
    other = b if type(a) is Lin else a
    if type(other) is int or type(other) is Lin:
        raise SymbolicEscape(f"unification of a symbolic value with {other!r}")
    return False


class V:
    """A logic variable: `ref` is None while unbound, else the bound term."""

    __slots__ = ("ref",)

    def __init__(self) -> None:
        self.ref: Any = None

    def __repr__(self) -> str:
        return f"_G{id(self) % 100000}"


class PStr:
    """A double-quoted string constant."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is PStr and other.value == self.value

    def __hash__(self) -> int:
        return hash(("$str", self.value))


class Flt(float):
    """A float constant. Unlike Python floats, `Flt(2.0)` differs from `2` (as `2 \\== 2.0`).

    Table keys, answers and rules hash terms; with plain floats the tuples `(p, 2)` and
    `(p, 2.0)` would be equal. Arithmetic on a `Flt` returns plain Python numbers.

    >>> ("p", Flt(2.0)) == ("p", 2), Flt(2.0) == Flt(2.0)
    (False, True)
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is Flt and float.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("$flt", float(self)))


def number(x: int | float) -> int | Flt:
    """The internal term of an arithmetic result (a `float` becomes a `Flt`)."""
    if isinstance(x, float):
        return x if type(x) is Flt else Flt(x)
    return x


class Named:
    """A constant written as a variable name: a clause's own variable `V_i` in the answer
    of `query(clause(H, B))` (ProbLog prints the stored clause with such names)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return type(other) is Named and other.name == self.name

    def __hash__(self) -> int:
        return hash(("$named", self.name))

    def __repr__(self) -> str:
        return self.name


class Mark:
    """A numbered placeholder for an unbound variable inside a variant key or stored answer."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def __repr__(self) -> str:
        return f"_M{self.i}"


_MARKS = [Mark(i) for i in range(64)]


def mark(i: int) -> Mark:
    """Return the shared placeholder number `i` (shared so that keys hash and compare)."""
    while i >= len(_MARKS):
        _MARKS.append(Mark(len(_MARKS)))
    return _MARKS[i]


class Slot:
    """Template variable number `i` of a clause."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i


class TC:
    """Template compound: a compound subterm that contains clause variables."""

    __slots__ = ("functor", "args", "n")

    def __init__(self, functor: str, args: tuple[Any, ...]) -> None:
        self.functor = functor
        self.args = args
        self.n = len(args) + 1


def deref(t: Any) -> Any:
    """Follow variable bindings to the bound term (or the unbound variable)."""
    while type(t) is V and t.ref is not None:
        t = t.ref
    return t


def unify(a: Any, b: Any, trail: list[V]) -> bool:
    """Unify two internal terms, recording bindings on `trail` (no occurs check)."""
    while True:
        while type(a) is V and a.ref is not None:
            a = a.ref
        while type(b) is V and b.ref is not None:
            b = b.ref
        if a is b:
            return True
        if type(a) is V:
            a.ref = b
            trail.append(a)
            return True
        if type(b) is V:
            b.ref = a
            trail.append(b)
            return True
        ta = type(a)
        if ta is not tuple:
            if ta is type(b) and a == b:
                return True
            return (ta is Lin or type(b) is Lin) and _lin_mismatch(a, b)
        if type(b) is not tuple or len(a) != len(b) or a[0] != b[0]:
            return False
        last = len(a) - 1
        for i in range(1, last):
            if not unify(a[i], b[i], trail):
                return False
        a, b = a[last], b[last]


def undo(trail: list[V], mark_at: int) -> None:
    """Undo the bindings recorded on `trail` since position `mark_at`."""
    while len(trail) > mark_at:
        trail.pop().ref = None


def resolve(t: Any) -> Any:
    """Return the term with all bound variables replaced by their values."""
    while type(t) is V and t.ref is not None:
        t = t.ref
    if type(t) is tuple:
        return (t[0], *[resolve(a) for a in t[1:]])
    return t


def inst(t: Any, frame: list[Any]) -> Any:
    """Instantiate a template term with the clause's variable frame (creating variables)."""
    tt = type(t)
    if tt is Slot:
        v = frame[t.i]
        if v is None:
            v = frame[t.i] = V()
        return v
    if tt is TC:
        return (t.functor, *[inst(a, frame) for a in t.args])
    return t


def unify_head(p: Any, t: Any, frame: list[Any], trail: list[V]) -> bool:
    """Unify template `p` (under `frame`) with term `t`, binding slots without copying."""
    tp = type(p)
    if tp is Slot:
        cur = frame[p.i]
        if cur is None:
            frame[p.i] = t
            return True
        return unify(cur, t, trail)
    while type(t) is V and t.ref is not None:
        t = t.ref
    if tp is TC:
        if type(t) is V:
            t.ref = inst(p, frame)
            trail.append(t)
            return True
        if type(t) is not tuple or len(t) != p.n or t[0] != p.functor:
            return False
        for i, a in enumerate(p.args, 1):
            if not unify_head(a, t[i], frame, trail):
                return False
        return True
    return unify(p, t, trail)


def first_arg(goal: Any) -> Any:
    """The dereferenced first argument of a goal (a fresh variable for an atom goal)."""
    return deref(goal[1]) if type(goal) is tuple else V()
