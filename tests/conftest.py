"""Fixtures shared across test packages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch


@pytest.fixture
def one_thread_private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """One torch thread (the machine is shared), a private pattern cache, no downloads."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    cache = tmp_path_factory.getbasetemp() / "pattern-cache"
    monkeypatch.setenv("CORTEXLOG_PATTERN_CACHE", str(Path(cache)))
    monkeypatch.setenv("CORTEXLOG_NO_DOWNLOAD", "1")
    yield
    torch.set_num_threads(threads)
