"""Probability -> possibility transformations (for the Pi-NeSy style `possibilistic` semantics).

`dubois_prade` is the one `possibilistic` uses: the optimal (most specific) transformation
of Dubois and Prade. Sorting the outcomes by decreasing probability, each outcome gets the
probability mass of itself and of every outcome at most as probable:
`pi_i = sum_j p_j [p_j <= p_i]`. It is *consistent* (`N(A) <= P(A) <= Pi(A)` for every
event `A`), preserves the order of the outcomes, gives the most probable outcome
possibility 1, and among consistent order-preserving transforms loses the least
information. The simple normalisation `pi_i = p_i / max_j p_j` (`normalise_max`) is also
order preserving but not consistent: for peaked distributions it makes unlikely outcomes
*less* possible than their probability allows (e.g. `p = (0.9, 0.05, 0.05)` gives
`Pi({x2, x3}) = 0.056 < P = 0.1`), so it is kept only as an alternative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import Tensor


def dubois_prade(p: Tensor, dim: int = -1) -> Tensor:
    """Dubois-Prade optimal probability -> possibility transformation along `dim`.

    Args:
        p: probabilities summing to 1 along `dim`.
        dim: the dimension of the outcomes.

    Returns:
        Possibility degrees, same shape as `p`; the most probable outcome gets 1.

    >>> import torch
    >>> dubois_prade(torch.tensor([0.5, 0.3, 0.2])).tolist()
    [1.0, 0.5, 0.20000000298023224]
    """
    q = p.movedim(dim, -1)
    le = (q.unsqueeze(-2) <= q.unsqueeze(-1)).to(q.dtype)  # [..., i, j]: p_j <= p_i
    pi = (le * q.unsqueeze(-2)).sum(dim=-1)
    return pi.clamp(max=1.0).movedim(-1, dim)


def normalise_max(p: Tensor, dim: int = -1) -> Tensor:
    """Normalise probabilities by their maximum along `dim` (`pi_i = p_i / max_j p_j`).

    Args:
        p: probabilities (or any non-negative scores) along `dim`.
        dim: the dimension of the outcomes.

    Returns:
        Possibility degrees, same shape as `p`.

    >>> import torch
    >>> normalise_max(torch.tensor([0.5, 0.3, 0.2])).tolist()
    [1.0, 0.6000000238418579, 0.4000000059604645]
    """
    import torch

    return p / p.amax(dim=dim, keepdim=True).clamp(min=torch.finfo(p.dtype).tiny)


def binary_possibility(p: Tensor) -> Tensor:
    """Possibility that a Boolean fact of probability `p` is true (Dubois-Prade on `(p, 1-p)`).

    Args:
        p: probabilities of the facts.

    Returns:
        `1` where `p >= 1/2`, else `p`.

    >>> import torch
    >>> binary_possibility(torch.tensor([0.8, 0.3])).tolist()
    [1.0, 0.30000001192092896]
    """
    import torch

    return dubois_prade(torch.stack([p, 1.0 - p], dim=-1), -1)[..., 0]
