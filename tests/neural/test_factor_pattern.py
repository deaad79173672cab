"""The logic-in-the-loss constraint pattern, compiled with its free sum head factored out.

`consistent :- addition(I0, I1, S), sum(I0, I1, S)`: checked against brute-force
enumeration over the digits and the sum head, and (N=1, 19-valued head) against the same
program compiled directly with multi-valued SDDs.
"""

from __future__ import annotations

import itertools

import pytest
import torch
from tests.addition_patterns import (
    constraint_clauses,
    constraint_query,
    n_sums,
    placeholders,
    program_text,
)
from torch import nn

from cortexlog.compile import build_formula
from cortexlog.compile.factor import find_free_group
from cortexlog.language import parse
from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.pattern import QueryPattern, binary_networks, ground_pattern
from cortexlog.semantics.possibilistic import dubois_prade
from cortexlog.semantics.structure import get_semantics

COMPILED = ["probability", "logprob", "mpe", "possibilistic"]


class SumHead(nn.Module):
    def __init__(self, n_in: int, n_out: int) -> None:
        super().__init__()
        self.lin = nn.Linear(3 * n_in, n_out)

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return self.lin(torch.cat(xs, dim=1))


def _setup(digits: int, batch: int) -> tuple[object, dict, dict]:  # type: ignore[type-arg]
    torch.manual_seed(digits)
    ast = parse(program_text(digits) + "\n" + constraint_clauses(digits), "<test>")
    nets = {"mnist_net": nn.Linear(3, 10).double(),
            "sum_net": SumHead(2 * digits, n_sums(digits)).double()}
    sources = {p: torch.randn(batch, 3, dtype=torch.float64) for p in placeholders(digits)}
    return ast, nets, sources


def _brute(digits: int, nets: dict, sources: dict, semantics: str) -> torch.Tensor:  # type: ignore[type-arg]
    """Value of `consistent` by enumerating every digit assignment and sum-head value."""
    names = placeholders(digits)
    digit = [nets["mnist_net"](sources[p]).softmax(-1) for p in names]
    head = nets["sum_net"](*[sources[p] for p in names]).softmax(-1)
    if semantics == "possibilistic":
        digit, head = [dubois_prade(d) for d in digit], dubois_prade(head)
    out = []
    for ds in itertools.product(range(10), repeat=2 * digits):
        a = int("".join(map(str, ds[:digits])))
        b = int("".join(map(str, ds[digits:])))
        ws = [d[:, k] for d, k in zip(digit, ds, strict=True)] + [head[:, a + b]]
        stacked = torch.stack(ws, 1)
        out.append(stacked.amin(1) if semantics == "possibilistic" else stacked.prod(1))
    terms = torch.stack(out, 1)
    if semantics in ("mpe", "possibilistic"):
        return terms.amax(1)
    total = terms.sum(1)
    return total.log() if semantics == "logprob" else total


@pytest.mark.parametrize("semantics", COMPILED)
def test_n1_factored_matches_brute_force_and_direct_mvsdd(semantics: str) -> None:
    ast, nets, sources = _setup(1, 5)
    gp = ground_pattern(ast, [constraint_query(1)])
    free = find_free_group(gp)
    assert free is not None and len(gp.groups[free.group].weights) == 19
    pattern = QueryPattern.from_ground(gp, semantics, binary_networks(ast))
    values, _ = pattern(sources, nets)
    torch.testing.assert_close(values[:, 0], _brute(1, nets, sources, semantics))
    pytest.importorskip("pymvsdd")
    from cortexlog.compile.mvsdd import compile_mvsdd

    direct = QueryPattern(compile_mvsdd(build_formula(gp)), NeuralCalls.from_ground(gp),
                          get_semantics(semantics))
    torch.testing.assert_close(direct(sources, nets)[0], values)
    one, _ = pattern({k: v[2:3] for k, v in sources.items()}, nets)
    torch.testing.assert_close(one[0], values[2])


@pytest.mark.parametrize("semantics", ["probability", "possibilistic"])
def test_n2_constraint_builds_and_matches_brute_force(semantics: str) -> None:
    """N=2: a 199-valued head (beyond mv-sdd's 64 values) over four digit images."""
    ast, nets, sources = _setup(2, 3)
    gp = ground_pattern(ast, [constraint_query(2)])
    pattern = QueryPattern.from_ground(gp, semantics, binary_networks(ast))
    values, _ = pattern(sources, nets)
    torch.testing.assert_close(values[:, 0], _brute(2, nets, sources, semantics))
    loss = -values[:, 0].log().sum() if semantics == "probability" else -values.sum()
    loss.backward()
    assert nets["mnist_net"].weight.grad.abs().sum() > 0


@pytest.mark.parametrize("semantics", ["godel", "product", "lukasiewicz"])
def test_fuzzy_semantics_keep_the_formula_structure(semantics: str) -> None:
    """Fuzzy logics evaluate the ground formula as written: no factoring, no compilation."""
    ast, _, _ = _setup(1, 1)
    gp = ground_pattern(ast, [constraint_query(1)])
    pattern = QueryPattern.from_ground(gp, semantics, binary_networks(ast))
    assert not pattern.compiled.conditioned
    assert len(pattern.compiled.variables) == sum(len(g.weights) for g in gp.groups)
