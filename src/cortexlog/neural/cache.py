"""On-disk cache of compiled query patterns, keyed by program, queries and semantics.

Grounding and compiling a pattern is done once per program; later runs (and every DDP
process after the first) load the pickled `(CompiledCircuit, NeuralCalls)` pair.
Set `CORTEXLOG_PATTERN_CACHE=0` to disable, or to a directory to move it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from cortexlog.language.ast import ProgramAST
from cortexlog.language.terms import Term, format_term

T = TypeVar("T")
ENV = "CORTEXLOG_PATTERN_CACHE"
_FORMAT = 1
_CODE = ("language", "grounding", "compile", "circuits", "neural", "semantics")


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is disabled."""
    value = os.environ.get(ENV)
    if value == "0":
        return None
    return Path(value) if value else Path.home() / ".cache" / "cortexlog" / "patterns"


def pattern_key(ast: ProgramAST, queries: Sequence[Term], semantics_name: str) -> str:
    """A digest of everything the compiled pattern depends on.

    Args:
        ast: the parsed program (its statements' printed form is hashed).
        queries: the pattern queries.
        semantics_name: the structure's name.

    Returns:
        A hex digest.
    """
    from cortexlog import __version__

    h = hashlib.sha256()
    parts = [__version__, str(_FORMAT), _code_digest(), semantics_name, repr(ast.clauses),
             ";".join(format_term(q) for q in queries)]
    for part in parts:
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of the source of every subpackage a compiled pattern depends on.

    A change to the grounder, the compilers or the circuit IR then invalidates old
    entries by itself (no version number to remember to bump).
    """
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for sub in _CODE:
        for f in sorted((root / sub).rglob("*.py")):
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cached(key: str, build: Callable[[], T]) -> T:
    """Return the cached value for `key`, building and storing it on a miss.

    Args:
        key: the digest.
        build: computes the value.

    Returns:
        The value.
    """
    root = cache_dir()
    if root is None:
        return build()
    path = root / f"{key}.pkl"
    if path.is_file():
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a stale or partial entry: rebuild it
    value = build()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # caching is an optimisation only
    return value
