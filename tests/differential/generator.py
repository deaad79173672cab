"""Random ProbLog programs for differential testing (deterministic: one program per seed).

Three families, each drawn from a `random.Random(seed)`:

- `propositional`: probabilistic facts, an annotated disjunction, derived atoms whose rules
  form positive cycles inside a stratum and use negation only on lower strata, probabilistic
  rules, evidence.
- `relational`: a random directed graph with a guaranteed cycle, reachability (left- or
  right-recursive), ADs with variables, stratified negation, rules sharing variables, evidence.
- `arithmetic`: integer-valued ADs combined with is/2 (+ - * // mod min max abs **),
  comparisons and between/3, evidence on comparisons.

- `lists`: findall/3 over per-item ADs, then length/2, sum_list/2, max_list/2, member/2 on
  the collected list (only order-independent results are queried).

Evidence may occasionally be inconsistent (probability 0); the harness then requires both
ProbLog and cortexlog to raise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILIES: tuple[str, ...] = ("propositional", "relational", "arithmetic", "lists")
PER_FAMILY = 110


@dataclass(frozen=True)
class GeneratedProgram:
    """One generated program.

    Args:
        family: which generator family produced it.
        seed: the seed that reproduces it.
        text: the ProbLog program text.
    """

    family: str
    seed: int
    text: str

    @property
    def name(self) -> str:
        """A stable test id such as `relational-0042`."""
        return f"{self.family}-{self.seed:04d}"


def _prob(rng: random.Random) -> str:
    """Return a probability literal: mostly 2-digit decimals, sometimes a fraction."""
    if rng.random() < 0.15:
        den = rng.randint(2, 9)
        return f"{rng.randint(1, den - 1)}/{den}"
    return f"{rng.randint(5, 95) / 100:.2f}"


def _ad_probs(rng: random.Random, k: int) -> list[str]:
    """Return k 2-digit probabilities summing to at most 1 (sometimes exactly 1)."""
    weights = [rng.randint(1, 10) for _ in range(k)]
    total = 100 if rng.random() < 0.5 else rng.randint(50, 99)
    cents = [max(1, w * total // sum(weights)) for w in weights]
    if total == 100:
        cents[-1] = 100 - sum(cents[:-1])
    return [f"{c / 100:.2f}" for c in cents]


def _propositional(rng: random.Random) -> list[str]:
    """Atoms f*, an AD over c*, derived atoms d* in strata of two with cycles inside."""
    n_facts, n_derived = rng.randint(2, 4), rng.randint(3, 6)
    lines = [f"{_prob(rng)}::f{i}." for i in range(n_facts)]
    base = [f"f{i}" for i in range(n_facts)]
    if rng.random() < 0.7:
        k = rng.randint(2, 3)
        heads = [f"{p}::c{i}" for i, p in enumerate(_ad_probs(rng, k))]
        lines.append("; ".join(heads) + ".")
        base += [f"c{i}" for i in range(k)]

    def stratum(i: int) -> int:
        return i // 2

    for i in range(n_derived):
        for _ in range(rng.randint(1, 3)):
            body: list[str] = []
            for _ in range(rng.randint(1, 3)):
                lower = [f"d{j}" for j in range(n_derived) if stratum(j) < stratum(i)]
                same = [f"d{j}" for j in range(n_derived) if stratum(j) == stratum(i)]
                roll = rng.random()
                if roll < 0.2 and lower:
                    body.append(f"\\+ {rng.choice(lower)}")
                elif roll < 0.3:
                    body.append(f"\\+ {rng.choice(base)}")
                elif roll < 0.55:
                    body.append(rng.choice(same + lower))
                else:
                    body.append(rng.choice(base))
            head = f"d{i}" if rng.random() < 0.7 else f"{_prob(rng)}::d{i}"
            lines.append(f"{head} :- {', '.join(dict.fromkeys(body))}.")
    # Give the last stratum direct base support so the top atoms are rarely impossible.
    pair = rng.sample(base, 2)
    lines.append(f"d{n_derived - 1} :- {pair[0]}, {pair[1]}.")
    atoms = [f"d{i}" for i in range(n_derived)]
    if rng.random() < 0.4:
        target = rng.choice(atoms + base)
        lines.append(f"evidence({target}, {rng.choice(['true', 'false'])}).")
    for q in rng.sample(atoms, rng.randint(2, min(4, n_derived))):
        lines.append(f"query({q}).")
    if rng.random() < 0.5:
        lines.append(f"query({rng.choice(base)}).")
    return lines


def _relational(rng: random.Random) -> list[str]:
    """A random graph with a cycle, reachability, colours, negation and shared variables."""
    n = rng.randint(3, 5)
    nodes = [f"n{i}" for i in range(n)]
    lines = [" ".join(f"node({x})." for x in nodes)]
    cycle = rng.sample(nodes, rng.randint(2, n))
    edges = {(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))}
    for _ in range(rng.randint(1, n)):
        a, b = rng.choice(nodes), rng.choice(nodes)
        edges.add((a, b))
    lines += [f"{_prob(rng)}::edge({a}, {b})." for a, b in sorted(edges)]
    if rng.random() < 0.5:
        lines += ["path(X, Y) :- edge(X, Y).", "path(X, Y) :- edge(X, Z), path(Z, Y)."]
    else:
        lines += ["path(X, Y) :- edge(X, Y).", "path(X, Y) :- path(X, Z), edge(Z, Y)."]
    queries = [f"path({rng.choice(nodes)}, {rng.choice(nodes)})" for _ in range(2)]
    extras = rng.sample(["color", "src", "negation", "shared", "nonground"], rng.randint(1, 4))
    if "color" in extras or "shared" in extras:
        p = _ad_probs(rng, 2)
        lines.append(f"{p[0]}::color(X, red); {p[1]}::color(X, blue) :- node(X).")
        queries.append(f"color({rng.choice(nodes)}, red)")
    if "src" in extras:
        lines.append(f"{_prob(rng)}::src(X) :- node(X).")
        lines.append("lit(Y) :- src(X), path(X, Y).")
        queries.append(f"lit({rng.choice(nodes)})")
    if "negation" in extras:
        lines.append("reaches_some(X) :- path(X, _).")
        lines.append("stuck(X) :- node(X), \\+ reaches_some(X).")
        lines.append("indirect(X, Y) :- path(X, Y), \\+ edge(X, Y).")
        queries += [f"stuck({rng.choice(nodes)})", f"indirect({cycle[0]}, {cycle[-1]})"]
    if "shared" in extras:
        lines.append(f"{_prob(rng)}::agree(X, Y) :- edge(X, Y), color(X, C), color(Y, C).")
        lines.append("chain(X) :- agree(X, Y), agree(Y, _).")
        queries.append(f"chain({rng.choice(nodes)})")
    if "nonground" in extras:
        queries.append(f"path({rng.choice(nodes)}, _)")
    if rng.random() < 0.4:
        a, b = rng.choice(sorted(edges))
        lines.append(f"evidence(edge({a}, {b}), {rng.choice(['true', 'false'])}).")
    if rng.random() < 0.3:
        lines.append(f"evidence({queries[0]}, true).")
    lines += [f"query({q})." for q in dict.fromkeys(queries)]
    return lines


_BINARY = ("A + B", "A - B", "A * B", "max(A, B)", "min(A, B)", "abs(A - B)",
           "(A * B) mod 3", "(A + B) // 2", "A ** 2 + B")
_COMPARE = ("A < B", "A =< B", "A > B", "A >= B", "A =:= B", "A =\\= B")


def _arithmetic(rng: random.Random) -> list[str]:
    """Integer ADs v(Name, Value) combined through is/2, comparisons and between/3."""
    names = ["a", "b", "c"][: rng.randint(2, 3)]
    lines: list[str] = []
    values: dict[str, list[int]] = {}
    for name in names:
        vals = sorted(rng.sample(range(-3, 6), rng.randint(2, 3)))
        values[name] = vals
        probs = _ad_probs(rng, len(vals))
        heads = (f"{p}::v({name}, {v})" for p, v in zip(probs, vals, strict=True))
        lines.append("; ".join(heads) + ".")
    x, y = rng.sample(names, 2)
    expr = rng.choice(_BINARY)
    lines.append(f"r(S) :- v({x}, A), v({y}, B), S is {expr}.")
    env_results = sorted(
        {eval(_python_expr(expr), {"A": a, "B": b}) for a in values[x] for b in values[y]}
    )
    comp = rng.choice(_COMPARE)
    lines.append(f"cmp :- v({x}, A), v({y}, B), {comp}.")
    lo = rng.randint(-2, 3)
    lines.append(f"in_range :- r(S), between({lo}, {lo + rng.randint(1, 4)}, S).")
    queries = ["cmp", "in_range"]
    queries += [f"r({v})" for v in rng.sample(env_results, min(2, len(env_results)))]
    queries.append(f"r({max(env_results) + 1})")
    if len(names) == 3:
        lines.append("t(T) :- v(a, A), v(b, B), v(c, C), T is A + B * C.")
        queries.append("t(_)")
    if rng.random() < 0.4:
        lines.append(f"evidence(cmp, {rng.choice(['true', 'false'])}).")
    lines += [f"query({q})." for q in queries]
    return lines


def _lists(rng: random.Random) -> list[str]:
    """Per-item value ADs collected by findall/3 and summarised with library(lists)."""
    items = [f"i{k}" for k in range(rng.randint(2, 3))]
    lines = [":- use_module(library(lists))."]
    values: set[int] = set()
    for item in items:
        vals = sorted(rng.sample(range(0, 5), rng.randint(1, 2)))
        values.update(vals)
        probs = _ad_probs(rng, len(vals)) if len(vals) > 1 else [_prob(rng)]
        heads = (f"{p}::has({item}, {v})" for p, v in zip(probs, vals, strict=True))
        lines.append("; ".join(heads) + ".")
    lines += [
        "bag(L) :- findall(I-V, has(I, V), L).",
        "vals([], []).",
        "vals([_-V|T], [V|R]) :- vals(T, R).",
        "count(N) :- bag(L), length(L, N).",
        "total(S) :- bag(L), vals(L, Vs), sum_list(Vs, S).",
        "top(M) :- bag(L), vals(L, Vs), Vs \\= [], max_list(Vs, M).",
        "contains(V) :- bag(L), member(_-V, L).",
    ]
    queries = [f"count({rng.randint(0, len(items))})", f"contains({rng.choice(sorted(values))})"]
    queries += [f"total({rng.randint(0, 4 * len(items))})", f"top({max(values)})"]
    if rng.random() < 0.4:
        lines.append(f"evidence(count({rng.randint(1, len(items))}), true).")
    return lines + [f"query({q})." for q in queries]


def _python_expr(expr: str) -> str:
    """Translate one of `_BINARY` into Python with Prolog's floor // and sign-of-divisor mod."""
    return expr.replace(" mod ", " % ")


_BUILDERS = {"propositional": _propositional, "relational": _relational,
             "arithmetic": _arithmetic, "lists": _lists}


def generate(family: str, seed: int) -> GeneratedProgram:
    """Generate one program.

    Args:
        family: one of `FAMILIES`.
        seed: any integer; the same (family, seed) always gives the same text.

    Returns:
        The program, with a comment header naming family and seed.
    """
    if family not in _BUILDERS:
        raise ValueError(f"unknown family {family!r}; valid: {', '.join(FAMILIES)}")
    rng = random.Random(f"{family}:{seed}")
    lines = [f"% generated: family={family} seed={seed}", *_BUILDERS[family](rng)]
    return GeneratedProgram(family, seed, "\n".join(lines) + "\n")


def generate_all(per_family: int = PER_FAMILY) -> list[GeneratedProgram]:
    """Return `per_family` programs of every family (seeds 0..per_family-1)."""
    return [generate(f, s) for f in FAMILIES for s in range(per_family)]


if __name__ == "__main__":
    for prog in generate_all(3):
        print(prog.text)
