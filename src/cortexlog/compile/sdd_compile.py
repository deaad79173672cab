"""Knowledge compilation of a `Formula` into SDDs (PySDD), then into a smooth `Circuit`.

The formula DAG is compiled bottom-up with `conjoin`/`disjoin`, every live intermediate
referenced and dereferenced after its last use, so the manager's garbage collector (and,
if enabled, dynamic vtree minimisation) may run. Each group with >= 2 indicators gets an
exactly-one constraint, conjoined with the evidence; query outputs are
`query & evidence & constraints`, the last output `evidence & constraints`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pysdd.sdd import SddManager, SddNode, Vtree

from cortexlog.circuits.ir import Circuit, Kind
from cortexlog.compile.formula import Formula, lead
from cortexlog.compile.sdd_convert import sdd_to_circuit
from cortexlog.compile.sdd_early import EarlyConstraints
from cortexlog.compile.sdd_order import var_order
from cortexlog.compile.sdd_plan import compile_components
from cortexlog.compile.variables import CompiledCircuit
from cortexlog.errors import CompileError
from cortexlog.grounding.deep import on_big_stack

VTREE_TYPES = ("balanced", "right", "left", "vertical", "random")


@dataclass(frozen=True, slots=True)
class CompileLimits:
    """Resource limits of a compilation (None = unlimited).

    Attributes:
        max_sdd_nodes: most SDD nodes the manager may hold.
        max_seconds: wall-clock seconds for the whole compilation.
    """

    max_sdd_nodes: int | None = 2_000_000
    max_seconds: float | None = 120.0


@dataclass(frozen=True, slots=True)
class SddOptions:
    """How to compile.

    The default (right-linear vtree, input order with root-only groups first, no
    minimisation) was fastest on the benchmark programs (smokers, dice, addition,
    reachability; `bench/programs.py`, timed by `bench/exact_inference.py`).

    Attributes:
        vtree: PySDD vtree type, one of `VTREE_TYPES`.
        var_order: one of `sdd_order.VAR_ORDERS`: "roots_first" (input order, groups
            used only right under an output first), "input" (circuit variable order) or
            "appearance" (order variables first appear in the formula DAG).
        minimize: let the manager minimise the vtree dynamically while compiling.
    """

    vtree: str = "right"
    var_order: str = "roots_first"
    minimize: bool = False


DEFAULT_OPTIONS = SddOptions()
DEFAULT_LIMITS = CompileLimits()


class _Guard:
    """Checks limits between SDD operations."""

    def __init__(self, manager: SddManager, limits: CompileLimits) -> None:
        self.m = manager
        self.limits = limits
        self.start = time.perf_counter()

    def check(self) -> None:
        lim = self.limits
        if lim.max_seconds is not None and time.perf_counter() - self.start > lim.max_seconds:
            raise CompileError(
                f"knowledge compilation exceeded the time limit max_seconds={lim.max_seconds}",
                hint="raise CompileLimits.max_seconds or simplify the program",
            )
        if lim.max_sdd_nodes is not None and self.m.count() > lim.max_sdd_nodes:
            self.m.garbage_collect()  # dead nodes do not count against the limit
        if lim.max_sdd_nodes is not None and self.m.count() > lim.max_sdd_nodes:
            raise CompileError(
                f"knowledge compilation exceeded the size limit max_sdd_nodes="
                f"{lim.max_sdd_nodes}",
                hint="raise CompileLimits.max_sdd_nodes or simplify the program",
            )


def make_manager(formula: Formula, options: SddOptions) -> SddManager:
    """An SDD manager with a vtree over the formula's variables.

    Args:
        formula: the formula (its circuit and variable count).
        options: vtree type, variable order, minimisation.

    Returns:
        The manager; SDD variable `v + 1` is circuit variable `v`.
    """
    if options.vtree not in VTREE_TYPES:
        raise CompileError(f"unknown vtree type {options.vtree!r}; valid: {VTREE_TYPES}")
    n = max(1, len(formula.variables))
    order = lead(var_order(formula.circuit, formula.group_vars, options.var_order), formula) or [1]
    vtree = Vtree(var_count=n, var_order=order, vtree_type=options.vtree)
    m = SddManager.from_vtree(vtree)
    if options.minimize:
        m.auto_gc_and_minimize_on()
    else:
        m.auto_gc_and_minimize_off()
    return m


def _fold(m: SddManager, nodes: list[SddNode], conj: bool, guard: _Guard) -> SddNode:
    """Conjoin/disjoin SDDs pairwise (balanced), keeping intermediates referenced."""
    if not nodes:
        return m.true() if conj else m.false()
    layer = list(nodes)
    owned: list[bool] = [False] * len(layer)
    while len(layer) > 1:
        nxt, nxt_owned = [], []
        for i in range(0, len(layer) - 1, 2):
            a, b = layer[i], layer[i + 1]
            r = m.conjoin(a, b) if conj else m.disjoin(a, b)
            r.ref()
            for x, own in ((a, owned[i]), (b, owned[i + 1])):
                if own:
                    x.deref()
            guard.check()
            nxt.append(r)
            nxt_owned.append(True)
        if len(layer) % 2:
            nxt.append(layer[-1])
            nxt_owned.append(owned[-1])
        layer, owned = nxt, nxt_owned
    if owned[0]:
        layer[0].deref()
    return layer[0]


def compile_sdd_nodes(
    formula: Formula, options: SddOptions = DEFAULT_OPTIONS, limits: CompileLimits = DEFAULT_LIMITS
) -> tuple[SddManager, list[SddNode]]:
    """Compile a formula into SDDs: one per query (conditioned), then the evidence SDD.

    Args:
        formula: the formula DAG.
        options: vtree and minimisation settings.
        limits: size / time limits.

    Returns:
        `(manager, roots)`; the roots are referenced (deref them to free them).

    Raises:
        CompileError: a limit was exceeded.
    """
    m = make_manager(formula, options)
    guard = _Guard(m, limits)
    c = formula.circuit
    if formula.components:
        outs = compile_components(m, formula, lambda m, n, conj: _fold(m, n, conj, guard))
    else:
        early = EarlyConstraints(m, c, formula.group_vars, lambda gv: _exactly_one(m, gv, guard))
        outs = _compile_dag(m, c, guard, early)
        early.release()
    nq = len(formula.queries)
    parts = []
    for o, (_, val) in zip(outs[nq:], formula.evidence, strict=True):
        part = o if val else m.negate(o)
        part.ref()
        parts.append(part)
    used = set(c.vars)
    for gv in formula.group_vars:
        if len(gv) >= 2 and used.intersection(gv):
            parts.append(_exactly_one(m, gv, guard))
    evidence = _fold(m, parts, True, guard)
    evidence.ref()
    for p in parts:
        p.deref()
    roots = []
    for q in outs[:nq]:
        r = m.conjoin(q, evidence)
        r.ref()
        guard.check()
        roots.append(r)
    for o in outs:
        o.deref()
    roots.append(evidence)
    return m, roots


def _compile_dag(
    m: SddManager, c: Circuit, guard: _Guard, early: EarlyConstraints | None = None
) -> list[SddNode]:
    """SDDs of a circuit's outputs, compiled node by node (each output referenced once).

    With `early`, group constraints are conjoined into nodes on the way (`sdd_early`):
    the outputs are then only equal to the formula's after conjoining all constraints.
    """
    uses = [0] * c.n_nodes
    for ch in c.children:
        for x in ch:
            uses[x] += 1
    sdd: list[SddNode | None] = [None] * c.n_nodes
    for i, (k, v, ch) in enumerate(zip(c.kinds, c.vars, c.children, strict=True)):
        if k == Kind.FALSE:
            node = m.false()
        elif k == Kind.TRUE:
            node = m.true()
        elif k in (Kind.POS, Kind.NEG):
            node = m.literal(v + 1 if k == Kind.POS else -(v + 1))
        else:
            node = _fold(m, [_live(sdd, x) for x in ch], k == Kind.AND, guard)
        node.ref()
        if early is not None:
            node = early.apply(i, k, v, ch, node)
            guard.check()
        sdd[i] = node
        for x in ch:
            uses[x] -= 1
            if uses[x] == 0 and x not in c.outputs:
                _live(sdd, x).deref()
                sdd[x] = None
    outs = [_live(sdd, o) for o in c.outputs]
    for o in outs:
        o.ref()
    for o in set(c.outputs):
        _live(sdd, o).deref()
    return outs


def _live(sdd: list[SddNode | None], i: int) -> SddNode:
    """Node `i` of `_compile_dag`, which must not have been released yet."""
    node = sdd[i]
    if node is None:
        raise CompileError(f"internal error: SDD node {i} used after its release",
                           hint="report this as a bug in cortexlog.compile.sdd_compile")
    return node


def _exactly_one(m: SddManager, gv: tuple[int, ...], guard: _Guard) -> SddNode:
    """Exactly one of the (circuit) variables `gv` is true; returned referenced."""
    exactly, none = m.false(), m.true()
    exactly.ref()
    none.ref()
    for v in gv:
        x = m.literal(v + 1)
        keep, add = m.conjoin(exactly, ~x), None
        keep.ref()
        add = m.conjoin(none, x)
        add.ref()
        new_exactly = m.disjoin(keep, add)
        new_exactly.ref()
        keep.deref()
        add.deref()
        new_none = m.conjoin(none, ~x)
        new_none.ref()
        exactly.deref()
        none.deref()
        exactly, none = new_exactly, new_none
        guard.check()
    none.deref()
    return exactly


def compile_sdd(
    formula: Formula,
    options: SddOptions = DEFAULT_OPTIONS,
    limits: CompileLimits = DEFAULT_LIMITS,
    smooth: bool = True,
) -> CompiledCircuit:
    """Compile a formula into a deterministic, decomposable (smooth) circuit via SDDs.

    Args:
        formula: the formula DAG (`build_formula`).
        options: vtree and minimisation settings.
        limits: size / time limits.
        smooth: smooth the circuit (default), so every semiring (also MPE) is correct.

    Returns:
        A `CompiledCircuit` with `conditioned=True`: outputs `query & evidence &
        constraints` per query, then `evidence & constraints`.

    Raises:
        CompileError: a limit was exceeded.
    """
    def run() -> CompiledCircuit:
        m, roots = compile_sdd_nodes(formula, options, limits)
        groups = [gv for gv in formula.group_vars if len(gv) >= 2]
        circuit = sdd_to_circuit(roots, len(formula.variables), smooth=smooth, groups=groups)
        return formula.compiled(circuit, conditioned=True)

    return on_big_stack(run)  # PySDD's apply recurses in C along the vtree
