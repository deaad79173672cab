"""Datasets: MNIST loading (IDX, download, or a loud 8x8-digits fallback)."""

from cortexlog.data.idx import read_idx, write_idx
from cortexlog.data.mnist import MnistData, load_digits_8x8, load_mnist

__all__ = ["MnistData", "load_digits_8x8", "load_mnist", "read_idx", "write_idx"]
