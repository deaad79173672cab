"""Learnable probabilities in training: the `LEARNABLE` module read by `NeuralCalls`.

Oracles: the program's own `t(p)` values (the module starts where plain inference is),
hand-derived gradients, `torch.autograd.gradcheck`, and a torch brute-force enumeration of
the ground program's worlds.
"""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from tests.grounding.oracle import _model

from cortexlog.errors import CortexlogError
from cortexlog.grounding import ground
from cortexlog.grounding.ground_program import ChoiceVar, GroundProgram, LearnableWeight
from cortexlog.language import parse, parse_term
from cortexlog.neural.calls import NeuralCalls
from cortexlog.neural.learnable import LEARNABLE, LearnableProbabilities
from cortexlog.neural.pattern import QueryPattern

PROGRAM = """
t(0.3)::a.
t(0.2)::b; t(0.5)::c.
t(0.4)::coin(X).
0.25::d; t(0.35)::e; t(_)::f.
q :- a, \\+ b.
two :- coin(1), coin(2).
r :- e. r :- d, c.
"""


def brute_force(gp: GroundProgram, weights: torch.Tensor, offsets: tuple[int, ...]) -> torch.Tensor:
    """P(query) for each query: a differentiable sum over all worlds."""
    choices = []
    for g, group in enumerate(gp.groups):
        n = len(group.weights)
        cols = [weights[offsets[g] + i] for i in range(n)]
        opts: list[tuple[int | None, torch.Tensor]] = list(enumerate(cols))
        if not group.exhaustive:
            opts.append((None, 1 - sum(cols)))
        choices.append([(g, i, w) for i, w in opts])
    total = [weights.new_zeros(()) for _ in gp.queries]
    for combo in itertools.product(*choices):
        world = {ChoiceVar(g, j): i == j
                 for g, i, _ in combo for j in range(len(gp.groups[g].weights))}
        p = math.prod((w for _, _, w in combo), start=weights.new_ones(()))
        model = _model(gp, world)
        for k, q in enumerate(gp.queries):
            if q in model:
                total[k] = total[k] + p
    return torch.stack(total)


def _setup(queries: list[str]) -> tuple[GroundProgram, NeuralCalls, LearnableProbabilities]:
    ast = parse(PROGRAM)
    gp = ground(ast, [parse_term(q) for q in queries])
    return gp, NeuralCalls.from_ground(gp), LearnableProbabilities.from_program(ast).double()


def test_module_starts_at_the_programs_values() -> None:
    module = LearnableProbabilities.from_program(parse(PROGRAM))
    assert module.keys == ("a", "b", "c", "coin(X)", "e", "f")
    got = module.as_dict()
    want = {"a": 0.3, "b": 0.2, "c": 0.5, "coin(X)": 0.4, "e": 0.35, "f": 0.4}  # f: 1-.25-.35
    assert got == pytest.approx(want, abs=1e-6)
    log = module.probabilities(log=True).exp().tolist()
    assert log == pytest.approx(list(want.values()), abs=1e-6)
    # b, c leave an implicit "none" of 0.3: a fourth logit keeps it learnable
    assert module.logits.shape == (7,)


def test_option_matrix_reads_the_module() -> None:
    gp, calls, module = _setup(["q", "two", "r"])
    w, outputs = calls.evaluate({}, {LEARNABLE: module})
    assert outputs == {}
    values = module.as_dict()
    floats = torch.tensor([[values[x.key] if isinstance(x, LearnableWeight) else float(x)
                            for g in gp.groups for x in g.weights]], dtype=w.dtype)
    assert sorted(calls.learnable) == ["a", "b", "c", "coin(X)", "e", "f"]
    torch.testing.assert_close(w, floats)
    wlog, _ = calls.evaluate({}, {LEARNABLE: module}, log=True)
    torch.testing.assert_close(wlog.exp(), w)
    with pytest.raises(CortexlogError, match="no module holds them"):
        calls.evaluate({}, {})


