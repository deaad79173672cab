"""Knowledge compilation with multi-valued SDDs (`mv-sdd`, module `pymvsdd`).

A choice group with `k >= 2` options becomes one native `k`-ary variable (`k + 1` values
when the group is not exhaustive: the last value is "none"); a one-option group (a
probabilistic fact) becomes a binary variable (value 1 = true). No exactly-one
constraints are needed: the categorical fan-out sits at the vtree leaves.

The result uses the same input convention as `compile_sdd` (`allocate_variables`), so
`literal_weights`, `circuit_wmc` and `CircuitModule` evaluate it unchanged: the value
"group g takes option i" is the POS literal of that OPTION (or NONE) variable, a fact's
values are its NEG / POS literal, and OPTION variables never occur negated (their
negative weight is the semiring one anyway). See `cortexlog.compile.mvsdd_convert`.

`pymvsdd` is an optional dependency (`pip install mv-sdd`); it is imported on first use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.compile.formula import Formula, build_formula
from cortexlog.compile.mvsdd_convert import MvLayout, mvsdd_to_circuit
from cortexlog.compile.sdd_compile import CompileLimits
from cortexlog.compile.variables import CompiledCircuit, VarKind
from cortexlog.errors import CompileError
from cortexlog.grounding.ground_program import GroundProgram

MV_VTREE_TYPES = ("right", "balanced")

Node = Any  # a `pymvsdd.Node`
Manager = Any  # a `pymvsdd.Manager`


@dataclass(frozen=True, slots=True)
class MvSddOptions:
    """How to compile with MV-SDDs.

    Attributes:
        vtree: "right" (right-linear, like `SddOptions`' default) or "balanced".
        var_order: "input" (group order) or "appearance" (order in which the formula
            DAG first mentions each group).
    """

    vtree: str = "right"
    var_order: str = "input"


def _pymvsdd() -> Any:
    """Import `pymvsdd`, or raise a CompileError telling how to install it."""
    try:
        import pymvsdd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise CompileError(
            "multi-valued SDD compilation needs the mv-sdd package (module pymvsdd)",
            hint="pip install mv-sdd, or compile with compile_sdd (one-hot PySDD)",
        ) from e
    return pymvsdd


def mv_layout(formula: Formula, var_order: str = "input") -> MvLayout:
    """Assign one multi-valued variable to every choice group that has options.

    Args:
        formula: the formula (its variables and groups).
        var_order: "input" or "appearance" (see `MvSddOptions`).

    Returns:
        The layout: MV variable `j`'s domain and the circuit variable of each value.

    Raises:
        CompileError: unknown `var_order`, or a group larger than pymvsdd's domain limit.
    """
    groups = [g for g, gv in enumerate(formula.group_vars) if gv]
    if var_order == "appearance":
        c = formula.circuit
        first: dict[int, int] = {}  # group -> rank of its first literal in the circuit
        for k, v in zip(c.kinds, c.vars, strict=True):
            if k in (Kind.POS, Kind.NEG):
                first.setdefault(formula.variables[v].group, len(first))
        groups.sort(key=lambda g: first.get(g, len(first) + g))
    elif var_order != "input":
        raise CompileError(f"unknown var_order {var_order!r}; valid: 'appearance', 'input'")
    rank = {g: i for i, g in enumerate(formula.leading_groups)}
    groups.sort(key=lambda g: rank.get(g, len(rank)))  # constraint diagrams' order first
    limit = int(_pymvsdd().MAX_DOMAIN)
    leaves = []
    for g in groups:
        gv = formula.group_vars[g]
        if len(gv) > limit:
            raise CompileError(
                f"choice group {g} has {len(gv)} values; mv-sdd supports at most {limit}",
                hint="compile this program with compile_sdd (one-hot PySDD)",
            )
        leaves.append(gv)
    binary = tuple(formula.variables[gv[0]].kind == VarKind.FACT for gv in leaves)
    return MvLayout(tuple(leaves), binary)


class _Guard:
    """Checks `CompileLimits` between Apply operations.

    The time is checked on every call, the node count on the first and every 64th
    (`Manager.n_interned` is not constant time).
    """

    def __init__(self, manager: Manager, limits: CompileLimits) -> None:
        self.m = manager
        self.limits = limits
        self.start = time.perf_counter()
        self.calls = 0

    def check(self) -> None:
        lim = self.limits
        self.calls += 1
        if lim.max_seconds is not None and time.perf_counter() - self.start > lim.max_seconds:
            raise CompileError(
                f"MV-SDD compilation exceeded the time limit max_seconds={lim.max_seconds}",
                hint="raise CompileLimits.max_seconds or simplify the program",
            )
        if self.calls % 64 and self.calls > 1:
            return
        if lim.max_sdd_nodes is not None and self.m.n_interned() > lim.max_sdd_nodes:
            self.m.garbage_collect()
            if self.m.n_interned() > lim.max_sdd_nodes:
                raise CompileError(
                    f"MV-SDD compilation exceeded the size limit max_sdd_nodes="
                    f"{lim.max_sdd_nodes}",
                    hint="raise CompileLimits.max_sdd_nodes or simplify the program",
                )


def _fold(nodes: list[Node], op: Callable[[Node, Node], Node], unit: Node, g: _Guard) -> Node:
    """Combine nodes pairwise (balanced tree of Apply calls)."""
    layer = list(nodes)
    if not layer:
        return unit
    while len(layer) > 1:
        nxt = []
        for i in range(0, len(layer) - 1, 2):
            nxt.append(op(layer[i], layer[i + 1]))
            g.check()
        if len(layer) % 2:
            nxt.append(layer[-1])
        layer = nxt
    return layer[0]


def _literal_nodes(m: Manager, layout: MvLayout) -> Callable[[int, bool], Node]:
    """A function (circuit variable, positive) -> MV-SDD terminal node."""
    where = {v: (j, i) for j, gv in enumerate(layout.leaves) for i, v in enumerate(gv)}

    def lit(var: int, positive: bool) -> Node:
        j, i = where[var]
        if layout.binary[j]:
            return m.literal(j, 1 if positive else 0)
        if positive:
            return m.literal(j, i)
        return m.terminal(j, [x for x in range(len(layout.leaves[j])) if x != i])

    return lit


def _compile_dag(
    m: Manager, c: Circuit, lit: Callable[[int, bool], Node], g: _Guard
) -> list[Node]:
    """MV-SDDs of a formula circuit's outputs (intermediates dropped after their last use)."""
    uses = [0] * c.n_nodes
    for ch in c.children:
        for x in ch:
            uses[x] += 1
    keep = set(c.outputs)
    sdd: list[Node | None] = [None] * c.n_nodes
    for i, (k, v, ch) in enumerate(zip(c.kinds, c.vars, c.children, strict=True)):
        if k in (Kind.POS, Kind.NEG):
            sdd[i] = lit(v, k == Kind.POS)
        elif k in (Kind.TRUE, Kind.FALSE):
            sdd[i] = m.top() if k == Kind.TRUE else m.bot()
        else:
            conj = k == Kind.AND
            sdd[i] = _fold([sdd[x] for x in ch], m.conjoin if conj else m.disjoin,
                           m.top() if conj else m.bot(), g)
        for x in ch:
            uses[x] -= 1
            if uses[x] == 0 and x not in keep:
                sdd[x] = None  # the wrapper's reference goes; the manager may collect it
    return [sdd[o] for o in c.outputs]


def compile_mvsdd_nodes(
    formula: Formula,
    options: MvSddOptions | None = None,
    limits: CompileLimits | None = None,
) -> tuple[Manager, MvLayout, list[Node]]:
    """Compile a formula into MV-SDDs: one root per query (conditioned), then the evidence.

    Args:
        formula: the formula DAG (`build_formula`).
        options: vtree and variable order.
        limits: size (interned MV-SDD nodes) / time limits.

    Returns:
        `(manager, layout, roots)`: roots are `query & evidence` per query, then `evidence`.

    Raises:
        CompileError: unknown option, a limit was exceeded, or pymvsdd is missing.
    """
    options = options or MvSddOptions()
    limits = limits or CompileLimits()
    if options.vtree not in MV_VTREE_TYPES:
        raise CompileError(f"unknown vtree type {options.vtree!r}; valid: {MV_VTREE_TYPES}")
    mv = _pymvsdd()
    layout = mv_layout(formula, options.var_order)
    domains = [2 if bin_ else len(gv) for gv, bin_ in zip(layout.leaves, layout.binary,
                                                          strict=True)]
    domains = domains or [2]  # pymvsdd needs at least one variable
    make = mv.Vtree.balanced if options.vtree == "balanced" else mv.Vtree.right_linear
    m = mv.Manager(make(domains))
    guard = _Guard(m, limits)
    outs = _compile_dag(m, formula.circuit, _literal_nodes(m, layout), guard)
    nq = len(formula.queries)
    parts = [o if val else m.negate(o) for o, (_, val) in zip(outs[nq:], formula.evidence,
                                                             strict=True)]
    evidence = _fold(parts, m.conjoin, m.top(), guard)
    roots = []
    for q in outs[:nq]:
        roots.append(m.conjoin(q, evidence))
        guard.check()
    return m, layout, roots + [evidence]


def compile_mvsdd(
    source: Formula | GroundProgram,
    options: MvSddOptions | None = None,
    limits: CompileLimits | None = None,
) -> CompiledCircuit:
    """Compile a ground program (or its formula) via MV-SDDs into a smooth `Circuit`.

    Args:
        source: a `GroundProgram` (its formula is `build_formula(gp)`) or a `Formula`.
        options: vtree and variable order (`MvSddOptions`).
        limits: size / time limits.

    Returns:
        A `CompiledCircuit` with `conditioned=True` and `compile_sdd`'s variables: outputs
        `query & evidence` per query, then `evidence`; every output mentions every group.

    Raises:
        CompileError: a limit was exceeded, a group is too large, or pymvsdd is missing.
    """
    formula = build_formula(source) if isinstance(source, GroundProgram) else source
    _, layout, roots = compile_mvsdd_nodes(formula, options, limits)
    circuit = mvsdd_to_circuit(roots, layout, len(formula.variables))
    return formula.compiled(circuit, conditioned=True)
