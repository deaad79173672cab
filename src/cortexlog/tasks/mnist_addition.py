"""MNIST addition (DeepProbLog): learn digits from the sums of N-digit numbers.

An example is 2N images: the first N form one number (most significant digit first), the
next N the other; the label is the sum. Examples are consecutive images after a seeded
shuffle of the split, as in DeepProbLog. The program is written against placeholder
constants (`img0, img1, ...`) so one compiled circuit serves every example.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from cortexlog.data.mnist import MnistData
from cortexlog.language.terms import Num, Struct, Term, make_list

DIGITS = "[0,1,2,3,4,5,6,7,8,9]"
_DIGIT_NN = f"nn(mnist_net,[X],Y,{DIGITS}) :: digit(X,Y).\n"

PROGRAM_1 = (
    "% MNIST addition, single digits: the network classifies each image,\n"
    "% the rule says the label is the sum of the two digits.\n"
    + _DIGIT_NN
    + "addition(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1+N2.\n"
)

PROGRAM_N = (
    "% MNIST addition, multi-digit numbers (lists of images, most significant first).\n"
    + _DIGIT_NN
    + "number([],Result,Result).\n"
    "number([H|T],Acc,Result) :- digit(H,Nr), Acc2 is Nr+10*Acc, number(T,Acc2,Result).\n"
    "number(X,Y) :- number(X,0,Y).\n"
    "addition(X,Y,Z) :- number(X,X2), number(Y,Y2), Z is X2+Y2.\n"
)


def program_text(digits: int) -> str:
    """The built-in MNIST-addition program for numbers of `digits` digits.

    Args:
        digits: N >= 1.

    Returns:
        The program text (the same as `examples/mnist_addition*.pl`, minus comments).
    """
    if digits < 1:
        raise ValueError("digits must be >= 1")
    return PROGRAM_1 if digits == 1 else PROGRAM_N


def n_sums(digits: int) -> int:
    """Number of possible labels: 19 for N=1, 199 for N=2.

    >>> n_sums(1), n_sums(2)
    (19, 199)
    """
    return 2 * (10**digits - 1) + 1


def placeholders(digits: int) -> tuple[str, ...]:
    """The placeholder constants standing for an example's 2N images, in order.

    >>> placeholders(1)
    ('img0', 'img1')
    """
    return tuple(f"img{i}" for i in range(2 * digits))


def _operands(digits: int) -> tuple[Term, Term]:
    names = [Struct(p) for p in placeholders(digits)]
    if digits == 1:
        return names[0], names[1]
    return make_list(names[:digits]), make_list(names[digits:])


def addition_queries(digits: int) -> list[Struct]:
    """The ground query pattern: `addition(img0, img1, s)` for every possible sum s.

    >>> [str(q) for q in addition_queries(1)][:2]
    ['addition(img0,img1,0)', 'addition(img0,img1,1)']
    >>> str(addition_queries(2)[-1])
    'addition([img0, img1],[img2, img3],198)'
    """
    x, y = _operands(digits)
    return [Struct("addition", (x, y, Num(s))) for s in range(n_sums(digits))]


def constraint_clauses(digits: int) -> str:
    """Clauses added for logic-in-the-loss: a sum head and the rule it must agree with.

    `consistent(img...)` holds when the sum head's symbol is the sum the program derives
    from the digit symbols, i.e. the rule `sum = d1 + d2` is satisfied.

    Args:
        digits: N.

    Returns:
        Program text to append to the addition program.
    """
    args = [f"I{i}" for i in range(2 * digits)]
    sums = ",".join(str(s) for s in range(n_sums(digits)))
    x, y = (args[0], args[1]) if digits == 1 else (
        "[" + ",".join(args[:digits]) + "]", "[" + ",".join(args[digits:]) + "]")
    a = ",".join(args)
    return (
        f"nn(sum_net,[{a}],S,[{sums}]) :: sum({a},S).\n"
        f"consistent({a}) :- addition({x},{y},S), sum({a},S).\n"
    )


def constraint_query(digits: int) -> Struct:
    """The ground constraint query `consistent(img0, ..., img2N-1)`."""
    return Struct("consistent", tuple(Struct(p) for p in placeholders(digits)))


@dataclass(frozen=True)
class AdditionData:
    """MNIST-addition examples as indices into an image tensor.

    Attributes:
        images: [n_images, 1, H, W], shared with the source split.
        index: [M, 2N] image indices of each example.
        digits: [M, 2N] the true digit of each image (only for evaluation).
        sums: [M] the label.
        n_digits: N.
    """

    images: torch.Tensor
    index: torch.Tensor
    digits: torch.Tensor
    sums: torch.Tensor
    n_digits: int

    def __len__(self) -> int:
        return int(self.sums.shape[0])

    def batch(self, rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Images [B, 2N, 1, H, W] and sums [B] of the examples `rows`."""
        return self.images[self.index[rows]], self.sums[rows]


def make_addition_data(
    data: MnistData, digits: int = 1, size: int | None = None, seed: int = 0
) -> AdditionData:
    """Group a split into addition examples: consecutive images after a seeded shuffle.

    Args:
        data: the split.
        digits: N, digits per number.
        size: keep the first `size` examples (all when None).
        seed: the shuffle seed.

    Returns:
        The examples.
    """
    group = 2 * digits
    order = torch.randperm(len(data), generator=torch.Generator().manual_seed(seed))
    m = len(data) // group if size is None else min(size, len(data) // group)
    index = order[: m * group].view(m, group)
    dig = data.labels[index]
    weights = 10 ** torch.arange(digits - 1, -1, -1)
    sums = (dig[:, :digits] * weights).sum(1) + (dig[:, digits:] * weights).sum(1)
    return AdditionData(data.images, index, dig, sums, digits)
