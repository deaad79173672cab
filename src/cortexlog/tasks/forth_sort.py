"""Sorting with a learned comparator (DeepProbLog's Forth sort task, our own program).

Bubble sort whose swap decision is a network on the two numbers: `swap_net` reads the
pair (as numbers in the query, not tensors) and chooses `no_swap` or `swap`. Examples are
`forth_sort(List, Sorted)`; every distinct list is its own query shape, so a dataset has
hundreds of shapes.
"""

from __future__ import annotations

import torch

from cortexlog.language.terms import Num, Struct, make_list
from cortexlog.train.examples import Example

PROGRAM = (
    "% Bubble sort with a learned comparator: swap_net decides whether two numbers swap.\n"
    "nn(swap_net,[X,Y],Z,[no_swap,swap]) :: swap(X,Y,Z).\n"
    "order(X,Y,X,Y) :- swap(X,Y,no_swap).\n"
    "order(X,Y,Y,X) :- swap(X,Y,swap).\n"
    "% pass(List, Rest, Max): one pass carries the largest element to the end.\n"
    "pass([X],[],X).\n"
    "pass([X,Y|T],[Small|Rest],Max) :- order(X,Y,Small,Big), pass([Big|T],Rest,Max).\n"
    "bsort([],Acc,Acc).\n"
    "bsort([H|T],Acc,Sorted) :- pass([H|T],Rest,Max), bsort(Rest,[Max|Acc],Sorted).\n"
    "forth_sort(List,Sorted) :- bsort(List,[],Sorted).\n"
)


def sort_examples(size: int, lengths: tuple[int, ...] = (2, 3), seed: int = 0,
                  high: int = 10) -> list[Example]:
    """Examples `forth_sort([a, b, ...], sorted)` with random digits.

    Args:
        size: number of examples.
        lengths: list lengths, drawn uniformly.
        seed: the seed.
        high: numbers are drawn from 0 .. high-1.

    Returns:
        The examples.

    >>> str(sort_examples(1, (3,), seed=1)[0].query)[:11]
    'forth_sort('
    """
    gen = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(size):
        n = lengths[int(torch.randint(len(lengths), (1,), generator=gen))]
        xs = torch.randint(high, (n,), generator=gen).tolist()
        q = Struct("forth_sort", (make_list([Num(x) for x in xs]),
                                  make_list([Num(x) for x in sorted(xs)])))
        out.append(Example(q))
    return out
