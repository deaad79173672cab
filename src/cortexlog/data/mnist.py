"""Load MNIST from IDX files (a given directory, or the cache, or a download), else 8x8 digits.

- A data location given as `data_dir` or `$CORTEXLOG_DATA` must hold MNIST: a missing
  directory or missing files is a `DataError` with a hint, never a silent fallback. Both
  the plain IDX names (raw or `.gz`) and torchvision's `MNIST/raw/` layout are found.
- With no location given, the cache `~/.cache/cortexlog/mnist` is read; if it lacks the
  files, they are downloaded there from public mirrors and checksum-verified (unless
  `$CORTEXLOG_NO_DOWNLOAD` is set); failing that, the bundled 8x8 digits are returned and
  one short line on stderr says so and how to point at MNIST.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from cortexlog.data.digits import load_digits_8x8
from cortexlog.data.download import fetch
from cortexlog.data.idx import DataError, IdxFormatError, read_idx
from cortexlog.data.split import MnistData, split_name

__all__ = ["CACHE_DIR", "ENV_VAR", "MIRRORS", "DataError", "MnistData", "load_digits_8x8",
           "load_mnist"]

ENV_VAR = "CORTEXLOG_DATA"
NO_DOWNLOAD_ENV = "CORTEXLOG_NO_DOWNLOAD"
CACHE_DIR = Path.home() / ".cache" / "cortexlog" / "mnist"
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
_STEMS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_SUBDIRS = ("", "raw", "MNIST/raw", "mnist", "mnist/raw")
_FILES_HINT = ("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
               "t10k-labels-idx1-ubyte (each raw or .gz)")
_CACHE: dict[tuple[str, ...], MnistData] = {}
_NOTIFIED: set[str] = set()


def _candidates(root: Path, stem: str) -> Iterator[Path]:
    alt = stem.replace("-idx", ".idx")  # some copies use `train-images.idx3-ubyte`
    for sub in _SUBDIRS:
        for name in (stem, alt):
            for suffix in ("", ".gz"):
                yield root / sub / f"{name}{suffix}"


def _find_pair(root: Path, split: str) -> tuple[Path, Path] | None:
    found = []
    for stem in _STEMS[split]:
        path = next((p for p in _candidates(root, stem) if p.is_file()), None)
        if path is None:
            return None
        found.append(path)
    return found[0], found[1]


def _read_pair(images_path: Path, labels_path: Path) -> MnistData:
    key = (str(images_path.resolve()), str(labels_path.resolve()))
    if key in _CACHE:
        return _CACHE[key]
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise IdxFormatError(
            f"{images_path}, {labels_path}: expected images [N, H, W] and labels [N], "
            f"got {list(images.shape)} and {list(labels.shape)}",
            hint="these are not a matching MNIST image/label pair",
        )
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    _CACHE[key] = MnistData(x, y, str(images_path.parent))
    return _CACHE[key]


def _given_location(data_dir: str | os.PathLike[str] | None) -> Path | None:
    given = os.fspath(data_dir) if data_dir is not None else ""
    given = given or os.environ.get(ENV_VAR, "")
    return Path(given).expanduser() if given else None


def _load_given(root: Path, split: str) -> MnistData:
    where = f"the data directory {root} (from --data-dir or ${ENV_VAR})"
    if not root.exists():
        raise DataError(
            f"{where} does not exist",
            hint=f"point --data-dir or ${ENV_VAR} at a directory holding {_FILES_HINT}; "
            "give neither to use the cache, a download or the bundled 8x8 digits",
        )
    if not root.is_dir():
        raise DataError(f"{where} is not a directory",
                        hint=f"give the directory that holds {_FILES_HINT}")
    pair = _find_pair(root, split)
    if pair is None:
        images, labels = _STEMS[split]
        raise DataError(
            f"no MNIST {split} files in {where}",
            hint=f"expected {images} and {labels} (raw or .gz, or torchvision's MNIST/raw/); "
            "give no data location to use the cache, a download or the bundled 8x8 digits",
        )
    return _read_pair(*pair)


def _notify(reason: str) -> None:
    """Print the one-line fallback notice (once per process and cache directory)."""
    if str(CACHE_DIR) in _NOTIFIED:
        return
    _NOTIFIED.add(str(CACHE_DIR))
    print(f"data: bundled 8x8 digits (no MNIST found, {reason}). "
          f"For MNIST: --data-dir DIR or {ENV_VAR}=DIR", file=sys.stderr)


def load_mnist(
    split: str = "train",
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool | None = None,
    timeout: float = 5.0,
) -> MnistData:
    """Load an MNIST split from a given directory, else the cache, a download or 8x8 digits.

    Args:
        split: "train" (60k) or "test" (10k).
        data_dir: a directory holding the IDX files; defaults to `$CORTEXLOG_DATA`. When
            either is given it must hold MNIST (else `DataError`), with no fallback.
        download: with no location given, fetch missing files into the cache (default: yes,
            unless `$CORTEXLOG_NO_DOWNLOAD` is set).
        timeout: seconds per download request.

    Returns:
        The split as `MnistData`; reads are cached in memory per file pair.

    Raises:
        DataError: a given location is missing or lacks the files.
        IdxFormatError: a file is truncated or corrupt (the message names it).
    """
    split = split_name(split)
    root = _given_location(data_dir)
    if root is not None:
        return _load_given(root, split)
    pair = _find_pair(CACHE_DIR, split)
    if pair is not None:
        return _read_pair(*pair)
    if download is None:
        download = not os.environ.get(NO_DOWNLOAD_ENV)
    if download and fetch(CACHE_DIR, _STEMS[split], MIRRORS, timeout):
        pair = _find_pair(CACHE_DIR, split)
        if pair is not None:
            return _read_pair(*pair)
    _notify("download failed" if download else "download off")
    return load_digits_8x8(split)
