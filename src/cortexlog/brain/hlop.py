"""HLOP: Hebbian learning based orthogonal projection for continual learning.

Lateral neurons ``y = M x`` trained with Oja's subspace rule
``dM = lr (y x^T - y y^T M)`` converge to an orthonormal basis of the principal subspace
of a layer's input activity. After each task the basis grows (new neurons learn on the
residual not yet spanned); later tasks' weight gradients are projected orthogonally to
the stored subspace, so the layer's response to old inputs is (nearly) unchanged.
"""

from __future__ import annotations

import torch
from torch import Tensor


def oja_subspace_step(m: Tensor, x: Tensor, lr: float) -> Tensor:
    """One batched step of Oja's subspace rule (returns new lateral weights).

    Args:
        m: lateral weights ``[k, d]``.
        x: inputs ``[batch, d]``.
        lr: learning rate.

    Returns:
        new ``[k, d]`` weights ``m + lr/batch (y^T x - y^T y m)``, ``y = x m^T``.
    """
    y = x @ m.T
    return m + (lr / x.shape[0]) * (y.T @ x - (y.T @ y) @ m)


def learn_subspace(
    x: Tensor,
    k: int,
    old: Tensor | None = None,
    epochs: int = 30,
    batch_size: int = 256,
    lr: float = 0.5,
    generator: torch.Generator | None = None,
) -> Tensor:
    """Extract ``k`` new principal directions of ``x`` beyond ``old`` with Oja's rule.

    Inputs are first projected off the span of ``old`` (the residual the new lateral
    neurons see); the learning rate is divided by the largest residual variance so the
    rule is stable for any input scale.

    Args:
        x: input activity ``[n, d]``.
        k: number of new lateral neurons.
        old: existing basis ``[k_old, d]`` or None.
        epochs: passes over ``x``.
        batch_size: mini-batch size.
        lr: base learning rate (scaled as described).
        generator: torch.Generator for the initial weights and shuffling.

    Returns:
        the grown basis ``[k_old + k, d]``.
    """
    x = x.detach()
    if old is not None and old.shape[0] > 0:
        x = x - project_onto(x, old)
    scale = torch.linalg.matrix_norm(x, ord=2) ** 2 / x.shape[0]
    step = lr / float(scale.clamp_min(1e-12))
    m = torch.randn(k, x.shape[1], generator=generator, dtype=x.dtype) / x.shape[1] ** 0.5
    m = m.to(x.device)
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=generator).to(x.device)
        for s in range(0, x.shape[0], batch_size):
            m = oja_subspace_step(m, x[order[s : s + batch_size]], step)
    return m if old is None else torch.cat([old, m])


def project_onto(v: Tensor, basis: Tensor) -> Tensor:
    """Orthogonal projection of the rows of ``v`` onto the row span of ``basis``.

    Args:
        v: ``[n, d]``.
        basis: ``[k, d]`` (need not be exactly orthonormal).

    Returns:
        ``v B^T (B B^T)^+ B``.

    >>> b = torch.tensor([[2.0, 0.0]])
    >>> project_onto(torch.tensor([[3.0, 4.0]]), b).tolist()
    [[3.0, 0.0]]
    """
    gram = basis @ basis.T
    coef = torch.linalg.lstsq(gram, basis @ v.T).solution
    return coef.T @ basis


def project_gradient(grad: Tensor, basis: Tensor | None) -> Tensor:
    """Remove the part of a weight gradient ``[out, in]`` acting on the stored input subspace.

    Args:
        grad: gradient of a ``[out, in]`` weight.
        basis: input-space basis ``[k, in]`` or None (no projection).

    Returns:
        ``grad (I - P)`` so that ``(W - lr g) x == W x`` for ``x`` in the subspace.
    """
    if basis is None or basis.shape[0] == 0:
        return grad
    return grad - project_onto(grad, basis)


def subspace_alignment(basis: Tensor, reference: Tensor) -> float:
    """Mean squared cosine of the principal angles between two subspaces (1 = identical).

    Args:
        basis: ``[k, d]``.
        reference: ``[k, d]`` (e.g. top-k eigenvectors, as rows).

    Returns:
        value in [0, 1].
    """
    qa = torch.linalg.qr(basis.T).Q
    qb = torch.linalg.qr(reference.T).Q
    s = torch.linalg.svdvals(qa.T @ qb)
    return float((s**2).mean())
