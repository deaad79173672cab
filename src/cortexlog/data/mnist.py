"""Load MNIST from IDX files, a download, or (loudly) scikit-learn's 8x8 digits.

Search order: `data_dir` (else the `CORTEXLOG_DATA` environment variable), then the cache
`~/.cache/cortexlog/mnist`; in each, the plain IDX names (raw or `.gz`) and torchvision's
`MNIST/raw/` layout are tried. If nothing is found, the usual public mirrors are tried with
a short timeout (into the cache). If that fails too, scikit-learn's bundled 8x8 digits are
returned with a clear warning on stderr.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from cortexlog.data.idx import IdxFormatError, read_idx

ENV_VAR = "CORTEXLOG_DATA"
NO_DOWNLOAD_ENV = "CORTEXLOG_NO_DOWNLOAD"
CACHE_DIR = Path.home() / ".cache" / "cortexlog" / "mnist"
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
_STEMS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_SUBDIRS = ("", "raw", "MNIST/raw", "mnist", "mnist/raw")
_CACHE: dict[tuple[str, ...], MnistData] = {}


@dataclass(frozen=True)
class MnistData:
    """A split of MNIST (or of the fallback digits).

    Attributes:
        images: float32 [N, 1, H, W] in [0, 1] (H = W = 28 for MNIST, 8 for the fallback).
        labels: int64 [N], digits 0..9.
        source: where the data came from (a directory, or `sklearn-digits-8x8 (fallback)`).
    """

    images: torch.Tensor
    labels: torch.Tensor
    source: str

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    @property
    def is_fallback(self) -> bool:
        """True when these are scikit-learn's 8x8 digits, not MNIST."""
        return self.source.startswith("sklearn")


def _split_name(split: str) -> str:
    name = {"train": "train", "test": "test", "t10k": "test"}.get(split)
    if name is None:
        raise ValueError(f"unknown MNIST split {split!r}; valid: 'train', 'test'")
    return name


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


def _read_pair(images_path: Path, labels_path: Path) -> tuple[torch.Tensor, torch.Tensor]:
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
        raise IdxFormatError(
            f"{images_path}, {labels_path}: expected images [N,H,W] and labels [N], "
            f"got {images.shape} and {labels.shape}"
        )
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x.contiguous(), y


def _download(dest: Path, split: str, timeout: float) -> str | None:
    """Try each mirror; return the mirror used, or None. Failures are silent here."""
    for mirror in MIRRORS:
        try:
            dest.mkdir(parents=True, exist_ok=True)
            for stem in _STEMS[split]:
                target = dest / f"{stem}.gz"
                if target.is_file():
                    continue
                with urllib.request.urlopen(mirror + f"{stem}.gz", timeout=timeout) as r:
                    payload = r.read()
                tmp = target.with_suffix(".part")
                tmp.write_bytes(payload)
                tmp.replace(target)
            if _find_pair(dest, split) is not None:
                return mirror
        except OSError:
            continue
    return None


def load_digits_8x8(split: str = "train", seed: int = 0) -> MnistData:
    """scikit-learn's 1797 bundled 8x8 digits, split 80/20 with a seeded shuffle.

    Args:
        split: "train" or "test".
        seed: the split seed.

    Returns:
        The split (no warning: this is the explicit small dataset).
    """
    split = _split_name(split)
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = torch.from_numpy(digits.images.astype(np.float32) / 16.0).unsqueeze(1)
    y = torch.from_numpy(digits.target.astype(np.int64))
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    n_train = int(round(0.8 * len(y)))
    idx = order[:n_train] if split == "train" else order[n_train:]
    idx = idx.sort().values
    return MnistData(x[idx].contiguous(), y[idx].contiguous(), "sklearn-digits-8x8 (fallback)")


def load_mnist(
    split: str = "train",
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool | None = None,
    timeout: float = 5.0,
) -> MnistData:
    """Load an MNIST split, searching local copies, then a download, then a fallback.

    Args:
        split: "train" (60k) or "test" (10k).
        data_dir: a directory holding the IDX files; defaults to `$CORTEXLOG_DATA`.
        download: try the public mirrors if no local copy is found (default: yes, unless
            `$CORTEXLOG_NO_DOWNLOAD` is set).
        timeout: seconds per download request.

    Returns:
        The split as `MnistData`. Results are cached per (directory, split) in memory.
    """
    split = _split_name(split)
    root = data_dir if data_dir is not None else os.environ.get(ENV_VAR) or None
    roots = [Path(root).expanduser()] if root else []
    roots.append(CACHE_DIR)
    for r in roots:
        pair = _find_pair(r, split)
        if pair is not None:
            key = (str(pair[0].resolve()), str(pair[1].resolve()))
            if key not in _CACHE:
                images, labels = _read_pair(*pair)
                _CACHE[key] = MnistData(images, labels, str(pair[0].parent))
            return _CACHE[key]
    if download is None:
        download = not os.environ.get(NO_DOWNLOAD_ENV)
    tried = [f"{r} (IDX files or MNIST/raw/)" for r in roots]
    if download:
        mirror = _download(CACHE_DIR, split, timeout)
        if mirror is not None:
            return load_mnist(split, CACHE_DIR, download=False)
        tried.append("download from " + ", ".join(MIRRORS))
    data = load_digits_8x8(split)
    print(
        "WARNING: MNIST not found; using scikit-learn's 8x8 digits instead "
        f"({len(data)} {split} images). Tried: " + "; ".join(tried) + ". "
        f"Fix: pass --data-dir DIR or set {ENV_VAR}=DIR, where DIR holds "
        "train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), "
        "t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz).",
        file=sys.stderr,
    )
    return data
