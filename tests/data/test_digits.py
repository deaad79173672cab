"""The bundled 8x8 digits: the file is scikit-learn's set, read without scikit-learn."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest
import torch

from cortexlog.data import load_digits_8x8
from cortexlog.data.digits import _bundled

# Computed when the file was generated from sklearn.datasets.load_digits() (1.9.1).
IMAGES_SHA256 = "8f26b2bd9d135c256808f68f14fdabddde6d9c7f869ae419704b051f0f14b3b3"
LABELS_SHA256 = "8ba4f891220f5e4c9c819638d1602d74b83618f167043c6da52a2a247841ddf0"


def test_bundled_file_contents() -> None:
    images, labels = _bundled()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and int(images.max()) == 16
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    assert hashlib.sha256(images.tobytes()).hexdigest() == IMAGES_SHA256
    assert hashlib.sha256(labels.tobytes()).hexdigest() == LABELS_SHA256


def test_bundled_equals_scikit_learn() -> None:
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    images, labels = _bundled()
    np.testing.assert_array_equal(images, digits.images)
    np.testing.assert_array_equal(labels, digits.target)


def test_split_is_seeded_disjoint_and_scaled() -> None:
    train, test = load_digits_8x8("train"), load_digits_8x8("test")
    assert (len(train), len(test)) == (1438, 359)
    assert train.is_fallback and train.images.dtype == torch.float32
    assert float(train.images.min()) == 0.0 and float(train.images.max()) == 1.0
    assert torch.equal(load_digits_8x8("train").images, train.images)
    assert not torch.equal(load_digits_8x8("train", seed=1).labels, train.labels)
    rows = {tuple(x.flatten().tolist()) for x in train.images}
    overlap = sum(tuple(x.flatten().tolist()) in rows for x in test.images)
    images, _ = _bundled()
    duplicates = len(images) - len({im.tobytes() for im in images})
    assert overlap <= duplicates  # only images that occur twice in the set may be shared


def test_loading_the_digits_does_not_import_sklearn() -> None:
    code = ("import sys; from cortexlog.data import load_digits_8x8; load_digits_8x8(); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
