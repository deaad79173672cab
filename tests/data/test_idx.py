"""The IDX reader and writer: round trips, hand-written headers, damaged files."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from cortexlog.data import DataError, IdxFormatError, read_idx, write_idx
from cortexlog.errors import CortexlogError


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
    with pytest.raises(IdxFormatError, match="bad magic"):
        read_idx(tmp_path / "bad")


def _labels(n: int) -> bytes:
    return bytes([0, 0, 0x08, 1]) + n.to_bytes(4, "big") + bytes(range(n))


@pytest.mark.parametrize("cut", [1, 5, 11])
def test_truncated_raw_file_names_the_file(tmp_path: Path, cut: int) -> None:
    f = tmp_path / "t10k-labels-idx1-ubyte"
    f.write_bytes(_labels(10)[:-cut])
    with pytest.raises(IdxFormatError) as info:
        read_idx(f)
    assert isinstance(info.value, CortexlogError)
    assert str(f) in info.value.message and "truncated" in info.value.message
    assert info.value.hint


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_corrupt_gzip_names_the_file(tmp_path: Path, damage: str) -> None:
    payload = gzip.compress(_labels(200) * 3)
    if damage == "truncate":
        payload = payload[: len(payload) // 2]
    else:  # flip bytes in the deflate stream: a CRC or stream error, never a traceback
        mid = len(payload) // 2
        payload = payload[:mid] + bytes(b ^ 0xFF for b in payload[mid:mid + 8]) + payload[mid + 8:]
    f = tmp_path / "train-labels-idx1-ubyte.gz"
    f.write_bytes(payload)
    with pytest.raises(IdxFormatError) as info:
        read_idx(f)
    assert str(f) in info.value.message
    assert info.value.render().startswith("error: ") and "hint: " in info.value.render()


def test_unreadable_path_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        read_idx(tmp_path / "missing")
    with pytest.raises(DataError, match="cannot read"):
        read_idx(tmp_path)  # a directory


def test_idx_error_is_still_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError):
        read_idx(tmp_path / "bad")
