"""MNIST-addition query patterns over placeholder constants, for pattern-level tests.

The trainer builds these itself from examples; tests that exercise `QueryPattern` and the
compilers directly use this fixed form: `addition(img0, img1, S)` for every sum S, and the
logic-in-the-loss constraint `consistent(img...) :- addition(...), sum(img..., S)`.
"""

from __future__ import annotations

from cortexlog.language.terms import Num, Struct, Term, make_list
from cortexlog.tasks.digits import addition_program


def program_text(digits: int) -> str:
    """The addition program for N-digit numbers."""
    return addition_program(digits)


def n_sums(digits: int) -> int:
    """Number of possible sums: 19 for N=1, 199 for N=2."""
    return 2 * (10**digits - 1) + 1


def placeholders(digits: int) -> tuple[str, ...]:
    """The placeholder constants of an example's 2N images."""
    return tuple(f"img{i}" for i in range(2 * digits))


def _operands(digits: int) -> tuple[Term, Term]:
    names = [Struct(p) for p in placeholders(digits)]
    if digits == 1:
        return names[0], names[1]
    return make_list(names[:digits]), make_list(names[digits:])


def addition_queries(digits: int) -> list[Struct]:
    """`addition(img0, img1, s)` for every possible sum s."""
    x, y = _operands(digits)
    return [Struct("addition", (x, y, Num(s))) for s in range(n_sums(digits))]


def constraint_clauses(digits: int) -> str:
    """A sum head `sum/2N+1` and `consistent/2N`: the head agrees with the program's sum."""
    args = [f"I{i}" for i in range(2 * digits)]
    sums = ",".join(str(s) for s in range(n_sums(digits)))
    x, y = (args[0], args[1]) if digits == 1 else (
        "[" + ",".join(args[:digits]) + "]", "[" + ",".join(args[digits:]) + "]")
    a = ",".join(args)
    return (f"nn(sum_net,[{a}],S,[{sums}]) :: sum({a},S).\n"
            f"consistent({a}) :- addition({x},{y},S), sum({a},S).\n")


def constraint_query(digits: int) -> Struct:
    """`consistent(img0, ..., img2N-1)`."""
    return Struct("consistent", tuple(Struct(p) for p in placeholders(digits)))