def test_gradients_match_hand_derivation() -> None:
    gp, calls, module = _setup(["q", "two"])
    w, _ = calls.evaluate({}, {LEARNABLE: module})
    pq, ptwo = brute_force(gp, w[0], calls.offsets)
    pa, pb, pc, pcoin = 0.3, 0.2, 0.5, 0.4
    assert pq.item() == pytest.approx(pa * (1 - pb))
    assert ptwo.item() == pytest.approx(pcoin**2)
    (grad_q,) = torch.autograd.grad(pq, module.logits, retain_graph=True)
    pnone = 1 - pb - pc
    # logits: a, (b, c, none), coin, (e, f)
    want_q = [pa * (1 - pa) * (1 - pb), -pa * pb * (1 - pb), pa * pb * pc, pa * pb * pnone,
              0.0, 0.0, 0.0]
    torch.testing.assert_close(grad_q, torch.tensor(want_q, dtype=grad_q.dtype))
    (grad_two,) = torch.autograd.grad(ptwo, module.logits)
    # one shared parameter for both instances: d(p^2)/dz = 2p * p(1-p)
    assert float(grad_two[4]) == pytest.approx(2 * pcoin * pcoin * (1 - pcoin))
    assert float(grad_two.abs().sum() - grad_two[4].abs()) == 0.0


def test_gradcheck_through_the_option_matrix() -> None:
    gp, calls, module = _setup(["q", "two", "r"])

    def f(logits: torch.Tensor) -> torch.Tensor:
        w, _ = calls.evaluate({}, {LEARNABLE: _With(module, logits)})
        return brute_force(gp, w[0], calls.offsets)

    start = module.logits.detach().clone().requires_grad_(True)
    assert torch.autograd.gradcheck(f, (start,), eps=1e-6, atol=1e-7)


class _With(torch.nn.Module):
    """The module evaluated with the given logits (so gradcheck can perturb them)."""

    def __init__(self, module: LearnableProbabilities, logits: torch.Tensor) -> None:
        super().__init__()
        self.module, self.given = module, logits

    def forward(self, keys: tuple[str, ...], log: bool = False) -> torch.Tensor:
        out = torch.func.functional_call(self.module, {"logits": self.given}, (keys,),
                                         {"log": log})
        assert isinstance(out, torch.Tensor)
        return out


def test_training_end_to_end_through_a_compiled_pattern() -> None:
    # q :- a, \+ b has P = pa (1 - pb); fitting P(q) = 1 must push a up and b down.
    ast = parse(PROGRAM)
    pattern = QueryPattern.from_ground(ground(ast, [parse_term("q"), parse_term("two")]))
    module = LearnableProbabilities.from_program(ast)
    values, _ = pattern({}, {LEARNABLE: module})
    assert values[0].tolist() == pytest.approx([0.3 * 0.8, 0.16], abs=1e-6)
    opt = torch.optim.SGD(module.parameters(), lr=1.0)
    for _ in range(200):
        values, _ = pattern({}, {LEARNABLE: module})
        loss = -values[0, 0].log() - (1 - values[0, 1]).log()
        opt.zero_grad()
        loss.backward()
        opt.step()
    got = module.as_dict()
    assert got["a"] > 0.9 and got["b"] < 0.1 and got["coin(X)"] < 0.1
    assert got["b"] + got["c"] <= 1.0 + 1e-6


def test_unknown_initial_values_and_random_init() -> None:
    ast = parse("t(_)::a. t(_)::b; t(_)::c; 0.4::d.")
    module = LearnableProbabilities.from_program(ast)
    assert module.as_dict() == pytest.approx({"a": 0.5, "b": 0.3, "c": 0.3})
    gen = torch.Generator().manual_seed(0)
    rand = LearnableProbabilities.from_program(ast, generator=gen).as_dict()
    assert 0 < rand["a"] < 1 and rand["b"] + rand["c"] == pytest.approx(0.6, abs=1e-6)
    with pytest.raises(CortexlogError, match="no learnable parameter zz"):
        module(("zz",))
