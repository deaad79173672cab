"""Variant keys: a term with its unbound variables numbered (`Mark`s) or named.

Tabling keys a call by its variant (`keyify`), stores answers as keys and gives them back
with fresh variables (`unkey`); answers shown to users name their variables (`name_vars`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cortexlog.grounding.internal import Mark, Named, V, deref, mark

# Ground, variable-free compound terms already seen by `keyify` (by identity; the values
# keep the objects alive). Cleared by `ground` after each run.
GROUND: dict[int, Any] = {}


def keyify(t: Any, seen: dict[V, Mark]) -> Any:
    """Resolve a term, replacing unbound variables by numbered `Mark`s (a variant key).

    Args:
        t: the term.
        seen: variables already numbered (filled in); empty afterwards iff `t` is ground.

    Returns:
        The key term.
    """
    while type(t) is V:
        r = t.ref
        if r is None:
            m = seen.get(t)
            if m is None:
                m = seen[t] = mark(len(seen))
            return m
        t = r
    if type(t) is not tuple or id(t) in GROUND:
        return t
    new: list[Any] | None = None
    before = len(seen)
    i = 0
    for a in t:  # t[0] is the functor, a str
        ta = type(a)
        if ta is V or ta is tuple:
            k = keyify(a, seen)
            if k is not a and new is None:
                new = list(t[:i])
            if new is not None:
                new.append(k)
        elif new is not None:
            new.append(a)
        i += 1
    if new is None:
        GROUND[id(t)] = t
        return t
    out = tuple(new)
    if len(seen) == before:
        GROUND[id(out)] = out
    return out


def name_vars(t: Any, names: dict[V, Named], new_name: Callable[[V], str]) -> Any:
    """Resolve a term, replacing each unbound variable by its `Named`, one name throughout.

    Args:
        t: the term.
        names: the names given so far (filled in; share it between terms that must agree).
        new_name: the text for a variable met for the first time (called before it is
            added to `names`, so `len(names)` counts the earlier ones).

    Returns:
        The term.
    """
    t = deref(t)
    if type(t) is V:
        n = names.get(t)
        if n is None:
            n = names[t] = Named(new_name(t))
        return n
    if type(t) is tuple:
        return (t[0], *[name_vars(a, names, new_name) for a in t[1:]])
    return t


def unkey(t: Any, fresh: dict[Mark, V]) -> Any:
    """Replace the `Mark`s of a stored non-ground term by fresh variables."""
    tt = type(t)
    if tt is tuple:
        return (t[0], *[unkey(a, fresh) for a in t[1:]])
    if tt is Mark:
        v = fresh.get(t)
        if v is None:
            v = fresh[t] = V()
        return v
    return t
