"""The module holding a program's learnable probabilities `t(p)` as trainable logits.

`NeuralCalls.evaluate` reads the value of every `LearnableWeight` from the module passed in
its `networks` mapping under the reserved name `LEARNABLE`:

>>> from cortexlog.language import parse
>>> probs = LearnableProbabilities.from_program(parse("t(0.2)::a. t(0.3)::b; t(0.7)::c."))
>>> probs.keys, [round(v, 6) for v in probs(("c", "a")).tolist()]
(('a', 'b', 'c'), [0.7, 0.2])

A learnable fact or clause is one logit read through a sigmoid. The learnable heads of an
annotated disjunction share the mass its fixed heads leave (`1 - fixed`) through a
softmax; when their initial values sum to less than that mass, an extra "none" logit keeps
the implicit "no head" option (ProbLog's semantics of such a disjunction) learnable too.
Initial values are those of the program, so before training the module gives exactly
the probabilities plain inference uses. `t(_)` starts at 0.5 for a fact and shares the
disjunction's remaining mass equally; pass a `torch.Generator` to draw it uniformly at
random instead (DeepProbLog's choice).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor, nn

from cortexlog.errors import CortexlogError
from cortexlog.grounding.learnable import LearnableGroup, program_learnable_groups
from cortexlog.language.ast import ProgramAST

#: The reserved network name under which `NeuralCalls.evaluate` expects the module.
LEARNABLE = "__learnable__"
_TINY = 1e-6


def _fact_init(p: float | None, generator: torch.Generator | None) -> float:
    if p is None:
        return 0.5 if generator is None else float(torch.rand((), generator=generator))
    return p


def _ad_inits(g: LearnableGroup, generator: torch.Generator | None) -> list[float]:
    """Initial values of a disjunction's learnable heads (+ the "none" share, if any)."""
    mass = 1.0 - g.fixed
    known = sum(p for p in g.inits if p is not None)
    unknown = [i for i, p in enumerate(g.inits) if p is None]
    values = [0.0 if p is None else p for p in g.inits]
    if unknown:
        rest = max(mass - known, _TINY)
        shares = torch.rand(len(unknown), generator=generator) if generator else None
        for j, i in enumerate(unknown):
            frac = 1 / len(unknown) if shares is None else float(shares[j] / shares.sum())
            values[i] = rest * frac
    if not g.exhaustive:
        values.append(max(mass - sum(values), _TINY))
    return values


class LearnableProbabilities(nn.Module):
    """One unconstrained logit per learnable probability (module doc).

    Args:
        groups: the program's learnable groups (`program_learnable_groups`).
        generator: draws the initial value of `t(_)` at random if given.

    Attributes:
        keys: the parameter keys, in program order (`LearnableWeight.key`).
        logits: the trainable logits (a disjunction's "none" logit follows its heads).
    """

    def __init__(
        self, groups: Sequence[LearnableGroup], generator: torch.Generator | None = None
    ) -> None:
        super().__init__()
        keys: list[str] = []
        logits: list[float] = []
        # Runs of consecutive facts `(start, n, 0.0)` (sigmoid) and disjunctions
        # `(start, n_logits, mass)` (softmax, first len(keys) columns kept).
        self._segments: list[tuple[bool, int, int, int, float]] = []
        for g in groups:
            if g.fact:
                p = min(max(_fact_init(g.inits[0], generator), _TINY), 1 - _TINY)
                if self._segments and self._segments[-1][0]:
                    fact, start, n, kept, _ = self._segments[-1]
                    self._segments[-1] = (True, start, n + 1, kept + 1, 1.0)
                else:
                    self._segments.append((True, len(logits), 1, 1, 1.0))
                logits.append(math.log(p / (1 - p)))
            else:
                mass = 1.0 - g.fixed
                values = _ad_inits(g, generator)
                self._segments.append((False, len(logits), len(values), len(g.keys), mass))
                logits += [math.log(max(v, _TINY) / mass) for v in values]
            keys.extend(g.keys)
        self.keys: tuple[str, ...] = tuple(keys)
        self._index = {k: i for i, k in enumerate(keys)}
        self.logits = nn.Parameter(torch.tensor(logits, dtype=torch.float32))
        self._plans: dict[tuple[str, ...], list[int]] = {}

    def probabilities(self, log: bool = False) -> Tensor:
        """The probability of every key, `[len(keys)]` in `keys` order.

        Args:
            log: return log-probabilities instead (computed stably).

        Returns:
            The (log-)probabilities, differentiable in `logits`.
        """
        pieces = []
        for fact, start, n, kept, mass in self._segments:
            z = self.logits[start:start + n]
            if fact:
                pieces.append(nn.functional.logsigmoid(z) if log else torch.sigmoid(z))
            elif log:
                pieces.append(z.log_softmax(0)[:kept] + math.log(mass))
            else:
                pieces.append(z.softmax(0)[:kept] * mass)
        if not pieces:
            return self.logits[:0]
        return torch.cat(pieces) if len(pieces) > 1 else pieces[0]

    def forward(self, keys: Sequence[str], log: bool = False) -> Tensor:
        """The (log-)probabilities of the given keys, `[len(keys)]`.

        Args:
            keys: parameter keys (e.g. `NeuralCalls.learnable`).
            log: return log-probabilities.

        Returns:
            The values in the order of `keys`.
        """
        keys = tuple(keys)
        plan = self._plans.get(keys)
        if plan is None:
            missing = [k for k in keys if k not in self._index]
            if missing:
                raise CortexlogError(
                    f"no learnable parameter {', '.join(missing)} in this module "
                    f"(it has: {', '.join(self.keys) or 'none'})",
                    hint="build the module from the same program: "
                    "LearnableProbabilities.from_program(program.ast)",
                )
            plan = self._plans[keys] = [self._index[k] for k in keys]
        values = self.probabilities(log)
        if plan == list(range(len(self.keys))):
            return values
        return values[torch.tensor(plan, dtype=torch.long, device=values.device)]

    def as_dict(self) -> dict[str, float]:
        """The current probability of every key (for reports)."""
        with torch.no_grad():
            return dict(zip(self.keys, self.probabilities().tolist(), strict=True))

    @classmethod
    def from_program(
        cls, program: ProgramAST, generator: torch.Generator | None = None
    ) -> LearnableProbabilities:
        """The module for every `t(...)` annotation of a program, at its initial values.

        Args:
            program: the parsed program (`Program.ast`).
            generator: draws the initial value of `t(_)` at random if given.

        Returns:
            The module (no parameters if the program has no learnable probability).
        """
        return cls(program_learnable_groups(program), generator)
