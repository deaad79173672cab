"""Generators of exact-inference benchmark programs of growing size (deterministic seeds).

Every generator returns ProbLog program text that both ProbLog and cortexlog accept:

- `smokers(n)`: friends and smokers with `n` people and a cyclic friendship graph;
- `reachability(n)`: `path/2` in a random directed graph with `n` nodes and cycles;
- `dice_sum(k)`: the distribution of the sum of `k` fair dice (ADs + is/2);
- `digit_addition(n)`: DeepProbLog-style addition of two `n`-digit numbers whose digits are
  10-way annotated disjunctions, added digit by digit with a carry.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchProgram:
    """One benchmark program.

    Args:
        family: generator name (`smokers`, `reachability`, `dice`, `digits`).
        size: the size parameter given to the generator.
        text: the ProbLog program text.
    """

    family: str
    size: int
    text: str

    @property
    def name(self) -> str:
        """Display name such as `smokers(8)`."""
        return f"{self.family}({self.size})"


def smokers(n: int, seed: int = 0) -> str:
    """Friends and smokers with `n` people on a friendship ring plus random extra friends.

    Args:
        n: number of people (>= 2).
        seed: seed of the friendship graph.

    Returns:
        Program text querying `smokes/1` and `asthma/1` of a few people, with evidence.
    """
    rng = random.Random(f"smokers:{n}:{seed}")
    people = list(range(1, n + 1))
    lines = [" ".join(f"person({p})." for p in people)]
    friends: set[tuple[int, int]] = set()
    for p in people:  # a ring keeps everyone connected, plus one random friend each
        friends.add((p, p % n + 1))
        friends.add((p % n + 1, p))
        q = rng.choice([q for q in people if q != p])
        friends.add((p, q))
    lines += [f"friend({a}, {b})." for a, b in sorted(friends)]
    lines += [
        "0.3::stress(X) :- person(X).",
        "0.2::influences(X, Y) :- friend(X, Y).",
        "smokes(X) :- stress(X).",
        "smokes(X) :- friend(X, Y), influences(Y, X), smokes(Y).",
        "0.4::asthma(X) :- smokes(X).",
        "evidence(smokes(1), true).",
    ]
    targets = sorted({people[-1], people[len(people) // 2], 2})
    lines += [f"query(smokes({p}))." for p in targets]
    lines.append(f"query(asthma({people[-1]})).")
    return "\n".join(lines) + "\n"


def reachability(n: int, seed: int = 0) -> str:
    """`path/2` in a random graph: a cycle through all `n` nodes plus `n` extra random edges.

    Args:
        n: number of nodes (>= 3).
        seed: seed of the graph and edge probabilities.

    Returns:
        Program text querying reachability from node 0 to three other nodes.
    """
    rng = random.Random(f"reach:{n}:{seed}")
    edges: set[tuple[int, int]] = set()
    order = list(range(n))
    rng.shuffle(order)
    for i in range(n):  # a cycle through every node: everything is reachable from 0
        edges.add((order[i], order[(i + 1) % n]))
    while len(edges) < 2 * n:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((a, b))
    lines = [f"{rng.randint(10, 90) / 100:.2f}::edge({a}, {b})." for a, b in sorted(edges)]
    lines += ["path(X, Y) :- edge(X, Y).", "path(X, Y) :- edge(X, Z), path(Z, Y)."]
    lines += [f"query(path(0, {t}))." for t in sorted({n - 1, n // 2, 1})]
    return "\n".join(lines) + "\n"


def dice_sum(k: int) -> str:
    """The sum of `k` fair six-sided dice, accumulated die by die.

    Args:
        k: number of dice (>= 1).

    Returns:
        Program text querying the probability of three different sums.
    """
    lines = [
        "1/6::die(I, 1); 1/6::die(I, 2); 1/6::die(I, 3); "
        f"1/6::die(I, 4); 1/6::die(I, 5); 1/6::die(I, 6) :- between(1, {k}, I).",
        "sum(0, 0).",
        "sum(I, S) :- I > 0, I0 is I - 1, sum(I0, S0), die(I, V), S is S0 + V.",
    ]
    for s in sorted({k, (7 * k) // 2, 6 * k - 1}):
        lines.append(f"query(sum({k}, {s})).")
    return "\n".join(lines) + "\n"


def _digit_probs(rng: random.Random) -> list[float]:
    """Ten probabilities (4 decimals) summing to exactly 1, like a softmax over digits."""
    weights = [rng.random() ** 3 for _ in range(10)]
    total = sum(weights)
    probs = [round(w / total, 4) for w in weights]
    probs[-1] = round(1.0 - sum(probs[:-1]), 4)
    if probs[-1] < 0:  # rounding pushed the sum above 1: give the excess back
        probs[int(max(range(9), key=probs.__getitem__))] += probs[-1]
        probs[-1] = 0.0
    return probs


def digit_addition(n: int, seed: int = 0) -> str:
    """Addition of two `n`-digit numbers; digits are 10-way ADs, least significant first.

    Args:
        n: digits per number (>= 1).
        seed: seed of the digit distributions.

    Returns:
        Program text querying two sums (carry-based encoding, linear in `n`).
    """
    rng = random.Random(f"digits:{n}:{seed}")
    lines = []
    for side in ("a", "b"):
        for i in range(n):
            probs = _digit_probs(rng)
            heads = "; ".join(f"{p:.4f}::digit({side}{i}, {d})" for d, p in enumerate(probs))
            lines.append(heads + ".")
    lines += [
        "add([], [], C, Z) :- Z =:= C.",
        "add([A|As], [B|Bs], C, Z) :- digit(A, DA), digit(B, DB), S is DA + DB + C,",
        "    S mod 10 =:= Z mod 10, C1 is S // 10, Z1 is Z // 10, add(As, Bs, C1, Z1).",
        "addition(As, Bs, Z) :- add(As, Bs, 0, Z).",
    ]
    a_list = "[" + ", ".join(f"a{i}" for i in range(n)) + "]"
    b_list = "[" + ", ".join(f"b{i}" for i in range(n)) + "]"
    for z in sorted({int("9" * n) + 1 - 1, rng.randrange(10**n)}):
        lines.append(f"query(addition({a_list}, {b_list}, {z})).")
    return "\n".join(lines) + "\n"


FAMILIES: dict[str, Callable[[int], str]] = {
    "smokers": smokers,
    "reachability": reachability,
    "dice": dice_sum,
    "digits": digit_addition,
}

SIZES_FULL: dict[str, list[int]] = {
    "smokers": [4, 8, 12, 16, 20, 24, 30],
    "reachability": [6, 10, 14, 18, 22, 26, 30],
    "dice": [2, 3, 4, 5],
    "digits": [1, 2, 3, 4],
}

SIZES_QUICK: dict[str, list[int]] = {
    "smokers": [4, 8, 12],
    "reachability": [6, 10, 14],
    "dice": [2, 3],
    "digits": [1, 2],
}


def suite(quick: bool = False) -> list[BenchProgram]:
    """Return every benchmark program, family by family, in growing size.

    Args:
        quick: use the small `SIZES_QUICK` schedule (seconds) instead of `SIZES_FULL`.

    Returns:
        The programs in run order.
    """
    sizes = SIZES_QUICK if quick else SIZES_FULL
    return [BenchProgram(f, n, FAMILIES[f](n)) for f, ns in sizes.items() for n in ns]
