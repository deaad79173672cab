"""Clause resolution for a table: deterministic, probabilistic, AD and neural clauses.

ProbLog semantics: each ground instance of a probabilistic clause (all of its variables,
head and body) is an independent choice group; an annotated disjunction instance is one
group with an option per head (`choices`); a neural AD is one group per ground input tuple; a
tensor-valued network declaration `nn(net, Inputs, E)` is deterministic: `E` is bound to
`'$nn'(net, [inputs])`, the term standing for the network's output on those inputs. A
learnable `t(p)` head carries its `LearnableWeight`.
"""

from __future__ import annotations

from typing import Any

from cortexlog.errors import GroundingError
from cortexlog.grounding.builtins import list_items, make_list
from cortexlog.grounding.choices import certain, choice, ground_label, probability
from cortexlog.grounding.convert import show
from cortexlog.grounding.database import AD, DET, NEURAL, PROB, TENSOR, Entry, Predicate
from cortexlog.grounding.ground_program import ChoiceVar, NeuralWeight
from cortexlog.grounding.internal import (
    TC,
    EvalError,
    Lin,
    Slot,
    V,
    deref,
    inst,
    undo,
    unify,
    unify_head,
)
from cortexlog.grounding.keys import keyify
from cortexlog.grounding.solver import Cont, Solver, condition
from cortexlog.grounding.tabling import AddAnswer, S


def body_cont(e: Entry, frame: list[Any]) -> Cont:
    """Instantiate a clause body as a goal list."""
    cont: Cont = None
    for g in reversed(e.body):
        cont = (inst(g, frame), e.location, cont)
    return cont


def resolve_clauses(
    eng: Solver, goal: Any, pred: Predicate, key: Any, depth: int, add: AddAnswer[S], into: S
) -> None:
    """Run every clause of `pred` that may match `goal`: `add(into, ...)` per solution.

    Args:
        eng: the engine.
        goal: the call (bindings are undone afterwards).
        pred: the predicate's entries.
        key: the first-argument index key of the call (None if unbound).
        depth: the nesting depth.
        add: receives `(into, goal, literals, location)` per solution, the goal's bindings
            on the trail (`Tabling.add_answer`, or per-proof collection).
        into: where the answers go (the call's table, or a list of proofs).
    """
    trail = eng.trail
    candidates = pred.candidates(key)
    if eng.symbolic and candidates and candidates[0].kind == AD:
        spec = _value_ad(candidates, goal)
        if spec is not None:
            _symbolic_ad(eng, goal, spec, depth, add, into)
            return
    for e in candidates:
        frame: list[Any] = [None] * e.nvars
        m = len(trail)
        if unify_head(e.head, goal, frame, trail):
            kind = e.kind
            if kind == DET:
                for lits in eng.solve(body_cont(e, frame), (), depth):
                    add(into, goal, lits, e.location)
            elif kind == NEURAL:
                _neural(eng, goal, e, frame, depth, add, into)
            elif kind == TENSOR:
                _tensor(eng, goal, e, frame, depth, add, into)
            else:
                for lits in eng.solve(body_cont(e, frame), (), depth):
                    option = choice(eng, e, frame)
                    add(into, goal, (*lits, option), e.location)
        undo(trail, m)


def fact_literal(eng: Solver, e: Entry) -> Any:
    """Record the rule (and choice group) of a ground fact; return the literal it proves
    (None for a deterministic fact, else its head). Called once per fact and run."""
    if e.kind == DET:
        eng.add_rule(e.head, (), e.location)
        lit = None
    else:
        if e.kind == PROB:  # a group of its own (an AD's options share theirs)
            w = probability(e, e.probs[0])
            option = ChoiceVar(len(eng.groups), 0)
            eng.groups.append(((w,), (e.head,), certain(w), e.location))
        else:
            option = choice(eng, e, [])
        eng.add_rule(e.head, (option,), e.location)
        lit = e.head
    eng.fact_lits[e] = lit
    return lit


def _value_ad(entries: list[Entry], goal: Any) -> tuple[Entry, int, tuple[int, ...]] | None:
    """`(entry, position, values)` when a call to an AD's heads can keep its value
    symbolic: every candidate is an option of one AD (with or without a body) whose heads
    differ only in one argument, an integer, which the call leaves unbound."""
    e0 = entries[0]
    if type(goal) is not tuple or len(entries) != len(e0.labels) or any(
            e.kind != AD or e.cid != e0.cid for e in entries):
        return None
    heads = [(x.functor, *x.args) if type(x) is TC else x for x in e0.labels]
    if any(type(h) is not tuple or len(h) != len(goal) or h[0] != goal[0] for h in heads):
        return None
    varying = [i for i in range(1, len(goal)) if any(h[i] != heads[0][i] for h in heads)]
    if len(varying) != 1 or type(deref(goal[varying[0]])) is not V:
        return None
    p = varying[0]
    values = tuple(h[p] for h in heads)
    if any(type(v) is not int for v in values) or len(set(values)) != len(values):
        return None
    return e0, p, values


def _symbolic_ad(eng: Solver, goal: Any, spec: tuple[Entry, int, tuple[int, ...]],
                 depth: int, add: AddAnswer[S], into: S) -> None:
    """Resolve an AD call on the arithmetic path: one answer per body solution, its value
    the symbolic value of that instance's group, plus its "any option" literal."""
    e, p, values = spec
    trail = eng.trail
    m = len(trail)
    frame: list[Any] = [None] * e.nvars
    head = (e.head.functor, *e.head.args) if type(e.head) is TC else e.head
    if all(unify_head(head[j], goal[j], frame, trail) for j in range(1, len(goal)) if j != p):
        out = deref(goal[p])
        for lits in eng.solve(body_cont(e, frame), (), depth):
            g = choice(eng, e, frame).group
            eng.rv_values[g] = values
            eng.lins = True
            anyone = condition(eng, [(ChoiceVar(g, i),) for i in range(len(values))])
            k = len(trail)
            out.ref = Lin(0, ((g, 1),))
            trail.append(out)
            add(into, goal, (*lits, anyone), e.location)
            undo(trail, k)
    undo(trail, m)


