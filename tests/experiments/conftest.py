"""Shared settings of the experiment tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    """These loops are many small ops: one thread avoids oversubscription on busy machines."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


@pytest.fixture
def fallback_digits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No MNIST anywhere: no data location, no download, an empty cache (the 8x8 digits)."""
    monkeypatch.setenv("CORTEXLOG_NO_DOWNLOAD", "1")
    monkeypatch.delenv("CORTEXLOG_DATA", raising=False)
    monkeypatch.setattr("cortexlog.data.mnist.CACHE_DIR", tmp_path / "cache")
