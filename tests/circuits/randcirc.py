"""Random compiled circuits (random CNF -> PySDD -> Circuit) and brute-force oracles."""

from __future__ import annotations

import itertools
import random

import numpy as np
from pysdd.sdd import SddManager

from cortexlog.circuits.ir import Circuit, CircuitBuilder, Kind
from cortexlog.compile import sdd_to_circuit


def random_cnf(rng: random.Random, n_vars: int, n_clauses: int) -> list[list[int]]:
    """Clauses of 1..3 distinct literals (DIMACS style, 1-based signed ints)."""
    cnf = []
    for _ in range(n_clauses):
        vs = rng.sample(range(1, n_vars + 1), rng.randint(1, min(3, n_vars)))
        cnf.append([v if rng.random() < 0.5 else -v for v in vs])
    return cnf


def compile_cnfs(cnfs: list[list[list[int]]], n_vars: int) -> Circuit:
    """Compile CNFs (one output each) with PySDD into one smooth circuit."""
    mgr = SddManager(var_count=n_vars)
    roots = []
    for cnf in cnfs:
        f = mgr.true()
        for clause in cnf:
            c = mgr.false()
            for lit in clause:
                c = c | mgr.literal(lit)
            f = f & c
        roots.append(f)
    return sdd_to_circuit(roots, n_vars)


def models(cnf: list[list[int]], n_vars: int) -> np.ndarray:
    """`[n_models, n_vars]` bool array of the CNF's models, by enumeration."""
    worlds = np.array(list(itertools.product([False, True], repeat=n_vars)), dtype=bool)
    ok = np.ones(len(worlds), dtype=bool)
    for clause in cnf:
        sat = np.zeros(len(worlds), dtype=bool)
        for lit in clause:
            col = worlds[:, abs(lit) - 1]
            sat |= col if lit > 0 else ~col
        ok &= sat
    return worlds[ok]


def literal_weights(ms: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """`[batch, n_models, n_vars]` weight of each model's literals."""
    return np.where(ms[None, :, :], pos[:, None, :], neg[:, None, :])


def random_formula(rng: random.Random, n_vars: int, size: int) -> Circuit:
    """A random AND/OR formula over literals, built with `CircuitBuilder` (not compiled)."""
    b = CircuitBuilder(n_vars=n_vars)
    nodes = [b.literal(v, positive=rng.random() < 0.6) for v in range(n_vars)]
    for _ in range(size):
        k = rng.randint(2, min(4, len(nodes)))
        ch = rng.sample(nodes, k)
        nodes.append(b.conj(ch) if rng.random() < 0.5 else b.disj(ch))
    return b.build([nodes[-1], nodes[-2]])


def eval_formula(circuit: Circuit, pos: list[float], neg: list[float], and2, or2,
                 zero: float, one: float) -> list[float]:
    """Evaluate a circuit node by node with plain-Python binary operations."""
    val: list[float] = []
    for node, kind in enumerate(circuit.kinds):
        if kind == Kind.FALSE:
            val.append(zero)
        elif kind == Kind.TRUE:
            val.append(one)
        elif kind == Kind.POS:
            val.append(pos[circuit.vars[node]])
        elif kind == Kind.NEG:
            val.append(neg[circuit.vars[node]])
        else:
            op = and2 if kind == Kind.AND else or2
            ch = circuit.children[node]
            acc = val[ch[0]]
            for c in ch[1:]:
                acc = op(acc, val[c])
            val.append(acc)
    return [val[o] for o in circuit.outputs]
