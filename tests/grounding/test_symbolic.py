"""The arithmetic path (`ground(..., symbolic=True)`): same answers as enumeration.

Random linear programs are compared against enumeration grounding and a brute-force
oracle; escapes (non-linear uses) must fall back silently; multi-digit addition stays
one constraint; `constraint_node` and its negation are complementary.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest
import torch

from cortexlog.circuits.ir import CircuitBuilder
from cortexlog.compile.exact import circuit_wmc
from cortexlog.compile.linear import constraint_node
from cortexlog.compiled_program import CompiledProgram
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import LinearConstraint
from cortexlog.language import parse, parse_term
from cortexlog.semantics import get_semantics

OPS = ["=:=", "=\\=", "<", "=<", ">", ">=", "is"]
PYOPS = {"=:=": "__eq__", "=\\=": "__ne__", "<": "__lt__", "=<": "__le__", ">": "__gt__",
         ">=": "__ge__", "is": "__eq__"}
COMPILED = ["probability", "mpe", "boolean", "logprob", "possibilistic"]
DOMS2 = [[0, 1, 2], [-1, 1, 3]]
HEAD2 = "nn(n0,[X],Y,[0,1,2]) :: d0(X,Y).\nnn(n1,[X],Y,[-1,1,3]) :: d1(X,Y).\n0.3::f.\n"
HELPERS = """
myadd(A, B, C) :- C is A + B.
mymul(K, A, C) :- C is K * A.
wsum([], [], R, R).
wsum([V|Vs], [C|Cs], A, R) :- A2 is A + C * V, wsum(Vs, Cs, A2, R).
"""


def key(s: object) -> str:
    return str(s).replace(" ", "")


def softmax_probs(rng: random.Random, doms: list[list[int]]) -> dict[str, float]:
    """A random distribution per group, keyed by input name (`f` is 0.3)."""
    probs = {"f": 0.3}
    for i, dom in enumerate(doms):
        logits = [rng.gauss(0, 1.5) for _ in dom]
        z = sum(math.exp(x) for x in logits)
        for v, x in zip(dom, logits, strict=True):
            probs[f"d{i}(c{i},{v})"] = math.exp(x) / z
    return probs


def run(text: str, query: str, probs: dict[str, float], symbolic: bool,
        semantics: str = "probability") -> dict[str, float]:
    """Ground and evaluate; `{query atom: value}`."""
    gp = ground(parse(text, "t.pl"), queries=[parse_term(query)], evidence=[],
                symbolic=symbolic)
    if not gp.groups:  # deterministic (CompiledProgram cannot take zero inputs, see below)
        facts = {r.head for r in gp.rules if not r.body}
        s = get_semantics(semantics)
        return {key(q): float(s.one if q in facts else s.zero) for q in gp.queries}
    cp = CompiledProgram(gp, semantics)
    x = torch.tensor([[probs[key(n)] for n in cp.input_names]], dtype=torch.float64)
    out = cp(x)[0].tolist()
    return {key(q): v for q, v in zip(cp.queries, out, strict=True)}


def has_constraint(text: str, query: str) -> bool:
    gp = ground(parse(text, "t.pl"), queries=[parse_term(query)], evidence=[], symbolic=True)
    return any(isinstance(lit.node, LinearConstraint) for r in gp.rules for lit in r.body)


def oracle(doms: list[list[int]], probs: dict[str, float], answers) -> dict[str, float]:
    """Brute force: `answers(values, f)` is the set of true query atoms in one world."""
    out: dict[str, float] = {}
    for values in itertools.product(*doms):
        p = math.prod(probs[f"d{i}(c{i},{v})"] for i, v in enumerate(values))
        for f, pf in ((True, 0.3), (False, 0.7)):
            for a in answers(values, f):
                out[a] = out.get(a, 0.0) + p * pf
    return out


def assert_same(got: dict[str, float], want: dict[str, float], tol: float = 1e-9) -> None:
    want = {k: v for k, v in want.items() if v > 0}
    assert set(want) <= set(got), (sorted(want), sorted(got))
    for k, v in got.items():
        assert v == pytest.approx(want.get(k, 0.0), abs=tol), (k, got, want)


def assert_equal_results(a: dict[str, float], b: dict[str, float], tol: float = 1e-9) -> None:
    assert set(a) == set(b), (sorted(a), sorted(b))
    for k in a:
        x, y = a[k], b[k]
        assert (x == y) or abs(x - y) <= tol, (k, a, b)


# --- 1. random linear programs -------------------------------------------------------

def render_term(rng: random.Random, c: int, v: str, first: bool) -> str:
    """`c * v` as a text to append to a sum (`+ 2*V`, `- V`, `+ V*(-3)`, ...)."""
    if not first and c < 0 and rng.random() < 0.4:
        return f" - {-c}*{v}"
    forms = [f"{c}*{v}", f"{v}*({c})", f"({c})*{v}", *{1: [v], -1: [f"-{v}", f"-({v})"]}
             .get(c, [])]
    t = rng.choice(forms)
    return t if first else f" + {t}"


def render_expr(rng: random.Random, terms: list[tuple[int, str]], k: int, out: str,
                tag: str) -> list[str]:
    """Goals binding `out` to `sum(c*v) + k`, in a random style."""
    style = rng.choice(["flat", "steps", "helper", "list"])
    if style == "flat":
        text = "".join(render_term(rng, c, v, i == 0) for i, (c, v) in enumerate(terms))
        return [f"{out} is {text} + {k}" if rng.random() < 0.5 else f"{out} is {k} + {text}"]
    if style == "steps":
        goals, acc = [f"{tag}0 is {k}"], f"{tag}0"
        for i, (c, v) in enumerate(terms):
            goals.append(f"{tag}{i + 1} is {acc}{render_term(rng, c, v, False)}")
            acc = f"{tag}{i + 1}"
        return [*goals, f"{out} is {acc}"]
    if style == "helper":
        goals, acc = [], str(k)
        for i, (c, v) in enumerate(terms):
            goals += [f"mymul({c}, {v}, {tag}m{i})", f"myadd({acc}, {tag}m{i}, {tag}a{i})"]
            acc = f"{tag}a{i}"
        return [*goals, f"{out} = {acc}"]
    vs = ",".join(v for _, v in terms)
    cs = ",".join(str(c) for c, _ in terms)
    return [f"wsum([{vs}], [{cs}], {k}, {out})"]


def random_program(seed: int):
    """(text, query, doms, answers) for a random program; `answers` as in `oracle`."""
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    doms = [sorted(rng.sample(range(-3, 6), rng.randint(1, 4))) for _ in range(n)]
    lines = [f"nn(net{i},[X],Y,{doms[i]}) :: d{i}(X,Y).".replace(" ", "") for i in range(n)]
    lines += ["0.3::f.", HELPERS]
    free = rng.random() < 0.4
    rules = []
    for r in range(rng.choice([1, 1, 2])):
        used = rng.sample(range(n), rng.randint(1, n))
        terms = [(rng.choice([-3, -2, -1, 1, 1, 2, 3]), f"V{g}") for g in used]
        if rng.random() < 0.3:  # a repeated variable, possibly cancelling
            terms.append((rng.choice([-1, 1]), rng.choice(terms)[1]))
        k = rng.randint(-4, 4)
        goals = [f"d{g}(c{g}, V{g})" for g in used]
        use_f = rng.random() < 0.3
        if use_f:
            goals.insert(rng.randint(0, len(goals)), "f")
        op, bound, neg = rng.choice(OPS), rng.randint(-6, 8), False
        if free:
            goals += render_expr(rng, terms, k, "S", f"T{r}_")
            lines.append(f"q(S) :- {', '.join(goals)}.")
        else:
            goals += render_expr(rng, terms, k, "E", f"T{r}_")
            neg = rng.random() < 0.3
            test = f"{bound} is E" if op == "is" else f"E {op} {bound}"
            if neg and rng.random() < 0.5:  # q :- \+ t: not (f and test)
                neg = "outer"
                lines.append(f"t{r} :- {', '.join(goals)}, {test}.")
                lines.append(f"q :- \\+ t{r}.")
            else:
                goals.append(f"\\+ {test}" if neg else test)
                lines.append(f"q :- {', '.join(goals)}.")
        rules.append((terms, k, op, bound, neg, use_f))

    def answers(values, f):
        env = {f"V{i}": v for i, v in enumerate(values)}
        true = set()
        for terms, k, op, bound, neg, use_f in rules:
            e = sum(c * env[v] for c, v in terms) + k
            if free:
                if f or not use_f:
                    true.add(f"q({e})")
            elif neg == "outer":
                if not (getattr(e, PYOPS[op])(bound) and (f or not use_f)):
                    true.add("q")
            elif getattr(e, PYOPS[op])(bound) != neg and (f or not use_f):
                true.add("q")
        return true

    return "\n".join(lines), "q(S)" if free else "q", doms, answers


@pytest.mark.parametrize("seed", range(40))
def test_random_linear_program(seed: int) -> None:
    text, query, doms, answers = random_program(seed)
    probs = softmax_probs(random.Random(1000 + seed), doms)
    sym = run(text, query, probs, symbolic=True)
    enum = run(text, query, probs, symbolic=False)
    assert_equal_results(sym, enum)
    assert_same(sym, oracle(doms, probs, answers))


@pytest.mark.parametrize(("seed", "semantics"), [
    (seed, name) for name in COMPILED[1:] for seed in range(40)
])
def test_random_linear_program_semantics(seed: int, semantics: str) -> None:
    text, query, doms, _ = random_program(seed)
    probs = softmax_probs(random.Random(1000 + seed), doms)
    assert_equal_results(run(text, query, probs, True, semantics),
                         run(text, query, probs, False, semantics))


def test_random_programs_take_the_arithmetic_path() -> None:
    """Most random programs really produce constraints (the test is not vacuous)."""
    hits = sum(has_constraint(*random_program(s)[:2]) for s in range(40))
    assert hits >= 20


def test_compiled_program_without_groups() -> None:
    """A ground program without choice groups compiles and evaluates on zero inputs."""
    text = "q :- true."
    gp = ground(parse(text, "t.pl"), queries=[parse_term("q")], evidence=[], symbolic=True)
    assert not gp.groups
    cp = CompiledProgram(gp, "probability")
    assert cp(torch.zeros((1, 0), dtype=torch.float64)).tolist() == [[1.0]]


def test_value_that_reaches_no_constraint_keeps_its_group() -> None:
    """A call whose value is decided by bounds still mentions its group (MPE needs it)."""
    text = "nn(n0,[X],Y,[1,2]) :: d0(X,Y).\nq :- d0(c0,N), N > 0."
    probs = {"d0(c0,1)": 0.25, "d0(c0,2)": 0.75}
    assert run(text, "q", probs, True, "mpe")["q"] == pytest.approx(0.75)
    assert run(text, "q", probs, True)["q"] == pytest.approx(1.0)


def test_mpe_keeps_cancelled_group() -> None:
    text = HEAD2 + "q :- d0(c0,X), d1(c1,Y), X + Y - Y =:= 1."
    probs = softmax_probs(random.Random(3), DOMS2)
    want = probs["d0(c0,1)"] * max(probs[f"d1(c1,{v})"] for v in DOMS2[1])
    assert run(text, "q", probs, False, "mpe")["q"] == pytest.approx(want)
    assert run(text, "q", probs, True, "mpe")["q"] == pytest.approx(want)


# --- 2. escapes: enumerated, same answers --------------------------------------------

ESCAPES = {
    "unify": ("q :- d0(c0,N), N = 2.", "q", lambda a, b, f: {"q"} if a == 2 else set()),
    "product": ("q(P) :- d0(c0,N), d1(c1,M), P is N*M.", "q(P)",
                lambda a, b, f: {f"q({a * b})"}),
    "mod": ("q(R) :- d0(c0,N), d1(c1,M), R is (N+M) mod 2.", "q(R)",
            lambda a, b, f: {f"q({(a + b) % 2})"}),
    "integer": ("q :- d0(c0,N), integer(N), N > 0.", "q",
                lambda a, b, f: {"q"} if a > 0 else set()),
    "identical": ("q :- d0(c0,N), d1(c1,M), S is N+M, S == 2.", "q",
                  lambda a, b, f: {"q"} if a + b == 2 else set()),
    "ite": ("q(R) :- d0(c0,N), (N > 1 -> R = big ; R = small).", "q(R)",
            lambda a, b, f: {"q(big)" if a > 1 else "q(small)"}),
    "findall": ("q(L) :- d0(c0,N), d1(c1,M), findall(X, member(X,[N,M]), L).", "q(L)",
                lambda a, b, f: {f"q([{a},{b}])"}),
    "findall_filter": ("q(L) :- d0(c0,N), findall(X, (member(X,[0,1,2]), X < N), L).",
                       "q(L)", lambda a, b, f: {f"q({[x for x in range(3) if x < a]})"
                                                .replace(" ", "")}),
    "float": ("q :- d0(c0,N), d1(c1,M), X is (N+M)/2, X > 0.5.", "q",
              lambda a, b, f: {"q"} if (a + b) / 2 > 0.5 else set()),
    "float_sum": ("q :- d0(c0,N), f, N + 0.5 > 1.", "q",
                  lambda a, b, f: {"q"} if f and a + 0.5 > 1 else set()),
    "head_unify": ("small(0). small(1).\nq :- d0(c0,N), small(N).", "q",
                   lambda a, b, f: {"q"} if a < 2 else set()),
    "lin_unify": ("q :- d0(c0,N), d1(c1,M), N = M.", "q",
                  lambda a, b, f: {"q"} if a == b else set()),
    "atom": ("q :- d0(c0,N), N \\== foo, N =:= 1.", "q",
             lambda a, b, f: {"q"} if a == 1 else set()),
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_escape_falls_back_to_enumeration(case: str) -> None:
    body, query, answer = ESCAPES[case]
    text = HEAD2 + body
    probs = softmax_probs(random.Random(7), DOMS2)
    sym = run(text, query, probs, symbolic=True)
    assert_equal_results(sym, run(text, query, probs, symbolic=False))
    assert_same(sym, oracle(DOMS2, probs, lambda v, f: answer(*v, f)))
    assert not has_constraint(text, query)
    for name in COMPILED[1:]:
        assert_equal_results(run(text, query, probs, True, name),
                             run(text, query, probs, False, name))


# --- 3. multi-digit addition ---------------------------------------------------------

ADDITION = (Path(__file__).parents[2] / "examples" / "mnist_addition2.pl").read_text()


def number_dist(names: list[str], probs: dict[str, float]) -> dict[int, float]:
    dist = {0: 1.0}
    for name in names:
        place = 10 ** (len(names) - 1 - names.index(name))
        new: dict[int, float] = {}
        for s, p in dist.items():
            for d in range(10):
                new[s + place * d] = new.get(s + place * d, 0.0) + p * probs[f"digit({name},{d})"]
        dist = new
    return dist


def addition_case(n: int, seed: int):
    rng = random.Random(seed)
    a, b = [f"a{i}" for i in range(n)], [f"b{i}" for i in range(n)]
    probs = {}
    for name in a + b:
        w = [rng.random() + 0.05 for _ in range(10)]
        probs.update({f"digit({name},{d})": w[d] / sum(w) for d in range(10)})
    da, db = number_dist(a, probs), number_dist(b, probs)
    total: dict[int, float] = {}
    for x, p in da.items():
        for y, r in db.items():
            total[x + y] = total.get(x + y, 0.0) + p * r
    return f"addition([{','.join(a)}],[{','.join(b)}]", probs, total


@pytest.mark.parametrize("n", [1, 2, 3])
def test_addition_matches_convolution(n: int) -> None:
    prefix, probs, total = addition_case(n, n)
    rng = random.Random(n)
    for s in [0, 10 ** n - 1, 2 * (10 ** n - 1), *rng.sample(range(2 * 10 ** n - 1), 3)]:
        got = run(ADDITION, f"{prefix},{s})", probs, symbolic=True)
        assert got == {f"{prefix},{s})": pytest.approx(total[s], abs=1e-9)}


def test_addition_free_sum() -> None:
    prefix, probs, total = addition_case(1, 5)
    got = run(ADDITION, f"{prefix},S)", probs, symbolic=True)
    assert set(got) == {f"{prefix},{s})" for s in range(19)}
    assert sum(got.values()) == pytest.approx(1.0, abs=1e-9)
    for s in range(19):
        assert got[f"{prefix},{s})"] == pytest.approx(total[s], abs=1e-9)
    assert_equal_results(got, run(ADDITION, f"{prefix},S)", probs, symbolic=False))


def test_addition_30_digits_is_one_constraint() -> None:
    a = ",".join(f"a{i}" for i in range(30))
    b = ",".join(f"b{i}" for i in range(30))
    q = parse_term(f"addition([{a}],[{b}],{'1' * 30})")
    gp = ground(parse(ADDITION, "t.pl"), queries=[q], evidence=[], symbolic=True)
    (rule,) = [r for r in gp.rules if r.head == q]
    cons = [lit for lit in rule.body if isinstance(lit.node, LinearConstraint)]
    assert len(cons) == 1 and len(cons[0].node.groups) == 60
    assert sum(isinstance(lit.node, LinearConstraint) for r in gp.rules for lit in r.body) == 1
    assert len(gp.groups) == 60


# --- 4. constraint_node and its negation ---------------------------------------------

@pytest.mark.parametrize("seed", range(30))
def test_constraint_node_complement(seed: int) -> None:
    rng = random.Random(seed)
    groups = tuple(sorted(rng.sample(range(4), rng.randint(2, 3))))
    values = tuple(tuple(sorted(rng.sample(range(-3, 5), rng.randint(1, 3)))) for _ in groups)
    coefs = tuple(rng.choice([-10, -3, -2, -1, 1, 2, 3, 10]) for _ in groups)
    const, op = rng.randint(-8, 8), rng.choice(["=:=", "=\\=", "<", "=<"])
    con = LinearConstraint(groups, coefs, values, const, op)
    sizes = [3] * 4
    for g, vs in zip(groups, values, strict=True):
        sizes[g] = len(vs)
    starts = list(itertools.accumulate([0, *sizes]))
    group_vars = tuple(tuple(range(starts[g], starts[g + 1])) for g in range(4))
    cb = CircuitBuilder(n_vars=starts[-1])
    circuit = cb.build([constraint_node(cb, cb.literal, con, group_vars),
                        constraint_node(cb, cb.literal, con, group_vars, positive=False)])
    pyop = PYOPS[op]
    for picks in itertools.product(*[range(len(vs)) for vs in values]):
        pos = [0.0] * starts[-1]
        for g, k in zip(groups, picks, strict=True):
            pos[group_vars[g][k]] = 1.0
        for g in set(range(4)) - set(groups):
            pos[group_vars[g][0]] = 1.0
        lin = const + sum(c * vs[k] for c, vs, k in zip(coefs, values, picks, strict=True))
        want = getattr(lin, pyop)(0)
        got = circuit_wmc(circuit, pos, [1.0 - p for p in pos])
        assert got == [float(want), float(not want)], (con, picks, got)
