"""Sparse brain-inspired wiring: G2GNet ensemble-to-ensemble masks and k-winners-take-all."""

from __future__ import annotations

import torch
from torch import Tensor, nn


def g2g_mask(
    in_features: int,
    out_features: int,
    ensembles: int,
    p_within: float = 0.8,
    p_between: float = 0.05,
    generator: torch.Generator | None = None,
) -> Tensor:
    """G2GNet-style sparse mask: inputs and outputs are split into ``ensembles`` groups;
    output ensemble ``e`` connects densely (``p_within``) to input ensemble ``e`` and
    sparsely (``p_between``) to the others.

    Args:
        in_features: number of inputs.
        out_features: number of outputs.
        ensembles: number of ensembles (each side split as evenly as possible).
        p_within: connection probability inside matched ensembles.
        p_between: connection probability across ensembles.
        generator: torch.Generator.

    Returns:
        0/1 float mask ``[out_features, in_features]`` (nn.Linear weight layout).

    >>> m = g2g_mask(4, 4, 2, 1.0, 0.0)
    >>> m.tolist()
    [[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]]
    """
    gi = torch.arange(in_features) * ensembles // in_features
    go = torch.arange(out_features) * ensembles // out_features
    same = go[:, None] == gi[None, :]
    prob = torch.where(same, torch.tensor(p_within), torch.tensor(p_between))
    r = torch.rand(out_features, in_features, generator=generator)
    return (r < prob).float()


class MaskedLinear(nn.Linear):
    """nn.Linear whose weight is multiplied by a fixed 0/1 mask (a buffer, not trained).

    Args:
        mask: ``[out_features, in_features]`` 0/1 mask.
        bias: whether to learn a bias.
    """

    mask: Tensor  # registered buffer

    def __init__(self, mask: Tensor, bias: bool = True) -> None:
        super().__init__(mask.shape[1], mask.shape[0], bias=bias)
        self.register_buffer("mask", mask.float())
        with torch.no_grad():
            self.weight.mul_(self.mask)

    def forward(self, x: Tensor) -> Tensor:
        """Apply the masked affine map.

        Args:
            x: ``[batch, in_features]``.

        Returns:
            ``[batch, out_features]``.
        """
        return nn.functional.linear(x, self.weight * self.mask, self.bias)


def kwta(x: Tensor, k: int) -> Tensor:
    """k-winners-take-all along the last dim: keep the ``k`` largest values, zero the rest.

    Gradients flow to the winners only.

    Args:
        x: activations ``[..., n]``.
        k: winners per row.

    Returns:
        tensor of the same shape.

    >>> kwta(torch.tensor([[0.1, 3.0, 2.0, -1.0]]), 2).tolist()
    [[0.0, 3.0, 2.0, 0.0]]
    """
    idx = x.topk(min(k, x.shape[-1]), dim=-1).indices
    mask = torch.zeros_like(x, dtype=torch.bool).scatter_(-1, idx, True)
    return torch.where(mask, x, torch.zeros_like(x))


class KWTA(nn.Module):
    """Module form of :func:`kwta`.

    Args:
        k: winners per row.
    """

    def __init__(self, k: int) -> None:
        super().__init__()
        self.k = k

    def forward(self, x: Tensor) -> Tensor:
        """Keep the top-k activations per row.

        Args:
            x: ``[..., n]``.

        Returns:
            same shape, losers zeroed.
        """
        return kwta(x, self.k)
