"""Datasets: MNIST from IDX files, or the bundled 8x8 digits when no location is given."""

from cortexlog.data.digits import load_digits_8x8
from cortexlog.data.idx import DataError, IdxFormatError, read_idx, write_idx
from cortexlog.data.mnist import load_mnist
from cortexlog.data.split import MnistData

__all__ = [
    "DataError",
    "IdxFormatError",
    "MnistData",
    "load_digits_8x8",
    "load_mnist",
    "read_idx",
    "write_idx",
]
