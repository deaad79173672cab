"""How training computes a query's value: exactly, or by an estimator over worlds (values).

`exact` (the default) evaluates the knowledge-compiled circuit. The approximate methods
never build it: they ground the query once per world of the neural choices they visit
(`cortexlog.neural.worlds`) and estimate the probability and its gradient
(`cortexlog.train.estimators`). They are chosen explicitly, never silently:
`--inference top-k:10`, `Model(..., inference="indecater:4")`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import torch

from cortexlog.errors import CortexlogError
from cortexlog.semantics.structure import AlgebraicStructure, Reduction
from cortexlog.train.estimators import Oracle, indecater, reinforce, top_k_worlds

Estimator = Callable[[torch.Tensor, Sequence[int], Oracle, int, torch.Generator | None],
                     torch.Tensor]


@dataclass(frozen=True)
class Inference:
    """An inference method for training.

    Attributes:
        name: the registry name.
        k: proofs (top-k) or samples per example; 0 for exact.
        estimator: the estimator over worlds, or None for exact inference.
        description: one line for listings.
    """

    name: str
    k: int = 0
    estimator: Estimator | None = None
    description: str = ""

    @property
    def exact(self) -> bool:
        """Whether the compiled circuit is evaluated (no estimator)."""
        return self.estimator is None

    def __str__(self) -> str:
        return self.name if self.exact else f"{self.name}:{self.k}"


METHODS = {
    "exact": Inference("exact", description="the knowledge-compiled circuit (default)"),
    "top-k": Inference("top-k", 10, top_k_worlds,
                       "sum over the k most probable worlds where the query holds "
                       "(a lower bound; deterministic)"),
    "sample": Inference("sample", 16, reinforce,
                        "REINFORCE with a leave-one-out baseline over k sampled worlds"),
    "indecater": Inference("indecater", 4, indecater,
                           "IndeCateR over k sampled worlds (unbiased, low variance)"),
}


def get_inference(spec: str | Inference) -> Inference:
    """The inference method named by `NAME` or `NAME:K` (K proofs or samples).

    Args:
        spec: e.g. `"exact"`, `"top-k:10"`, `"indecater"`, or an `Inference`.

    Returns:
        The method.

    >>> str(get_inference("top-k:3")), get_inference("sample").k
    ('top-k:3', 16)
    """
    if isinstance(spec, Inference):
        return spec
    name, _, k = spec.partition(":")
    method = METHODS.get(name)
    if method is None:
        valid = ", ".join(f"{n} ({m.description})" for n, m in METHODS.items())
        raise CortexlogError(f"unknown inference method {name!r}", hint=f"valid: {valid}")
    if not k:
        return method
    if method.exact or not k.isdigit() or int(k) < 1:
        what = "takes no count" if method.exact else "needs a positive count"
        raise CortexlogError(f"bad inference {spec!r}: {name} {what}",
                             hint="write NAME or NAME:K, e.g. top-k:10 or indecater:4")
    return replace(method, k=int(k))


def check_structure(inference: Inference, structure: AlgebraicStructure) -> None:
    """Approximate methods estimate probabilities: the structure must sum over worlds.

    Args:
        inference: the method.
        structure: the training semantics.
    """
    if inference.exact or structure.add_kind in (Reduction.SUM, Reduction.LOGSUMEXP):
        return
    raise CortexlogError(
        f"inference {inference} estimates probabilities, which semantics "
        f"{structure.name!r} does not compute",
        hint="use --semantics probability or logprob with an approximate method, "
        "or --inference exact",
    )
