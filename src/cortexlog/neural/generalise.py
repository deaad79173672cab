"""Ground many similar queries with one call: their least general generalisation.

A query pattern asks `addition(img0, img1, s)` for every sum `s`. Grounding each of them
separately repeats the same search once per label; grounding their least general
generalisation `addition(img0, img1, S)` once finds every answer in one search. The
relevant ground program of the generalisation contains the one of every instance, so the
compiled answers are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from cortexlog.language.terms import Struct, Term, Var


def least_general_generalisation(terms: Sequence[Term]) -> Term:
    """The most specific term of which every given term is an instance (Plotkin's lgg).

    Args:
        terms: one or more terms.

    Returns:
        The generalisation; the same differing argument tuple maps to the same variable.

    >>> from cortexlog.language.terms import Num
    >>> a = [Struct("add", (Struct("x"), Num(s))) for s in range(3)]
    >>> str(least_general_generalisation(a))
    'add(x,_LGG0)'
    """
    table: dict[tuple[Term, ...], Var] = {}
    return _lgg(tuple(terms), table)


def _lgg(terms: tuple[Term, ...], table: dict[tuple[Term, ...], Var]) -> Term:
    first = terms[0]
    if all(t == first for t in terms):
        return first
    structs = [t for t in terms if isinstance(t, Struct)]
    if isinstance(first, Struct) and len(structs) == len(terms) and all(
        t.functor == first.functor and len(t.args) == len(first.args) for t in structs
    ):
        args = tuple(
            _lgg(tuple(t.args[i] for t in structs), table) for i in range(len(first.args))
        )
        return Struct(first.functor, args)
    if terms not in table:
        table[terms] = Var(f"_LGG{len(table)}")
    return table[terms]


def generalise_queries(queries: Sequence[Term]) -> list[Term]:
    """Replace each group of same-predicate queries by their generalisation.

    Args:
        queries: query terms.

    Returns:
        One term per predicate indicator (or per non-compound query), in first-seen order.

    >>> from cortexlog.language.terms import Num
    >>> qs = [Struct("p", (Num(1),)), Struct("q"), Struct("p", (Num(2),))]
    >>> [str(t) for t in generalise_queries(qs)]
    ['p(_LGG0)', 'q']
    """
    groups: dict[tuple[str, int] | int, list[Term]] = {}
    for i, q in enumerate(queries):
        key: tuple[str, int] | int = (q.functor, len(q.args)) if isinstance(q, Struct) else i
        groups.setdefault(key, []).append(q)
    return [least_general_generalisation(g) for g in groups.values()]
