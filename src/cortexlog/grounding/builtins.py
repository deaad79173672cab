"""Deterministic builtins: unification, comparison, type checks, term inspection, arithmetic.

Every builtin takes the trail and its (internal) arguments. `DET` builtins return a bool
(bindings stay on the trail); `NONDET` builtins are generators that yield once per
solution and undo their own bindings between solutions. Errors raise `EvalError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal, overload

from cortexlog.grounding.arith import compare, evaluate
from cortexlog.grounding.convert import type_name
from cortexlog.grounding.internal import EvalError, Flt, PStr, V, deref, number, undo, unify


def order_key(t: Any) -> tuple[Any, ...]:
    """Key of the standard order of terms: Var < Number < Atom < String < Compound.

    >>> sorted([("f", 1), "b", Flt(1.0), 1], key=order_key)
    [1.0, 1, 'b', ('f', 1)]
    """
    t = deref(t)
    tt = type(t)
    if tt is V:
        return (0, id(t))
    if tt is int:
        return (1, t, 1)
    if tt is Flt:
        return (1, float(t), 0)
    if tt is str:
        return (3, t)
    if tt is PStr:
        return (4, t.value)
    if tt is tuple:
        return (5, len(t) - 1, t[0], tuple(order_key(a) for a in t[1:]))
    return (2, repr(t))


@overload
def need_int(t: Any, what: str, allow_var: Literal[False] = False) -> int: ...


@overload
def need_int(t: Any, what: str, allow_var: bool) -> int | None: ...


def need_int(t: Any, what: str, allow_var: bool = False) -> int | None:
    """Return the integer value of `t`, None if unbound and `allow_var`, else raise."""
    t = deref(t)
    if type(t) is int:
        return t
    if type(t) is V:
        if allow_var:
            return None
        raise EvalError(f"instantiation error: {what} must be bound to an integer")
    raise EvalError(f"type error: {what} must be an integer, got {type_name(t)}")


def _is_list(t: Any) -> bool:
    """ProbLog's is_list/1: a proper list, or a list cell with an unbound tail (`[a|_]`)."""
    t = deref(t)
    cells = 0
    while type(t) is tuple and len(t) == 3 and t[0] == ".":
        t = deref(t[2])
        cells += 1
    return (t == "[]" and type(t) is str) or (type(t) is V and cells > 0)


def _ground(t: Any) -> bool:
    t = deref(t)
    if type(t) is V:
        return False
    if type(t) is tuple:
        return all(_ground(a) for a in t[1:])
    return True


def _callable(t: Any) -> bool:
    return type(t) is str or type(t) is tuple


def _typecheck(pred: Callable[[Any], bool]) -> Callable[[list[V], Any], bool]:
    return lambda trail, x: pred(deref(x))


def _is(trail: list[V], x: Any, e: Any) -> bool:
    return unify(x, number(evaluate(e)), trail)


def _not_unify(trail: list[V], a: Any, b: Any) -> bool:
    m = len(trail)
    ok = unify(a, b, trail)
    undo(trail, m)
    return not ok


def _cmp_builtin(op: str) -> Callable[[list[V], Any, Any], bool]:
    return lambda trail, a, b: compare(op, a, b)


def _order(test: Callable[[int], bool]) -> Callable[[list[V], Any, Any], bool]:
    def run(trail: list[V], a: Any, b: Any) -> bool:
        ka, kb = order_key(a), order_key(b)
        return test(0 if ka == kb else (-1 if ka < kb else 1))

    return run


def _functor(trail: list[V], t: Any, name: Any, arity: Any) -> bool:
    t = deref(t)
    if type(t) is V:
        n = need_int(arity, "the arity of functor/3")
        f = deref(name)
        if type(f) is V:
            raise EvalError("instantiation error: functor/3 needs a term or a name and arity")
        if n == 0:
            return unify(t, f, trail)
        if type(f) is not str:
            raise EvalError(f"type error: functor name must be an atom, got {type_name(f)}")
        return unify(t, (f, *[V() for _ in range(n)]), trail)
    if type(t) is tuple:
        return unify(name, t[0], trail) and unify(arity, len(t) - 1, trail)
    return unify(name, t, trail) and unify(arity, 0, trail)


def _arg(trail: list[V], n: Any, t: Any, a: Any) -> Iterator[None]:
    t = deref(t)
    if type(t) is not tuple:
        raise EvalError(f"type error: arg/3 needs a compound term, got {type_name(t)}")
    idx = need_int(n, "the index of arg/3", allow_var=True)
    indices = range(1, len(t)) if idx is None else [idx] if 0 < idx < len(t) else []
    for i in indices:
        m = len(trail)
        if unify(n, i, trail) and unify(a, t[i], trail):
            yield None
        undo(trail, m)


