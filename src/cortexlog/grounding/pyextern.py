"""Python-defined builtins: run the file of `:- use_module('lib.py').`, call its exports.

The file runs once per modification time (`load`); the functions its `problog.extern`
decorators export (`cortexlog.extern`) become builtins of the engine: generators taking
the trail and the call's arguments, yielding once per solution, like `builtins.NONDET`.
Inputs must be bound and of their type; outputs are unified with the call's arguments.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import cortexlog.extern as extern
from cortexlog.errors import GroundingError, SourceLocation
from cortexlog.grounding.builtins import list_items, make_list
from cortexlog.grounding.convert import from_ast, to_ast, type_name
from cortexlog.grounding.internal import EvalError, Flt, PStr, V, deref, resolve, undo, unify
from cortexlog.language.terms import Term

Builtin = Callable[..., Iterator[None]]
_CACHE: dict[tuple[str, float], dict[tuple[str, int], Builtin]] = {}
_HINT = "see 'Python-defined builtins' in docs/language.md"


def load(path: str, loc: SourceLocation | None) -> dict[tuple[str, int], Builtin]:
    """The builtins exported by the Python file at `path` (run once per modification).

    Args:
        path: the file's absolute path (resolved by the parser).
        loc: the `use_module` directive's location, for errors.

    Returns:
        `{(name, arity): builtin}`.
    """
    try:
        key = (path, os.path.getmtime(path))
    except OSError as exc:
        raise GroundingError(f"use_module: cannot read {path!r}: {exc}", loc) from None
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = {
            (e.name, len(e.inputs) + len(e.outputs)): _builtin(e) for e in _run(path, loc)}
    return found


def _run(path: str, loc: SourceLocation | None) -> list[extern.Export]:
    """Execute the file with `problog.extern` redirected to `cortexlog.extern`."""
    name = f"_cortexlog_extern_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise GroundingError(f"use_module: {path!r} is not a Python file", loc)
    module = importlib.util.module_from_spec(spec)
    saved = {k: sys.modules.get(k) for k in ("problog", "problog.extern", name)}
    parent = saved["problog"]
    if parent is None:  # ProbLog not loaded: a stand-in package holding only `extern`
        parent = ModuleType("problog")
        parent.__path__ = []
    old_attr = getattr(parent, "extern", None)
    sys.modules.update({"problog": parent, "problog.extern": extern, name: module})
    parent.extern = extern  # type: ignore[attr-defined]
    previous = extern.start_collecting()
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the user's file: any error is theirs
        raise GroundingError(
            f"use_module: running {os.path.basename(path)} raised "
            f"{type(exc).__name__}: {exc}", loc, _HINT) from None
    finally:
        found = extern.stop_collecting(previous)
        if old_attr is None:
            parent.__dict__.pop("extern", None)
        else:
            parent.extern = old_attr  # type: ignore[attr-defined]
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    return found


def to_python(t: Any, kind: str) -> Any:
    """Convert a bound argument to the Python value its type asks for.

    Args:
        t: the internal term.
        kind: its declared type.

    Returns:
        The value.

    Raises:
        EvalError: the argument is unbound or not of the type.
    """
    t = deref(t)
    if type(t) is V:
        raise EvalError(f"instantiation error: an input argument ({kind}) is unbound")
    tt = type(t)
    ok = {"int": tt is int, "float": tt is Flt, "str": tt is str or tt is PStr,
          "list": kind == "list", "term": True}[kind]
    if not ok:
        raise EvalError(f"type error: expected {kind}, got {type_name(t)}")
    if kind == "list":
        return [_value(x) for x in list_items(t, "a list argument")]
    if kind == "term":
        return to_ast(resolve(t))
    if tt is PStr:
        return t.value
    return float(t) if tt is Flt else t


def _value(t: Any) -> Any:
    """A list element as a Python value: int, float, str, list, else a cortexlog term."""
    t = deref(t)
    tt = type(t)
    if tt is int or tt is str:
        return t
    if tt is Flt:
        return float(t)
    if tt is PStr:
        return t.value
    if tt is tuple and t[0] == "." and len(t) == 3:
        try:
            return [_value(x) for x in list_items(t, "a list")]
        except EvalError:
            pass
    return to_ast(resolve(t))


def from_python(x: Any, kind: str) -> Any:
    """Convert a Python result to an internal term of the declared type.

    Args:
        x: the value the function returned.
        kind: the declared type of the output.

    Returns:
        The internal term.

    Raises:
        EvalError: the value does not fit the type.
    """
    if kind == "str" and not isinstance(x, str):
        raise EvalError(f"the Python function returned {x!r} for a str output")
    if kind == "int" and (type(x) is bool or not isinstance(x, int)):
        raise EvalError(f"the Python function returned {x!r} for an int output")
    if kind == "float" and (type(x) is bool or not isinstance(x, int | float)):
        raise EvalError(f"the Python function returned {x!r} for a float output")
    if kind == "list" and not isinstance(x, list | tuple):
        raise EvalError(f"the Python function returned {x!r} for a list output")
    if kind == "float":
        return Flt(float(x))
    return _term(x)


def _term(x: Any) -> Any:
    """Any supported Python value as an internal term."""
    if isinstance(x, Term):
        return from_ast(x, {})
    if type(x) is bool:
        return "true" if x else "false"
    if isinstance(x, int):
        return x
    if isinstance(x, float):
        return Flt(x)
    if isinstance(x, str):
        return x
    if isinstance(x, list | tuple):
        return make_list([_term(e) for e in x])
    raise EvalError(f"the Python function returned {x!r}, which has no term form")


def _builtin(e: extern.Export) -> Builtin:
    """The engine builtin that calls one export."""
    n_in = len(e.inputs)

    def call(trail: list[V], *args: Any) -> Iterator[None]:
        if e.kind == "raw":
            ins = [None if type(deref(a)) is V else to_python(a, k)
                   for a, k in zip(args, e.inputs, strict=True)]
            kinds = e.inputs
        else:
            ins = [to_python(a, k) for a, k in zip(args, e.inputs, strict=False)]
            for a, k in zip(args[n_in:], e.outputs, strict=True):
                if type(deref(a)) is not V:
                    to_python(a, k)  # a bound output must have the type (ProbLog: a mode error)
            kinds = e.outputs
        try:
            result = e.func(*ins)
            solutions = [result] if e.kind == "det" else list(result)
        except Exception as exc:  # noqa: BLE001 - the user's function: report its error
            raise EvalError(f"the Python function {e.func.__name__} raised "
                            f"{type(exc).__name__}: {exc}") from None
        targets = args if e.kind == "raw" else args[n_in:]
        for sol in solutions:
            values = sol if len(kinds) != 1 or e.kind == "raw" else (sol,)
            if not isinstance(values, list | tuple) or len(values) != len(kinds):
                raise EvalError(f"the Python function {e.func.__name__} returned {sol!r}, "
                                f"expected {len(kinds)} values")
            terms = [from_python(v, k) for v, k in zip(values, kinds, strict=True)]
            m = len(trail)
            if all(unify(a, t, trail) for a, t in zip(targets, terms, strict=True)):
                yield
            undo(trail, m)

    call.__name__ = e.name
    return call

