"""HLOP subspace extraction vs eigendecomposition; gradient projection; sparse wiring; kWTA."""

from __future__ import annotations

import torch

from cortexlog.brain import (
    KWTA,
    MaskedLinear,
    g2g_mask,
    kwta,
    learn_subspace,
    oja_subspace_step,
    project_gradient,
    subspace_alignment,
)


def _data(g: torch.Generator) -> torch.Tensor:
    scales = torch.tensor([5.0, 4.0, 3.0, 0.3, 0.2, 0.2, 0.1, 0.1], dtype=torch.float64)
    rot = torch.linalg.qr(torch.randn(8, 8, generator=g, dtype=torch.float64)).Q
    return (torch.randn(2000, 8, generator=g, dtype=torch.float64) * scales) @ rot.T


def test_oja_finds_principal_subspace() -> None:
    g = torch.Generator().manual_seed(0)
    x = _data(g)
    m = learn_subspace(x, 3, epochs=20, generator=g)
    evecs = torch.linalg.eigh(x.T @ x).eigenvectors[:, -3:].T
    assert subspace_alignment(m, evecs) > 0.99
    assert torch.allclose(m @ m.T, torch.eye(3, dtype=torch.float64), atol=0.05)  # orthonormal


def test_subspace_grows_on_residual() -> None:
    g = torch.Generator().manual_seed(1)
    x = _data(g)
    m1 = learn_subspace(x, 2, epochs=20, generator=g)
    m2 = learn_subspace(x, 1, old=m1, epochs=20, generator=g)
    evecs = torch.linalg.eigh(x.T @ x).eigenvectors[:, -3:].T
    assert m2.shape == (3, 8) and subspace_alignment(m2, evecs) > 0.99


def test_oja_step_is_pure() -> None:
    m = torch.ones(1, 2) / 2**0.5
    x = torch.tensor([[1.0, 1.0]])
    new = oja_subspace_step(m, x, 0.1)
    assert torch.equal(m, torch.ones(1, 2) / 2**0.5) and torch.allclose(new, m, atol=1e-6)


def test_projected_update_preserves_old_responses() -> None:
    g = torch.Generator().manual_seed(2)
    basis = torch.randn(3, 10, generator=g, dtype=torch.float64)
    old_inputs = torch.randn(5, 3, generator=g, dtype=torch.float64) @ basis
    w = torch.randn(4, 10, generator=g, dtype=torch.float64)
    grad = torch.randn(4, 10, generator=g, dtype=torch.float64)
    w_new = w - 0.5 * project_gradient(grad, basis)
    assert torch.allclose(old_inputs @ w_new.T, old_inputs @ w.T, atol=1e-10)
    assert not torch.allclose(w_new, w)
    assert torch.equal(project_gradient(grad, None), grad)


def test_g2g_mask_density() -> None:
    g = torch.Generator().manual_seed(0)
    m = g2g_mask(400, 200, 4, p_within=0.5, p_between=0.1, generator=g)
    assert m.shape == (200, 400)
    assert abs(m[:50, :100].mean().item() - 0.5) < 0.03
    assert abs(m[:50, 100:].mean().item() - 0.1) < 0.02
    layer = MaskedLinear(m)
    layer(torch.randn(3, 400)).sum().backward()
    assert torch.equal(layer.weight.grad * (1 - m), torch.zeros_like(m))


def test_kwta() -> None:
    x = torch.tensor([[1.0, 5.0, 3.0], [2.0, 0.0, -1.0]], requires_grad=True)
    y = KWTA(1)(x)
    assert y.tolist() == [[0.0, 5.0, 0.0], [2.0, 0.0, 0.0]]
    y.sum().backward()
    assert x.grad.tolist() == [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    assert torch.equal(kwta(x, 3), x)
