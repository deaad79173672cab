"""Digit tasks from labelled images: relations of two numbers written with MNIST digits.

Each task is a program plus a generator of examples `rel(A, B, Out)` (or `rel(A, B)` with
a true/false target) from the labels of a tensor source. Numbers are single images for
N=1 and lists of N images (most significant first) otherwise. Examples use consecutive
images after a seeded shuffle, as DeepProbLog does.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from cortexlog.language.terms import Num, Struct, Term, make_list
from cortexlog.train.examples import Example

DIGITS = "[0,1,2,3,4,5,6,7,8,9]"
DIGIT_NN = f"nn(mnist_net,[X],Y,{DIGITS}) :: digit(X,Y).\n"
NUMBER = (
    "number([],Result,Result).\n"
    "number([H|T],Acc,Result) :- digit(H,Nr), Acc2 is Nr+10*Acc, number(T,Acc2,Result).\n"
    "number(X,Y) :- number(X,0,Y).\n"
)


def addition_program(digits: int = 1) -> str:
    """MNIST addition (DeepProbLog): the label is the sum of two N-digit numbers.

    >>> print(addition_program(1).splitlines()[-1])
    addition(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1+N2.
    """
    if digits == 1:
        return DIGIT_NN + "addition(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1+N2.\n"
    return DIGIT_NN + NUMBER + "addition(X,Y,Z) :- number(X,X2), number(Y,Y2), Z is X2+Y2.\n"


SUBTRACTION = DIGIT_NN + "subtraction(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1-N2.\n"
MAXIMUM = DIGIT_NN + "maximum(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is max(N1,N2).\n"
EQUALITY = DIGIT_NN + "equal(X,Y) :- digit(X,N), digit(Y,N).\n"


def tensor_ref(source: str, index: int) -> Struct:
    """`tensor(source(index))`.

    >>> str(tensor_ref("train", 3))
    'tensor(train(3))'
    """
    return Struct("tensor", (Struct(source, (Num(index),)),))


def _pairs(labels: torch.Tensor, group: int, size: int | None, seed: int) -> torch.Tensor:
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    m = len(labels) // group if size is None else min(size, len(labels) // group)
    return order[: m * group].view(m, group)


def _number(source: str, idx: list[int]) -> Term:
    refs = [tensor_ref(source, i) for i in idx]
    return refs[0] if len(refs) == 1 else make_list(refs)


def _value(labels: torch.Tensor, idx: list[int]) -> int:
    v = 0
    for i in idx:
        v = 10 * v + int(labels[i])
    return v


def relation_examples(name: str, fn: Callable[[int, int], int], labels: torch.Tensor,
                      source: str, digits: int = 1, size: int | None = None,
                      seed: int = 0) -> list[Example]:
    """Examples `name(A, B, fn(a, b))` over two N-digit numbers.

    Args:
        name: the predicate.
        fn: the label of two numbers.
        labels: the digit label of each item of the source.
        source: the tensor-source name.
        digits: N.
        size: number of examples (all that fit when None).
        seed: the shuffle seed.

    Returns:
        The examples.
    """
    out = []
    for row in _pairs(labels, 2 * digits, size, seed).tolist():
        a, b = row[:digits], row[digits:]
        q = Struct(name, (_number(source, a), _number(source, b),
                          Num(fn(_value(labels, a), _value(labels, b)))))
        out.append(Example(q))
    return out


def equality_examples(labels: torch.Tensor, source: str, size: int | None = None,
                      seed: int = 0) -> list[Example]:
    """Balanced examples `equal(A, B)`: half equal digit pairs (target 1), half not (0).

    Args:
        labels: the digit label of each item.
        source: the tensor-source name.
        size: number of examples (default: half the items).
        seed: the seed.

    Returns:
        The examples, positives and negatives interleaved at random.
    """
    gen = torch.Generator().manual_seed(seed)
    n = len(labels) // 2 if size is None else size
    by_digit = [torch.nonzero(labels == d).squeeze(1) for d in range(10)]
    out = []
    for k in range(n):
        a = int(torch.randint(len(labels), (1,), generator=gen))
        da = int(labels[a])
        pool = by_digit[da] if k % 2 == 0 else torch.nonzero(labels != da).squeeze(1)
        pool = pool[pool != a]  # the same image twice would be a different, trivial shape
        b = int(pool[int(torch.randint(len(pool), (1,), generator=gen))])
        q = Struct("equal", (tensor_ref(source, a), tensor_ref(source, b)))
        out.append(Example(q, 1.0 if int(labels[b]) == da else 0.0))
    perm = torch.randperm(n, generator=gen).tolist()
    return [out[i] for i in perm]