def ad_call(eng: Solver, goal: Any, entries: list[Any]) -> list[tuple[Any, Lin, Any]] | None:
    """The symbolic answers of a call to annotated-disjunction facts, or None.

    `1/6::die(1,1); ...; 1/6::die(1,6).` called as `die(1, X)` binds `X` to the value of
    the AD's group. Applies when every candidate entry is an option of an AD whose heads
    all match the call and differ only in one integer argument, unbound in the call
    (otherwise None: the call is enumerated as usual).

    Returns:
        Per AD: `(head with the value symbolic, the value, the "any option" literal)`.
    """
    if type(goal) is not tuple:
        return None
    by_cid: dict[int, list[Any]] = {}
    for e in entries:
        if e.kind != AD:
            return None
        by_cid.setdefault(e.cid, []).append(e)
    out = []
    for es in by_cid.values():
        spec = _value_ad(es, goal)
        if spec is None:
            return None
        _, p, values = spec
        labels = es[0].labels
        g = choice(eng, es[0], []).group
        eng.rv_values[g] = values
        lin = Lin(0, ((g, 1),))
        anyone = condition(eng, [(ChoiceVar(g, i),) for i in range(len(values))])
        out.append(((*labels[0][:p], lin, *labels[0][p + 1:]), lin, anyone))
    return out


def _inputs(eng: Solver, goal: Any, e: Entry, frame: list[Any]) -> tuple[Any, ...]:
    """The ground input terms of a network call (from the input list variable if any).

    An input list variable bound to the output of a tensor-valued network (`'$nn'(...)`)
    rather than a list stands for that single input (DeepProbLog's CLUTRR model passes an
    encoder's output this way).
    """
    items = [inst(x, frame) for x in e.inputs]
    if e.input_list is not None:
        bound = deref(inst(e.input_list, frame))
        try:
            if type(bound) is tuple and bound[0] == "$nn" and len(bound) == 3:
                items = [bound]
            else:
                items = list_items(bound, f"the input list of network '{e.net}'")
        except EvalError as exc:
            raise GroundingError(
                f"neural predicate {show(goal)}: {exc.message}", e.location,
                "bind the input list variable to a list such as [X, Y] before the call",
            ) from None
    seen: dict[V, Any] = {}
    inputs = tuple(keyify(x, seen) for x in items)
    if seen:
        raise GroundingError(
            f"neural predicate {show(goal)}: the inputs of network '{e.net}' must be ground "
            f"when it is called, got {', '.join(show(x) for x in inputs)}",
            e.location,
            "call the neural predicate with its input arguments bound",
        )
    return inputs


def _tensor(eng: Solver, goal: Any, e: Entry, frame: list[Any], depth: int,
            add: AddAnswer[S], into: S) -> None:
    """Resolve `nn(net, Inputs, E) :: head`: `E = '$nn'(net, [inputs])`, probability 1."""
    output = ("$nn", e.net, make_list(list(_inputs(eng, goal, e, frame))))
    trail = eng.trail
    m = len(trail)
    if unify(inst(Slot(e.option), frame), output, trail):
        for lits in eng.solve(body_cont(e, frame), (), depth):
            add(into, goal, lits, e.location)
    undo(trail, m)


def _neural(eng: Solver, goal: Any, e: Entry, frame: list[Any], depth: int,
            add: AddAnswer[S], into: S) -> None:
    """Resolve a neural AD: one group per ground input tuple, one option per domain value."""
    inputs = _inputs(eng, goal, e, frame)
    gkey = ("$nn", e.cid, inputs)
    g = eng.group_index.get(gkey)
    if g is None:
        if e.domain:
            weights = tuple(NeuralWeight(e.net, inputs, i) for i in range(len(e.domain)))
            labels = []
            for d in e.domain:
                sub = list(frame)
                sub[e.option] = d
                labels.append(ground_label(e, e.head, sub))
            group = (weights, tuple(labels), True, e.location)
        else:
            label = ground_label(e, e.head, frame)
            group = ((NeuralWeight(e.net, inputs, 0),), (label,), False, e.location)
        g = eng.group_index[gkey] = len(eng.groups)
        eng.groups.append(group)
    trail = eng.trail
    if eng.symbolic and e.domain:
        out = deref(inst(Slot(e.option), frame))
        if type(out) is V and all(type(d) is int for d in e.domain):
            # The arithmetic path: the output is the group's value, kept symbolic.
            eng.rv_values[g] = tuple(e.domain)
            eng.lins = True
            m = len(trail)
            out.ref = Lin(0, ((g, 1),))
            trail.append(out)
            # The call holds when the group picks any option: a literal that keeps the
            # group in the formula even when no constraint reads its value (it is `one`
            # for probabilities but the best option's weight under MPE).
            anyone = condition(eng, [(ChoiceVar(g, i),) for i in range(len(e.domain))])
            for lits in eng.solve(body_cont(e, frame), (), depth):
                add(into, goal, (*lits, anyone), e.location)
            undo(trail, m)
            return
    options = range(len(e.domain)) if e.domain else [0]
    for i in options:
        m = len(trail)
        if not e.domain or unify(inst(Slot(e.option), frame), e.domain[i], trail):
            for lits in eng.solve(body_cont(e, frame), (), depth):
                add(into, goal, (*lits, ChoiceVar(g, i)), e.location)
        undo(trail, m)
