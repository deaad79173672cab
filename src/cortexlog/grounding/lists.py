"""List builtins (`member/2`, `append/3`, `length/2`, `sort/2`, ...) over internal terms.

Same conventions as `cortexlog.grounding.builtins`: `DET` returns a bool, `NONDET`
yields once per solution and undoes its bindings between solutions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from cortexlog.grounding.arith import evaluate
from cortexlog.grounding.builtins import list_items, make_list, need_int, order_key
from cortexlog.grounding.internal import EvalError, V, deref, number, undo, unify


def _cells(t: Any) -> tuple[list[Any], Any]:
    """Return the elements of a (possibly partial) list and its dereferenced tail."""
    out = []
    t = deref(t)
    while type(t) is tuple and len(t) == 3 and t[0] == ".":
        out.append(t[1])
        t = deref(t[2])
    return out, t


def _member(trail: list[V], x: Any, lst: Any) -> Iterator[None]:
    items, tail = _cells(lst)
    if not items and type(tail) is V:
        raise EvalError("instantiation error: member/2 needs a list, got an unbound variable")
    for item in items:
        m = len(trail)
        if unify(x, item, trail):
            yield None
        undo(trail, m)


def _memberchk(trail: list[V], x: Any, lst: Any) -> bool:
    for _ in _member(trail, x, lst):
        return True
    return False


def _append(trail: list[V], a: Any, b: Any, c: Any) -> Iterator[None]:
    items, tail = _cells(a)
    if type(tail) is str and tail == "[]":
        m = len(trail)
        if unify(c, make_list(items, b), trail):
            yield None
        undo(trail, m)
        return
    whole = list_items(c, "the third argument of append/3 (when the first is not a list)")
    for i in range(len(whole) + 1):
        m = len(trail)
        if unify(a, make_list(whole[:i]), trail) and unify(b, make_list(whole[i:]), trail):
            yield None
        undo(trail, m)


def _length(trail: list[V], lst: Any, n: Any) -> bool:
    items, tail = _cells(lst)
    if type(tail) is str and tail == "[]":
        return unify(n, len(items), trail)
    k = need_int(n, "the length in length/2 (for a partial list)")
    assert k is not None
    if type(tail) is not V or k < len(items):
        return False
    return unify(tail, make_list([V() for _ in range(k - len(items))]), trail)


def _nth(base: int) -> Callable[[list[V], Any, Any, Any], Iterator[None]]:
    def run(trail: list[V], i: Any, lst: Any, x: Any) -> Iterator[None]:
        items = list_items(lst, "the list of nth0/nth1")
        k = need_int(i, "the index of nth0/nth1", allow_var=True)
        positions = range(len(items)) if k is None else [k - base]
        for p in positions:
            if 0 <= p < len(items):
                m = len(trail)
                if unify(i, p + base, trail) and unify(x, items[p], trail):
                    yield None
                undo(trail, m)

    return run


def _reverse(trail: list[V], a: Any, b: Any) -> bool:
    return unify(b, make_list(list(reversed(list_items(a, "reverse/2's list")))), trail)


def _last(trail: list[V], a: Any, x: Any) -> bool:
    items = list_items(a, "last/2's list")
    return bool(items) and unify(x, items[-1], trail)


def _select(trail: list[V], x: Any, lst: Any, rest: Any) -> Iterator[None]:
    items = list_items(lst, "select/3's list")
    for i, item in enumerate(items):
        m = len(trail)
        if unify(x, item, trail) and unify(rest, make_list(items[:i] + items[i + 1 :]), trail):
            yield None
        undo(trail, m)


def _sum(trail: list[V], lst: Any, s: Any) -> bool:
    total: int | float = 0
    for item in list_items(lst, "sum_list/2's list"):
        total += evaluate(item)
    return unify(s, number(total), trail)


def _extreme(pick: Callable[..., Any]) -> Callable[[list[V], Any, Any], bool]:
    def run(trail: list[V], lst: Any, x: Any) -> bool:
        values = [evaluate(v) for v in list_items(lst, "the list")]
        return bool(values) and unify(x, number(pick(values)), trail)

    return run


def _dedup_sorted(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    last: Any = None
    for item in sorted(items, key=order_key):
        k = order_key(item)
        if k != last:
            out.append(item)
            last = k
    return out


def _list_to_set(trail: list[V], lst: Any, out: Any) -> bool:
    seen: set[Any] = set()
    keep = []
    for item in list_items(lst, "list_to_set/2's list"):
        k = order_key(item)
        if k not in seen:
            seen.add(k)
            keep.append(item)
    return unify(out, make_list(keep), trail)


DET: dict[tuple[str, int], Callable[..., bool]] = {
    ("memberchk", 2): _memberchk,
    ("length", 2): _length,
    ("reverse", 2): _reverse,
    ("last", 2): _last,
    ("sum_list", 2): _sum,
    ("sumlist", 2): _sum,
    ("max_list", 2): _extreme(max),
    ("min_list", 2): _extreme(min),
    ("list_to_set", 2): _list_to_set,
    ("sort", 2): lambda trail, a, b: unify(
        b, make_list(_dedup_sorted(list_items(a, "sort/2's list"))), trail
    ),
    ("msort", 2): lambda trail, a, b: unify(
        b, make_list(sorted(list_items(a, "msort/2's list"), key=order_key)), trail
    ),
}

NONDET: dict[tuple[str, int], Callable[..., Iterator[None]]] = {
    ("member", 2): _member,
    ("append", 3): _append,
    ("nth0", 3): _nth(0),
    ("nth1", 3): _nth(1),
    ("select", 3): _select,
}