def _univ(trail: list[V], t: Any, lst: Any) -> bool:
    t = deref(t)
    if type(t) is tuple:
        return unify(lst, make_list(list(t)), trail)
    if type(t) is not V:
        return unify(lst, make_list([t]), trail)
    items = list_items(lst, "the list of =../2")
    if not items:
        raise EvalError("domain error: =../2 needs a non-empty list")
    head = deref(items[0])
    if len(items) == 1:
        return unify(t, head, trail)
    if type(head) is not str:
        raise EvalError(f"type error: functor name must be an atom, got {type_name(head)}")
    return unify(t, (head, *items[1:]), trail)


def _between(trail: list[V], lo: Any, hi: Any, x: Any) -> Iterator[None]:
    low = need_int(lo, "the lower bound of between/3")
    high = need_int(hi, "the upper bound of between/3")  # ProbLog rejects `inf` too
    xv = need_int(x, "the value of between/3", allow_var=True)
    if xv is not None:
        if low <= xv <= high:
            yield None
        return
    i = low
    while i <= high:
        m = len(trail)
        if unify(x, i, trail):
            yield None
        undo(trail, m)
        i += 1


def _succ(trail: list[V], a: Any, b: Any) -> bool:
    x = need_int(a, "the first argument of succ/2", allow_var=True)
    if x is not None:
        if x < 0:
            raise EvalError("type error: succ/2 needs a non-negative integer")
        return unify(b, x + 1, trail)
    y = need_int(b, "an argument of succ/2")
    assert y is not None
    return y > 0 and unify(a, y - 1, trail)


def _plus(trail: list[V], a: Any, b: Any, c: Any) -> bool:
    x = need_int(a, "plus/3", True)
    y = need_int(b, "plus/3", True)
    if x is not None and y is not None:
        return unify(c, x + y, trail)
    z = need_int(c, "plus/3 (two arguments must be bound)")
    assert z is not None
    if x is not None:
        return unify(b, z - x, trail)
    if y is not None:
        return unify(a, z - y, trail)
    raise EvalError("instantiation error: plus/3 needs two bound arguments")


def make_list(items: list[Any], tail: Any = "[]") -> Any:
    """Build an internal list term."""
    for item in reversed(items):
        tail = (".", item, tail)
    return tail


def list_items(t: Any, what: str) -> list[Any]:
    """Return the elements of a proper list, raising an `EvalError` for anything else."""
    out = []
    t = deref(t)
    while type(t) is tuple and len(t) == 3 and t[0] == ".":
        out.append(t[1])
        t = deref(t[2])
    if type(t) is V:
        raise EvalError(f"instantiation error: {what} must be a proper list, not a partial list")
    if not (type(t) is str and t == "[]"):
        raise EvalError(f"type error: {what} must be a list, got {type_name(t)}")
    return out


def _compare(trail: list[V], order: Any, a: Any, b: Any) -> bool:
    """compare/3: unify `order` with `<`, `=` or `>` by the standard order of terms."""
    x, y = order_key(a), order_key(b)
    return unify(order, "<" if x < y else ">" if x > y else "=", trail)


DET: dict[tuple[str, int], Callable[..., bool]] = {
    ("compare", 3): _compare,
    ("true", 0): lambda trail: True,
    ("fail", 0): lambda trail: False,
    ("false", 0): lambda trail: False,
    ("=", 2): lambda trail, a, b: unify(a, b, trail),
    ("\\=", 2): _not_unify,
    ("==", 2): lambda trail, a, b: order_key(a) == order_key(b),
    ("\\==", 2): lambda trail, a, b: order_key(a) != order_key(b),
    ("@<", 2): _order(lambda c: c < 0),
    ("@>", 2): _order(lambda c: c > 0),
    ("@=<", 2): _order(lambda c: c <= 0),
    ("@>=", 2): _order(lambda c: c >= 0),
    ("is", 2): _is,
    ("var", 1): _typecheck(lambda x: type(x) is V),
    ("nonvar", 1): _typecheck(lambda x: type(x) is not V),
    ("atom", 1): _typecheck(lambda x: type(x) is str),
    ("number", 1): _typecheck(lambda x: type(x) is int or type(x) is Flt),
    ("integer", 1): _typecheck(lambda x: type(x) is int),
    ("float", 1): _typecheck(lambda x: type(x) is Flt),
    ("atomic", 1): _typecheck(lambda x: type(x) in (str, int, Flt, PStr)),
    ("compound", 1): _typecheck(lambda x: type(x) is tuple),
    ("callable", 1): _typecheck(_callable),
    ("is_list", 1): _typecheck(_is_list),
    ("ground", 1): _typecheck(_ground),
    ("functor", 3): _functor,
    ("=..", 2): _univ,
    ("succ", 2): _succ,
    ("plus", 3): _plus,
}
for _op in ("<", "=<", ">", ">=", "=:=", "=\\="):
    DET[(_op, 2)] = _cmp_builtin(_op)

NONDET: dict[tuple[str, int], Callable[..., Iterator[None]]] = {
    ("arg", 3): _arg,
    ("between", 3): _between,
}
