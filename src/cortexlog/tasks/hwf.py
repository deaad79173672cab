"""Handwritten formulas (HWF-style): the value of a formula of digit and operator images.

A formula of n digits is `2n - 1` images, `d op d op ... d`, with MNIST digits and
generated operator glyphs (`cortexlog.data.operators`); its label is its value with the
usual precedence, rounded to 4 decimals. As in the HWF data (Li et al., 2020), formulas
of every length up to N digits are mixed (n uniform in 1..N), so the short ones
bootstrap the networks. Divisions by zero are not generated. The networks learn digits
and operators from the values alone.
"""

from __future__ import annotations

import torch

from cortexlog.data.operators import OPERATORS
from cortexlog.data.operators import SIZE as OP_SIZE
from cortexlog.language.terms import Num, Struct, make_list
from cortexlog.tasks.digits import tensor_ref
from cortexlog.train.examples import Example

PROGRAM = """\
% Handwritten formulas: a formula is an odd-length list of images, digits at even
% positions and operators at odd ones; its value follows the usual precedence
% (* and / before + and -), left to right.
nn(digit_net, [X], Y, [0,1,2,3,4,5,6,7,8,9]) :: digit(X, Y).
nn(op_net, [X], Y, [plus, minus, times, div]) :: op(X, Y).

formula(Images, Value) :- symbols(Images, Symbols), value(Symbols, V), close(V, Value).

symbols([D], [N]) :- digit(D, N).
symbols([D, O | Is], [N, Op | Ss]) :- digit(D, N), op(O, Op), symbols(Is, Ss).

% value(Symbols, V): a sum of products, evaluated left to right.
value(Ss, V) :- product(Ss, P, Rest), sum_rest(Rest, P, V).
sum_rest([], Acc, Acc).
sum_rest([plus | Ss], Acc, V) :- product(Ss, P, Rest), A is Acc + P, sum_rest(Rest, A, V).
sum_rest([minus | Ss], Acc, V) :- product(Ss, P, Rest), A is Acc - P, sum_rest(Rest, A, V).

product([N | Ss], P, Rest) :- product_rest(Ss, N, P, Rest).
product_rest([], Acc, Acc, []).
product_rest([plus | Ss], Acc, Acc, [plus | Ss]).
product_rest([minus | Ss], Acc, Acc, [minus | Ss]).
product_rest([times, N | Ss], Acc, P, Rest) :- A is Acc * N, product_rest(Ss, A, P, Rest).
product_rest([div, N | Ss], Acc, P, Rest) :- N =\\= 0, A is Acc / N, product_rest(Ss, A, P, Rest).

% the label is the value rounded to 4 decimals, as in the HWF data
close(V, R) :- ground(R), abs(V - R) < 0.0001.
close(V, R) :- var(R), R is round(V * 10000) / 10000.
"""


def formula_value(symbols: list[int | str]) -> float | None:
    """The value of a formula as the program computes it (None on a division by zero).

    Args:
        symbols: digits and operator names, alternating.

    Returns:
        The value rounded to 4 decimals (Python's rounding, as the program's `round/1`).

    >>> formula_value([7, "minus", 2, "times", 3, "div", 4])
    5.5
    """
    terms: list[tuple[str, int | float]] = []  # (sign, product), left to right
    sign, i = "plus", 0
    while i < len(symbols):
        prod: int | float = int(symbols[i])
        i += 1
        while i < len(symbols) and symbols[i] in ("times", "div"):
            op, n = symbols[i], int(symbols[i + 1])
            if op == "div" and n == 0:
                return None
            prod = prod * n if op == "times" else prod / n
            i += 2
        terms.append((sign, prod))
        if i < len(symbols):
            sign = str(symbols[i])
            i += 1
    total = terms[0][1]
    for s, p in terms[1:]:
        total = total + p if s == "plus" else total - p
    return round(total * 10000) / 10000


def hwf_examples(digit_labels: torch.Tensor, split: str, digits: int,
                 size: int | None, seed: int) -> list[Example]:
    """Examples `formula([I1, ..., I2N-1], Value)` from MNIST digits and operator images.

    Args:
        digit_labels: the labels of the split's digit images (source `split`).
        split: "train" or "test" (operator images come from source `split_ops`).
        digits: N, the most digits per formula (each has 1..N, uniformly).
        size: how many examples (default: as many as the digit images / N).
        seed: the generator's seed.

    Returns:
        The examples.
    """
    g = torch.Generator().manual_seed(seed * 2 + (split == "test"))
    n_ops = OP_SIZE["test" if split == "test" else "train"]
    count = size if size is not None else len(digit_labels) // digits
    examples: list[Example] = []
    while len(examples) < count:
        n = int(torch.randint(1, digits + 1, (), generator=g))
        idx = torch.randint(len(digit_labels), (n,), generator=g).tolist()
        ops = torch.randint(n_ops, (n - 1,), generator=g).tolist()
        symbols: list[int | str] = []
        refs = []
        for k, i in enumerate(idx):
            symbols.append(int(digit_labels[i]))
            refs.append(tensor_ref(split, i))
            if k < len(ops):
                symbols.append(OPERATORS[ops[k] % len(OPERATORS)])
                refs.append(tensor_ref(f"{split}_ops", ops[k]))
        value = formula_value(symbols)
        if value is None:
            continue
        query = Struct("formula", (make_list(refs), Num(float(value))))
        examples.append(Example(query))
    return examples
