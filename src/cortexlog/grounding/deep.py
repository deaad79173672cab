"""Run a function on a thread with a large stack (deep Python or C recursion)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
STACK_BYTES = 1024 * 1024 * 1024


def on_big_stack(fn: Callable[[], T], recursion_limit: int = 0) -> T:
    """Call `fn` on a fresh thread with a 1 GiB stack and return its result.

    The main thread's stack (8 MiB by default) is too small for some recursions: a
    grounding call chain thousands of levels deep, or PySDD's C apply on a vtree of a few
    hundred variables (which segfaults rather than raising).

    Args:
        fn: the function (no arguments).
        recursion_limit: Python's recursion limit while it runs (0: unchanged).

    Returns:
        What `fn` returns; what it raises is re-raised here.

    >>> on_big_stack(lambda: 6 * 7)
    42
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    old_limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    threading.stack_size(STACK_BYTES)
    try:
        sys.setrecursionlimit(max(old_limit, recursion_limit))
        worker = threading.Thread(target=target, name="cortexlog-deep")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_size)
        sys.setrecursionlimit(old_limit)
    if "error" in box:
        raise box["error"]
    return box["value"]
