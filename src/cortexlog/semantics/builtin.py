"""The built-in algebraic structures, registered on import.

Probabilistic structures (`probability`, `logprob`, `mpe`, `boolean`, `possibilistic`)
are evaluated on the knowledge-compiled circuit (deterministic, decomposable, smooth);
the fuzzy ones (`godel`, `product`, `lukasiewicz`, `logproduct`) on the circuit of the
ground formula itself, as fuzzy logics are truth-functional.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cortexlog.semantics import ops
from cortexlog.semantics import scalar as sc
from cortexlog.semantics.possibilistic import binary_possibility, dubois_prade
from cortexlog.semantics.relax import CENTRED_RAMP, HINGE, LOGISTIC
from cortexlog.semantics.scalar import ScalarOps
from cortexlog.semantics.structure import AlgebraicStructure, Reduction, Score, register

R = Reduction

if TYPE_CHECKING:
    from torch import Tensor


def _possible(p: Tensor) -> Tensor:
    """Boolean carrier: 1 where the probability is non-zero."""
    return (p > 0).to(p.dtype)


def _truth(x: Tensor) -> Tensor:
    """Report a Boolean carrier value as a bool tensor."""
    return x > 0.5


def _log_probsum0(x: Tensor) -> Tensor:
    """Product t-conorm in log space: `log(1 - prod(1 - exp(x)))` over dimension 0."""
    return ops.log1mexp(ops.log1mexp(x).sum(dim=0))


BOOLEAN = register(AlgebraicStructure(
    "boolean", 0.0, 1.0, ops.max0, ops.min0, ops.complement, _possible, _truth,
    compiled=True, differentiable=False,
    description="is the query possible (true in some world of non-zero probability)",
    scalar=ScalarOps(max, min, sc.possible, sc.truth), add_kind=R.MAX, mul_kind=R.MIN,
))
PROBABILITY = register(AlgebraicStructure(
    "probability", 0.0, 1.0, ops.sum0, ops.prod0, ops.complement, ops.identity,
    ops.identity, compiled=True, description="weighted model count (sum-product)",
    condition=ops.divide,
    scalar=ScalarOps(sc.fsum, sc.prod, sc.identity, sc.identity, condition=sc.divide),
    add_kind=R.SUM, mul_kind=R.PROD, score=Score.LIKELIHOOD,
))
LOGPROB = register(AlgebraicStructure(
    "logprob", -math.inf, 0.0, ops.logsumexp0, ops.sum0, ops.log1mexp, ops.safe_log,
    ops.exp, compiled=True,
    description="weighted model count in the log semiring (logsumexp-sum)",
    condition=ops.subtract,
    scalar=ScalarOps(sc.logsumexp, sc.plain_sum, sc.safe_log, sc.exp, condition=sc.subtract),
    add_kind=R.LOGSUMEXP, mul_kind=R.SUM, score=Score.LOG_LIKELIHOOD,
))
MPE = register(AlgebraicStructure(
    "mpe", 0.0, 1.0, ops.max0, ops.prod0, ops.complement, ops.identity, ops.identity,
    compiled=True, description="probability of the most probable world (max-product)",
    scalar=ScalarOps(max, sc.prod, sc.identity, sc.identity),
    add_kind=R.MAX, mul_kind=R.PROD, score=Score.LIKELIHOOD,
))
POSSIBILISTIC = register(AlgebraicStructure(
    "possibilistic", 0.0, 1.0, ops.max0, ops.min0, None, binary_possibility,
    ops.identity, compiled=True, encode_categorical=dubois_prade,
    description="possibility degree (max-min) after the Dubois-Prade transform",
    scalar=ScalarOps(max, min, sc.binary_possibility, sc.identity,
                     encode_categorical=sc.dubois_prade),
    add_kind=R.MAX, mul_kind=R.MIN, score=Score.DEGREE,
))
GODEL = register(AlgebraicStructure(
    "godel", 0.0, 1.0, ops.max0, ops.min0, ops.complement, ops.identity, ops.identity,
    compiled=False, description="Goedel fuzzy logic (min t-norm, max t-conorm)",
    scalar=ScalarOps(max, min, sc.identity, sc.identity),
    add_kind=R.MAX, mul_kind=R.MIN, score=Score.DEGREE, relaxation=CENTRED_RAMP,
))
PRODUCT = register(AlgebraicStructure(
    "product", 0.0, 1.0, ops.probsum0, ops.prod0, ops.complement, ops.identity,
    ops.identity, compiled=False,
    description="product fuzzy logic (product t-norm, probabilistic-sum t-conorm)",
    scalar=ScalarOps(sc.probsum, sc.prod, sc.identity, sc.identity),
    mul_kind=R.PROD, score=Score.LIKELIHOOD, relaxation=LOGISTIC,
))
LUKASIEWICZ = register(AlgebraicStructure(
    "lukasiewicz", 0.0, 1.0, ops.luk_or0, ops.luk_and0, ops.complement, ops.identity,
    ops.identity, compiled=False,
    description="Lukasiewicz fuzzy logic (max(0, a+b-1), min(1, a+b))",
    scalar=ScalarOps(sc.luk_or, sc.luk_and, sc.identity, sc.identity),
    score=Score.DEGREE, relaxation=HINGE,
))
LOGPRODUCT = register(AlgebraicStructure(
    "logproduct", -math.inf, 0.0, _log_probsum0, ops.sum0, ops.log1mexp, ops.safe_log,
    ops.exp, compiled=False,
    description="product fuzzy logic computed in log space (stable gradients for training)",
    scalar=ScalarOps(sc.log_probsum, sc.plain_sum, sc.safe_log, sc.exp),
    mul_kind=R.SUM,
))
