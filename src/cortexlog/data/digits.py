"""The bundled 8x8 digits: scikit-learn's copy of the UCI optical digits, shipped as a file.

`digits_8x8.npz` holds `images` (uint8 [1797, 8, 8], values 0..16) and `labels` (uint8
[1797]) in the order of `sklearn.datasets.load_digits()`, from which it was generated once
(scikit-learn 1.9.1; the data is distributed with scikit-learn under its BSD-3-Clause
licence and comes from the UCI "Optical Recognition of Handwritten Digits" set). Reading
it needs only numpy, so scikit-learn is not a dependency.
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import torch

from cortexlog.data.split import FALLBACK_SOURCE, MnistData, split_name

DIGITS_FILE = "digits_8x8.npz"


def _bundled() -> tuple[np.ndarray, np.ndarray]:
    with (files("cortexlog.data") / DIGITS_FILE).open("rb") as fh, np.load(fh) as npz:
        return npz["images"], npz["labels"]


def load_digits_8x8(split: str = "train", seed: int = 0) -> MnistData:
    """The 1797 bundled 8x8 digits, split 80/20 with a seeded shuffle.

    Args:
        split: "train" (1438 images) or "test" (359).
        seed: the split seed.

    Returns:
        The split (no notice: this is the explicit small dataset).

    >>> train, test = load_digits_8x8("train"), load_digits_8x8("test")
    >>> len(train), len(test), tuple(train.images.shape[1:])
    (1438, 359, (1, 8, 8))
    """
    split = split_name(split)
    images, labels = _bundled()
    x = torch.from_numpy(images.astype(np.float32) / 16.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    n_train = int(round(0.8 * len(y)))
    idx = order[:n_train] if split == "train" else order[n_train:]
    idx = idx.sort().values
    return MnistData(x[idx].contiguous(), y[idx].contiguous(), FALLBACK_SOURCE)
