"""`MnistData`, the one type every loader in `cortexlog.data` returns."""

from __future__ import annotations

from dataclasses import dataclass

import torch

FALLBACK_SOURCE = "sklearn-digits-8x8 (bundled fallback)"


@dataclass(frozen=True)
class MnistData:
    """A split of MNIST (or of the bundled 8x8 digits).

    Attributes:
        images: float32 [N, 1, H, W] in [0, 1] (H = W = 28 for MNIST, 8 for the fallback).
        labels: int64 [N], digits 0..9.
        source: where the data came from (a directory, or `sklearn-digits-8x8 (...)`).
    """

    images: torch.Tensor
    labels: torch.Tensor
    source: str

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    @property
    def is_fallback(self) -> bool:
        """True when these are the bundled 8x8 digits (scikit-learn's set), not MNIST."""
        return self.source.startswith("sklearn")


def split_name(split: str) -> str:
    """Normalise a split name.

    Args:
        split: "train", "test" or "t10k".

    Returns:
        "train" or "test".

    >>> split_name("t10k")
    'test'
    """
    name = {"train": "train", "test": "test", "t10k": "test"}.get(split)
    if name is None:
        raise ValueError(f"unknown MNIST split {split!r}; valid: 'train', 'test'")
    return name
