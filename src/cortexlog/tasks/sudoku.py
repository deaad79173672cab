"""Visual 4x4 Sudoku validity: is a grid of 16 digit images (digits 0-3) a valid Sudoku?

Each row, column and 2x2 box must hold four different digits. Examples are
`valid([I1, ..., I16])` with target 1.0 for a valid grid and 0.0 for a grid with one
cell changed (half each); the network learns the digits from validity alone.
"""

from __future__ import annotations

import itertools

import torch

from cortexlog.language.terms import Struct, make_list
from cortexlog.tasks.digits import tensor_ref
from cortexlog.train.examples import Example

SIZE = 4
GROUPS: list[tuple[int, ...]] = (
    [tuple(range(r * 4, r * 4 + 4)) for r in range(4)]
    + [tuple(range(c, 16, 4)) for c in range(4)]
    + [(b, b + 1, b + 4, b + 5) for b in (0, 2, 8, 10)]
)


def _program() -> str:
    """The validity program: cells are read row by row and checked as soon as possible."""
    cells = [f"C{i}" for i in range(16)]
    vals = [f"V{i}" for i in range(16)]
    body: list[str] = []
    done: set[int] = set()
    for i in range(16):
        body.append(f"digit({cells[i]},{vals[i]})")
        done.add(i)
        for g in GROUPS:
            if i in g and set(g) <= done:
                body.append("all_different([" + ",".join(vals[j] for j in g) + "])")
    return (
        "% 4x4 visual Sudoku: a grid of 16 digit images is valid when every row, column\n"
        "% and 2x2 box holds four different digits (0-3).\n"
        "nn(mnist_net,[X],Y,[0,1,2,3]) :: digit(X,Y).\n"
        "all_different([]).\n"
        "all_different([X|Xs]) :- \\+ member(X,Xs), all_different(Xs).\n"
        f"valid([{','.join(cells)}]) :-\n    " + ",\n    ".join(body) + ".\n"
    )


PROGRAM = _program()


def valid_grids() -> list[tuple[int, ...]]:
    """Every valid 4x4 Sudoku (288), cells row by row.

    >>> len(valid_grids())
    288
    """
    out = []
    rows = list(itertools.permutations(range(SIZE)))
    for grid in itertools.product(rows, repeat=SIZE):
        cells = tuple(v for r in grid for v in r)
        if is_valid(cells):
            out.append(cells)
    return out


def is_valid(cells: tuple[int, ...]) -> bool:
    """True when no row, column or box repeats a digit."""
    return all(len({cells[j] for j in g}) == SIZE for g in GROUPS)


def sudoku_examples(labels: torch.Tensor, source: str, size: int, seed: int = 0) -> list[Example]:
    """Grids of images (digits 0-3): half valid (target 1), half with one cell changed (0).

    Args:
        labels: the digit label of each item of the source.
        source: the tensor-source name.
        size: number of grids.
        seed: the seed.

    Returns:
        The examples.
    """
    gen = torch.Generator().manual_seed(seed)
    grids = valid_grids()
    pools = [torch.nonzero(labels == d).squeeze(1) for d in range(SIZE)]
    out = []
    for k in range(size):
        cells = list(grids[int(torch.randint(len(grids), (1,), generator=gen))])
        if k % 2:
            pos = int(torch.randint(16, (1,), generator=gen))
            cells[pos] = (cells[pos] + 1 + int(torch.randint(3, (1,), generator=gen))) % SIZE
        picks = [torch.randperm(len(pool), generator=gen)[:16] for pool in pools]
        images = [int(pools[v][picks[v][i]]) for i, v in enumerate(cells)]  # all distinct
        grid = make_list([tensor_ref(source, i) for i in images])
        out.append(Example(Struct("valid", (grid,)), 1.0 if is_valid(tuple(cells)) else 0.0))
    return out
