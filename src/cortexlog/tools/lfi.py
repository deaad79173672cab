"""`cortexlog lfi`: learning `t(...)` parameters from interpretations by EM, as `problog lfi`.

Each distinct example is grounded with its observations as evidence (queries and the
program's own evidence are left out) and compiled once (`compile.dispatch`). For every
ground instance of a learnable statement two fresh atoms are added and queried: `par`
(the instance's body holds) and, per learnable head, `fire` (the body holds and the head
is chosen). An EM iteration evaluates every example's circuit in floats at the current
parameters (torch-free) and sets each parameter to

    sum over examples and instances of P(fire | example) / sum of P(par | example)

(ProbLog's update; instances whose body no example makes possible leave the parameter
where it is). The learnable heads of an annotated disjunction are then normalised to the
mass its fixed heads leave. The log-likelihood is `sum log P(example)`; iterations stop as
ProbLog's do, when the sum of the log-parameters changes by at most `min_improv`.
`t(_)` starts at a random value (seeded), as in ProbLog.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    GroundRule,
    LearnableWeight,
    Literal,
)
from cortexlog.grounding.learnable import LearnableGroup, program_learnable_groups
from cortexlog.language.ast import Evidence, NeuralAD, ProgramAST
from cortexlog.language.terms import Num, Struct
from cortexlog.tools.decisions import Evaluator
from cortexlog.tools.lfi_io import Example, check_defined
from cortexlog.tools.lfi_params import Param, Rewritten, infer_ad_heads, rewrite

_TINY = 1e-15  # ProbLog's threshold for "no evidence about this parameter"
_QUERY_FLOOR = 1e-6  # ProbLog rounds query probabilities below this to 0


@dataclass
class _Compiled:
    """One example's circuit, the parameter of each learnable option, its outputs."""

    count: int
    evaluator: Evaluator
    weights: list[list[Param | float]]  # per group, per option: a parameter or a number
    instances: list[tuple[int, list[tuple[Param, int]]]]  # (par output, [(param, fire)])


@dataclass(frozen=True)
class LFIResult:
    """The outcome of learning.

    Attributes:
        weights: learned value per parameter `(statement key, binding of t's extra
            arguments)`, statements in source order (a binding as first met).
        curve: the log-likelihood of the examples at each iteration's starting weights.
        iterations: how many EM iterations ran.
        ignored: examples skipped because their evidence had probability 0.
    """

    weights: dict[Param, float]
    curve: tuple[float, ...]
    iterations: int
    ignored: int = 0

    @property
    def score(self) -> float:
        """The last iteration's log-likelihood (ProbLog's score)."""
        return self.curve[-1] if self.curve else 0.0


def initial_weights(groups: Sequence[LearnableGroup], seed: int | None) -> dict[str, float]:
    """Starting values: `t(p)` starts at p; `t(_)` at random, as ProbLog draws it.

    Args:
        groups: the program's learnable groups.
        seed: the random seed (None: unseeded).

    Returns:
        Key -> initial probability.
    """
    rng = random.Random(seed)
    out: dict[str, float] = {}
    for g in groups:
        known = sum(i for i in g.inits if i is not None)
        unknown = sum(1 for i in g.inits if i is None)
        draws = [rng.random() for _ in range(unknown + 1)]
        scale = (1.0 - known - g.fixed) / sum(draws)
        draws = [d * scale for d in draws]
        for key, init in zip(g.keys, g.inits, strict=True):
            out[key] = draws.pop() if init is None else init
    return out


def _augment(gp: GroundProgram, rw: Rewritten
             ) -> tuple[GroundProgram, list[tuple[int, list[tuple[Param, int]]]]]:
    """Add the par/fire atoms of every learnable instance as queries (module doc)."""
    rules = list(gp.rules)
    queries: list[Struct] = []
    instances = []
    bodies: dict[int, dict[tuple[Literal, ...], None]] = {}
    others: dict[int, dict[tuple[Literal, ...], None]] = {}
    for rule in gp.rules:
        for j, lit in enumerate(rule.body):
            node = lit.node
            w = gp.groups[node.group].weights[node.index] if isinstance(node, ChoiceVar) else 0
            if isinstance(w, LearnableWeight) and lit.positive:
                assert isinstance(node, ChoiceVar)
                # the statement's own rule (head = the option's label) is its body, but
                # a rewritten fact's body is in the rule that uses it (lfi_params)
                own = (rule.head == gp.groups[node.group].labels[node.index]
                       and w.key not in rw.facts)
                found = (bodies if own else others).setdefault(node.group, {})
                found[rule.body[:j] + rule.body[j + 1:]] = None
    for g, found in others.items():
        bodies.setdefault(g, found)
    groups = list(gp.groups)
    for g, group in enumerate(gp.groups):
        if g not in bodies:
            continue
        groups[g] = dataclasses.replace(group, exhaustive=False)
        par = Struct("$lfi_par", (Num(g),))
        rules += [GroundRule(par, b) for b in bodies[g]]
        fires = []
        queries.append(par)
        for k, w in enumerate(group.weights):
            if isinstance(w, LearnableWeight):
                fire = Struct("$lfi_fire", (Num(g), Num(k)))
                rules += [GroundRule(fire, (*b, Literal(ChoiceVar(g, k))))
                          for b in bodies[g]]
                fires.append((rw.param(w, group.labels[k]), len(queries)))
                queries.append(fire)
        instances.append((len(queries) - len(fires) - 1, fires))
    out = GroundProgram(tuple(groups), tuple(rules), tuple(queries), gp.evidence)
    return out, instances


