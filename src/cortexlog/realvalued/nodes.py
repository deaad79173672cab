"""The compiled constraint: a tree of nodes, each grounding a term or formula to a `Value`.

Nodes are built once by `cortexlog.realvalued.build` and evaluated on every `forward`.
Formulas evaluate to carrier values of the structure (feature rank 0); connectives use the
structure's own t-norm (`mul`), t-conorm (`add`) and negation, comparisons its declared
`relaxation`, quantifiers an `Aggregator` over their variable's dimension. The term nodes
are in `terms.py` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch

from cortexlog.errors import ConstraintError, SourceLocation
from cortexlog.realvalued.aggregate import Aggregator
from cortexlog.realvalued.terms import At, Const, Env, Function, Node, Param, Stack, Variable
from cortexlog.realvalued.values import Value, combine, lift, union_axes

if TYPE_CHECKING:
    from torch import Tensor

__all__ = ["At", "Compare", "Const", "Env", "Function", "Implies", "Junction", "Neural",
           "NeuralTerm", "Node", "Not", "Param", "Quantifier", "Stack", "Truth", "Variable"]

def _degrees(env: Env, values: list[Value]) -> tuple[Tensor, tuple[str, ...]]:
    """Stack formula values into `[k, ...]` carrier tensors over the union of the axes."""
    axes = union_axes(values)
    ts = [lift(v, axes, 0) for v in values]
    ts = [env.as_tensor(t) if isinstance(t, float) else t for t in ts]
    return torch.stack(torch.broadcast_tensors(*ts)), axes


def _scalar(v: Value, loc: SourceLocation, what: str) -> Value:
    if v.feature_rank:
        raise ConstraintError(f"{what} terms with features {list(v.feature_shape)}; a "
                              "comparison needs one number per element", loc,
                              "compare norm(X), dist(X, C) or at(X, I) instead of a vector")
    return v


@dataclass
class Compare(Node):
    """`A =< B`, `A < B`, `A >= B`, `A > B`, `A =:= B`, `A =\\= B` under the relaxation."""

    op: str
    left: Node
    right: Node
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        a, b = self.left(env), self.right(env)
        flip = self.op in (">=", ">")
        margin = _scalar(combine(lambda x, y: y - x, [b, a] if flip else [a, b]), self.loc,
                         f"'{self.op}' compares")
        m = env.as_tensor(margin.data) if isinstance(margin.data, float) else margin.data
        relax, k, s = env.relaxation, env.sharpness, env.structure
        if self.op in ("=<", ">="):
            out = s.encode(relax.leq(m, k))
        elif self.op in ("<", ">"):
            out = s.encode(relax.lt(m, k))
        else:
            out = s.times(s.encode(relax.leq(m, k)), s.encode(relax.leq(-m, k)))
            out = s.negation(out) if self.op == "=\\=" else out
        return Value(out, margin.axes)


@dataclass
class Truth(Node):
    """`true`, `false`, or a weighted fact's degree `p` (encoded to the carrier)."""

    degree: float
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        return Value(env.structure.encode(env.as_tensor(self.degree)))


@dataclass
class Not(Node):
    """`\\+ G`: the structure's negation."""

    goal: Node
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        v = self.goal(env)
        data = env.as_tensor(v.data) if isinstance(v.data, float) else v.data
        return Value(env.structure.negation(data), v.axes)


@dataclass
class Junction(Node):
    """`G1, G2, ...` (the t-norm, `mul`) or `G1 ; G2 ; ...` (the t-conorm, `add`)."""

    conjunction: bool
    goals: list[Node]
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        stacked, axes = _degrees(env, [g(env) for g in self.goals])
        s = env.structure
        return Value(s.mul(stacked) if self.conjunction else s.add(stacked), axes)


