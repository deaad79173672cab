"""`Program.query` pauses the cyclic garbage collector and always restores its state."""

from __future__ import annotations

import gc

import pytest

from cortexlog import Program
from cortexlog.errors import CortexlogError

TEXT = "0.5::a. 0.5::b. c :- a, b. query(c)."


def test_query_restores_enabled_gc() -> None:
    assert gc.isenabled()
    assert Program.from_string(TEXT).query() == {"c": 0.25}
    assert gc.isenabled()


def test_query_keeps_disabled_gc_disabled() -> None:
    gc.disable()
    try:
        Program.from_string(TEXT).query()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_query_error_restores_gc() -> None:
    with pytest.raises(CortexlogError):
        Program.from_string("0.5::a. query(a).").query(semantics="no_such_semantics")
    assert gc.isenabled()
