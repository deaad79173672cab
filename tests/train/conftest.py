"""Shared settings for training tests: one thread (the machine is shared), private caches."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _one_thread_and_private_cache(one_thread_private_cache: None) -> None:
    """Every training test runs under `one_thread_private_cache` (tests/conftest.py)."""