@dataclass
class Implies(Node):
    """`A -> B`: the S-implication `not A or B` of the structure's negation and t-conorm."""

    premise: Node
    conclusion: Node
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        a = Not(self.premise, self.loc)(env)
        stacked, axes = _degrees(env, [a, self.conclusion(env)])
        return Value(env.structure.add(stacked), axes)


@dataclass
class Quantifier(Node):
    """`forall(X, G)` / `exists(X, G)`: aggregate the dimension of X's batch."""

    axis: str
    domain: str
    goal: Node
    aggregator: Aggregator
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        v = self.goal(env)
        axes = (self.axis,) + tuple(a for a in v.axes if a != self.axis)
        data = lift(v, axes, 0)
        data = env.as_tensor(data) if isinstance(data, float) else data
        if self.axis not in v.axes:  # G does not mention X: n copies of its value
            n = Variable(self.axis, self.domain, self.loc)(env).data.shape[0]  # type: ignore
            data = data.expand(n, *data.shape[1:])
        if isinstance(self.aggregator.p, str):
            env.tensor(self.aggregator.p, self.loc)
        out = self.aggregator(data, 0, env.structure, dict(env.tensors))
        return Value(out, axes[1:])


def call_network(env: Env, net: str, inputs: list[Node], loc: SourceLocation
                 ) -> tuple[Any, list[int], tuple[str, ...]]:
    """Call network `net` once on every combination of its inputs' batches.

    Args:
        env: the evaluation environment.
        net: the network's name.
        inputs: the argument terms.
        loc: the calling clause (for errors).

    Returns:
        `(output, sizes, axes)`: the network's output on the `prod(sizes)` flattened
        combinations, the sizes of the union of the inputs' axes, and those axes.
    """
    values = [i(env) for i in inputs]
    axes = union_axes(values)
    lifted = [env.as_tensor(t) if isinstance(t, float) else t
              for t in (lift(v, axes, v.feature_rank) for v in values)]
    k = len(axes)
    sizes = [max(t.shape[d] for t in lifted) for d in range(k)]
    n = 1
    for size in sizes:
        n *= size
    flat = [t.expand(*sizes, *t.shape[k:]).reshape(n, *t.shape[k:]) for t in lifted]
    out = env.networks[net](*flat)
    if not isinstance(out, torch.Tensor) or out.dim() == 0 or out.shape[0] != n:
        shape = list(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ConstraintError(f"network '{net}' returned {shape} for {n} inputs", loc,
                              "a network returns one row per input: [n, ...]")
    return out, sizes, axes


@dataclass
class Neural(Node):
    """A neural predicate: the network's output on the inputs, over all their axes.

    `column` None: the network returns one degree per input (`nn(net, [X]) :: p(X)`);
    otherwise it returns a distribution and `column` picks the class.
    """

    net: str
    inputs: list[Node]
    column: int | None
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        out, sizes, axes = call_network(env, self.net, self.inputs, self.loc)
        n = out.shape[0]
        want = 1 if self.column is None else self.column + 1
        if out.numel() == 0 or out.reshape(n, -1).shape[1] < want or (
                self.column is None and out.numel() != n):
            raise ConstraintError(
                f"network '{self.net}' returned {list(out.shape)} for {n} inputs", self.loc,
                "nn(Net, [X]) :: p(X) needs one degree per input (e.g. a sigmoid output "
                "[n, 1]); nn(Net, [X], Y, Domain) one probability per class [n, |Domain|]")
        out = out.reshape(n, -1)[:, 0 if self.column is None else self.column]
        return Value(env.structure.encode(out.reshape(sizes)), axes)


@dataclass
class NeuralTerm(Node):
    """A tensor-valued network used as a function (`nn(f, [X], E) :: f(X, E)`, `f(X)`)."""

    net: str
    inputs: list[Node]
    loc: SourceLocation

    def __call__(self, env: Env) -> Value:
        out, sizes, axes = call_network(env, self.net, self.inputs, self.loc)
        return Value(out.reshape(*sizes, *out.shape[1:]), axes)