def _compile(rw: Rewritten, ex: Example) -> _Compiled:
    from cortexlog.grounding import ground

    evidence = tuple(Evidence(a, v, loc) for a, v, loc in ex.evidence)
    gp = ground(dataclasses.replace(rw.ast, queries=(), evidence=evidence), queries=[])
    aug, instances = _augment(gp, rw)
    placeholder = tuple(
        ChoiceGroup(tuple(0.5 / len(g.weights) if isinstance(w, LearnableWeight) else w
                          for w in g.weights), g.labels, g.exhaustive, g.location)
        for g in aug.groups)
    ev = Evaluator(dataclasses.replace(aug, groups=placeholder), ())
    weights: list[list[Param | float]] = [
        [rw.param(w, lab) if isinstance(w, LearnableWeight) else float(w)  # type: ignore[arg-type]
         for w, lab in zip(g.weights, g.labels, strict=True)] for g in aug.groups]
    return _Compiled(ex.count, ev, weights, instances)


def _probs(c: _Compiled, theta: dict[Param, float], init: dict[str, float]
           ) -> list[tuple[float, ...]]:
    return [tuple(w if isinstance(w, float) else theta.get(w, init[w[0]]) for w in ws)
            for ws in c.weights]


def learn(ast: ProgramAST, examples: Sequence[Example], max_iter: int = 10000,
          min_improv: float = 1e-10, seed: int | None = 0, infer_ad: bool = True
          ) -> LFIResult:
    """Learn the program's `t(...)` parameters from examples by EM (module doc).

    Args:
        ast: the parsed program.
        examples: the distinct examples (`lfi_io.read_examples`).
        max_iter: the most EM iterations.
        min_improv: stop when the sum of log-parameters changes by at most this.
        seed: seeds the random starting values of `t(_)`.
        infer_ad: infer the unobserved head of a disjunction whose other learnable heads
            are observed false, as ProbLog does (`lfi_params.infer_ad_heads`).

    Returns:
        The `LFIResult`.

    Raises:
        CortexlogError: no learnable parameter, no example, an unknown atom in the evidence.

    >>> from cortexlog.language import parse
    >>> ex = [Example(((Struct("a"), True, None),), 3), Example(((Struct("a"), False, None),))]
    >>> learn(parse("t(_)::a."), ex).weights
    {('a', ()): 0.75}
    """
    from cortexlog.errors import SourceLocation

    groups = program_learnable_groups(ast)
    where = SourceLocation(ast.source_name, 1, 1)
    if not groups:
        raise CortexlogError("the program has no learnable parameters", where,
                             "annotate the facts to learn with t(_) or t(0.5): t(_)::coin.")
    if not examples:
        raise CortexlogError("no examples: the evidence files hold no evidence", where,
                             "write evidence(atom, true|false). statements, examples "
                             "separated by lines starting with ---")
    for st in ast.clauses:
        if isinstance(st, NeuralAD):
            raise CortexlogError("lfi does not learn neural predicates", st.location,
                                 "use `cortexlog train` for programs with nn(...)")
    check_defined(ast, examples)
    if infer_ad:
        examples = infer_ad_heads(ast, examples)
    rw = rewrite(ast)
    compiled = [_compile(rw, ex) for ex in examples]
    init = initial_weights(groups, seed)
    bound = {key for key, k in rw.keys.values() if k}
    theta: dict[Param, float] = {(k, ()): v for k, v in init.items() if k not in bound}
    curve: list[float] = []
    prev, delta, ignored = -1e10, 1000.0, 0
    while len(curve) < max_iter and (delta < 0 or delta > min_improv):
        body: dict[Param, float] = {}
        par: dict[Param, float] = {}
        ll, ignored = 0.0, 0
        for c in compiled:
            c.evaluator.base = _probs(c, theta, init)
            out, p_e = c.evaluator.outputs(())
            if p_e <= 0.0:
                ignored += 1
                continue
            ll += c.count * math.log(p_e)
            for p_out, fires in c.instances:
                p_par = _floor(out[p_out] / p_e)
                for param, f_out in fires:
                    body[param] = body.get(param, 0.0) + c.count * _floor(out[f_out] / p_e)
                    par[param] = par.get(param, 0.0) + c.count * p_par
        curve.append(ll)
        score = 0.0
        for param in body:
            if par[param] <= _TINY:
                continue  # nothing in the evidence makes its body possible
            p = 0.0 if body[param] <= _TINY else body[param] / par[param]
            if p > 0.0:
                score += math.log(p)
            theta[param] = p
        _normalise(groups, theta, set(body))
        delta, prev = score - prev, score
    for key in bound:  # a clause t(_, X) no example speaks about keeps its start
        if not any(k == key for k, _ in theta):
            theta[(key, ())] = init[key]
    order = {k: i for i, k in enumerate(init)}
    weights = dict(sorted(theta.items(), key=lambda kv: order[kv[0][0]]))
    return LFIResult(weights, tuple(curve), len(curve), ignored)


def _floor(p: float) -> float:
    return 0.0 if p < _QUERY_FLOOR else p


def _normalise(groups: Sequence[LearnableGroup], theta: dict[Param, float],
               updated: set[Param]) -> None:
    """Rescale each disjunction's learnable heads to the mass its fixed heads leave."""
    for g in groups:
        params = [(k, ()) for k in g.keys]
        if g.fact or updated.isdisjoint(params):
            continue
        mass = 1.0 - g.fixed
        total = sum(theta[p] for p in params)
        if len(params) == 1 and total <= mass:
            continue  # one learnable head: ProbLog leaves it unnormalised
        factor = mass / total if total else mass
        for p in params:
            theta[p] *= factor
