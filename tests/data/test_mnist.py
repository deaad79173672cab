"""Tests for the IDX reader and the MNIST loader (small IDX files written here)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import torch

from cortexlog.data import MnistData, load_mnist, read_idx, write_idx
from cortexlog.data import mnist as mnist_mod
from cortexlog.data.idx import IdxFormatError


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(mnist_mod, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)
    mnist_mod._CACHE.clear()


def _write_split(root: Path, prefix: str, n: int, compress: bool, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    root.mkdir(parents=True, exist_ok=True)
    sfx = ".gz" if compress else ""
    write_idx(root / f"{prefix}-images-idx3-ubyte{sfx}", images, compress=compress)
    write_idx(root / f"{prefix}-labels-idx1-ubyte{sfx}", labels, compress=compress)
    return images, labels


def test_idx_roundtrip_all_dtypes(tmp_path: Path) -> None:
    for dtype in (np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64):
        a = (np.arange(24).reshape(2, 3, 4) - 5).astype(dtype)
        write_idx(tmp_path / "a", a, compress=dtype is np.int16)
        b = read_idx(tmp_path / "a")
        assert b.dtype == np.dtype(dtype) and b.shape == (2, 3, 4)
        np.testing.assert_array_equal(a, b)


def test_idx_hand_written_header(tmp_path: Path) -> None:
    raw = bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9])
    (tmp_path / "l.gz").write_bytes(gzip.compress(raw))
    assert read_idx(tmp_path / "l.gz").tolist() == [7, 8, 9]
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(IdxFormatError):
        read_idx(tmp_path / "bad")
    (tmp_path / "short").write_bytes(raw[:-1])
    with pytest.raises(IdxFormatError):
        read_idx(tmp_path / "short")


@pytest.mark.parametrize("compress", [False, True])
def test_load_from_data_dir(tmp_path: Path, compress: bool) -> None:
    images, labels = _write_split(tmp_path / "d", "train", 5, compress)
    data = load_mnist("train", tmp_path / "d", download=False)
    assert isinstance(data, MnistData)
    assert data.images.shape == (5, 1, 28, 28) and data.images.dtype == torch.float32
    assert data.labels.dtype == torch.int64
    assert data.labels.tolist() == labels.tolist()
    assert data.images[2, 0, 3, 4].item() == pytest.approx(images[2, 3, 4] / 255.0)
    assert 0.0 <= data.images.min() and data.images.max() <= 1.0
    assert not data.is_fallback and len(data) == 5


def test_env_var_and_torchvision_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, labels = _write_split(tmp_path / "tv" / "MNIST" / "raw", "t10k", 4, False, seed=3)
    monkeypatch.setenv("CORTEXLOG_DATA", str(tmp_path / "tv"))
    data = load_mnist("test", download=False)
    assert data.labels.tolist() == labels.tolist()
    assert data.source.endswith("raw")


def test_fallback_is_loud_and_seeded(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    train = load_mnist("train", tmp_path / "empty", download=False)
    err = capsys.readouterr().err
    assert "WARNING" in err and "--data-dir" in err and "CORTEXLOG_DATA" in err
    assert str(tmp_path / "empty") in err
    test = load_mnist("test", tmp_path / "empty", download=False)
    assert train.is_fallback and train.images.shape[1:] == (1, 8, 8)
    assert len(train) + len(test) == 1797
    assert 0.0 <= train.images.min() and train.images.max() <= 1.0
    again = load_mnist("train", tmp_path / "empty", download=False)
    assert torch.equal(train.labels, again.labels)


def test_download_failure_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr(mnist_mod, "MIRRORS", ("http://127.0.0.1:9/",))
    data = load_mnist("test", tmp_path / "none", download=True, timeout=0.5)
    assert data.is_fallback
    assert "download from http://127.0.0.1:9/" in capsys.readouterr().err


def test_unknown_split(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="valid"):
        load_mnist("validation", tmp_path)
