"""Shared pieces of the MNIST-addition peer runners: data, network, CLI, result line.

The peers run in their own virtual environments (see `bench/peers_setup.sh`), where
cortexlog is not installed, so this module depends on numpy and torch only. It mirrors
`cortexlog.tasks.mnist_addition.make_addition_data` (same seeded `torch.randperm`), so
every system sees the same examples in the same order.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

_STEMS = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (raw or gzip-compressed) into an array of its declared shape.

    Args:
        path: the file.

    Returns:
        The array (uint8 for MNIST).
    """
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_split(data_dir: Path, split: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Load an MNIST split as images [n, 1, 28, 28] in [0, 1] and labels [n].

    Args:
        data_dir: directory holding the four IDX files (`.gz` or raw).
        split: "train" or "test".

    Returns:
        (images, labels).
    """
    arrays = []
    for stem in _STEMS[split]:
        path = next((p for p in (data_dir / f"{stem}.gz", data_dir / stem) if p.is_file()), None)
        if path is None:
            raise SystemExit(f"MNIST file {stem}[.gz] not found in {data_dir}")
        arrays.append(read_idx(path))
    images = torch.from_numpy(arrays[0].astype(np.float32) / 255.0).unsqueeze(1)
    return images.contiguous(), torch.from_numpy(arrays[1].astype(np.int64))


@dataclass(frozen=True)
class Examples:
    """Addition examples: `index[m]` are the 2N image indices, `sums[m]` the label."""

    images: torch.Tensor
    labels: torch.Tensor
    index: torch.Tensor
    sums: torch.Tensor

    def __len__(self) -> int:
        return int(self.sums.shape[0])


def make_examples(
    images: torch.Tensor, labels: torch.Tensor, digits: int, size: int | None, seed: int
) -> Examples:
    """Consecutive groups of 2N images after a seeded shuffle; the first N form one number.

    Args:
        images: the split's images.
        labels: the split's digit labels.
        digits: N.
        size: keep the first `size` examples (all when None).
        seed: seed of the shuffle (`torch.randperm`).

    Returns:
        The examples, the same as cortexlog's `make_addition_data` for the same seed.
    """
    group = 2 * digits
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(seed))
    m = len(labels) // group if size is None else min(size, len(labels) // group)
    index = order[: m * group].view(m, group)
    dig = labels[index]
    weights = 10 ** torch.arange(digits - 1, -1, -1)
    sums = (dig[:, :digits] * weights).sum(1) + (dig[:, digits:] * weights).sum(1)
    return Examples(images, labels, index, sums)


def full_epoch_size(digits: int) -> int:
    """Examples in one full epoch over the 60,000 training images: 30,000 / N pairs."""
    return 60000 // (2 * digits)


class LeNet(nn.Module):
    """`Conv(1,6,5)-Pool-Conv(6,16,5)-Pool-FC120-FC84-FC10`, softmax output (DeepProbLog's net)."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 6, 5), nn.MaxPool2d(2, 2), nn.ReLU(),
            nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 2), nn.ReLU(), nn.Flatten(),
        )
        self.classifier = nn.Sequential(
            nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
            nn.Softmax(dim=1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map images [B, 1, 28, 28] to digit probabilities [B, 10]."""
        return self.classifier(self.encoder(x))


def digit_accuracy(net: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Single-digit test accuracy of `net` (never used for training)."""
    with torch.no_grad():
        pred = torch.cat([net(images[i : i + 1000]).argmax(1) for i in range(0, len(labels), 1000)])
    return float((pred == labels).float().mean())


def base_parser(description: str) -> argparse.ArgumentParser:
    """The options every peer runner shares."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--digits", type=int, choices=(1, 2, 3, 4), default=1,
                   help="N, digits per number")
    p.add_argument("--data-dir", default=os.environ.get("CORTEXLOG_DATA"),
                   help="MNIST IDX directory (default: $CORTEXLOG_DATA)")
    p.add_argument("--train-size", type=int, default=None,
                   help="train on the first K examples only; epoch time is then extrapolated")
    p.add_argument("--test-size", type=int, default=None,
                   help="evaluate on the first K test examples (default: all)")
    p.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate")
    p.add_argument("--seed", type=int, default=0, help="shuffle and init seed")
    p.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    return p


def prepare(args: argparse.Namespace) -> tuple[Examples, Examples]:
    """Seed, set threads and build the train and test examples from `args`."""
    if not args.data_dir:
        raise SystemExit("give the MNIST directory with --data-dir or CORTEXLOG_DATA")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data_dir = Path(args.data_dir)
    train = make_examples(*load_split(data_dir, "train"), args.digits, args.train_size, args.seed)
    test = make_examples(*load_split(data_dir, "test"), args.digits, args.test_size, args.seed)
    return train, test


def emit(result: dict, train_seconds: float, digits: int, trained: int) -> None:
    """Print the one-line JSON result, with the epoch time extrapolated if the run was short.

    `epoch_seconds` is the measured training time when the run covered a full epoch, and
    otherwise `train_seconds / trained * full_epoch_size` with `epoch_extrapolated: true`.
    """
    full = full_epoch_size(digits)
    extrapolated = trained < full
    result.update(
        digits=digits,
        epoch_seconds=round(train_seconds / trained * full if extrapolated else train_seconds, 3),
        epoch_extrapolated=extrapolated,
        train_seconds=round(train_seconds, 3),
        seconds_per_example=train_seconds / trained,
        examples=trained,
        epoch_examples=full,
        python=platform.python_version(),
        torch=torch.__version__,
        threads=torch.get_num_threads(),
    )
    print(json.dumps(result), flush=True)
    sys.stdout.flush()
