"""Read and write IDX files (the MNIST container format), raw or gzip-compressed."""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from cortexlog.errors import CortexlogError

# IDX type codes -> numpy big-endian dtypes.
_DTYPES: dict[int, str] = {
    0x08: ">u1",
    0x09: ">i1",
    0x0B: ">i2",
    0x0C: ">i4",
    0x0D: ">f4",
    0x0E: ">f8",
}
_CODES: dict[str, int] = {np.dtype(v).str.lstrip("<>|="): k for k, v in _DTYPES.items()}


class DataError(CortexlogError):
    """A dataset is missing or cannot be read (the message names the file or directory)."""


class IdxFormatError(DataError, ValueError):
    """A file is not a valid IDX file: bad magic, truncated or corrupt (raw or gzip)."""


_REPLACE_HINT = "the file is damaged: download it again (or delete it and let the cache refill)"


def _open_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    if data[:2] == b"\x1f\x8b":  # gzip magic, whatever the file is called
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise IdxFormatError(f"{path}: truncated or corrupt gzip data ({exc})",
                                 hint=_REPLACE_HINT) from None
    return data


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an IDX file (raw or .gz) into a numpy array of its declared shape.

    Args:
        path: the file.

    Returns:
        The array, in native byte order.

    >>> import tempfile, numpy as np
    >>> p = Path(tempfile.mkdtemp()) / "x.idx"
    >>> write_idx(p, np.arange(6, dtype=np.uint8).reshape(2, 3))
    >>> read_idx(p).tolist()
    [[0, 1, 2], [3, 4, 5]]
    """
    path = Path(path)
    data = _open_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IdxFormatError(f"{path}: not an IDX file (bad magic number)",
                             hint="expected an MNIST IDX file, raw or gzip-compressed")
    code, ndim = data[2], data[3]
    if code not in _DTYPES:
        raise IdxFormatError(f"{path}: unknown IDX element type 0x{code:02x}",
                             hint="expected an MNIST IDX file, raw or gzip-compressed")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxFormatError(f"{path}: truncated IDX header", hint=_REPLACE_HINT)
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(_DTYPES[code])
    count = int(np.prod(shape)) if shape else 1
    if len(data) - header < count * dtype.itemsize:
        raise IdxFormatError(
            f"{path}: truncated IDX data ({len(data) - header} bytes of "
            f"{count * dtype.itemsize} for shape {list(shape)})",
            hint=_REPLACE_HINT,
        )
    array = np.frombuffer(data, dtype=dtype, count=count, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="))


def write_idx(path: str | os.PathLike[str], array: np.ndarray, compress: bool = False) -> None:
    """Write a numpy array as an IDX file (gzip-compressed when `compress`).

    Args:
        path: the destination file.
        array: the data; dtype uint8, int8, int16, int32, float32 or float64.
        compress: write gzip-compressed bytes.
    """
    key = array.dtype.str.lstrip("<>|=")
    if key not in _CODES:
        raise ValueError(f"dtype {array.dtype} cannot be stored in IDX")
    code = _CODES[key]
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    body = np.ascontiguousarray(array, dtype=np.dtype(_DTYPES[code])).tobytes()
    data = header + body
    Path(path).write_bytes(gzip.compress(data) if compress else data)
