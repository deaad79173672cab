"""Python-defined builtins: the decorators of ProbLog's `problog.extern`, for cortexlog.

A program loads a Python file with `:- use_module('lib.py').` (the path is relative to the
program's file). Each function of that file decorated with one of these becomes a
predicate of the program:

```python
from problog.extern import problog_export, problog_export_nondet   # or cortexlog.extern

@problog_export("+int", "+int", "-int")          # int_plus(1, 2, X) gives X = 3
def int_plus(a, b):
    return a + b

@problog_export_nondet("+int", "+int", "-int")   # one solution per element
def int_between(a, b):
    return list(range(a, b + 1))
```

While cortexlog runs the file, `import problog.extern` gives this module, whether or not
ProbLog is installed. Argument types: `int`, `float`, `str` (an atom or a string), `list`
(a proper list; elements become Python ints, floats, strs, lists, or `cortexlog` terms),
`term` (a `cortexlog.language` term). `+` marks an input (bound when called, converted to
Python), `-` an output (the function's return value: one value, or a tuple for several).
`problog_export_raw` gives a function every argument (`None` when unbound); it returns an
iterable of tuples, one per solution. Results are deterministic (probability 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: The argument types a signature may name.
TYPES = ("int", "float", "str", "list", "term")


@dataclass(frozen=True)
class Export:
    """One Python function exported as a predicate.

    Args:
        name: the predicate name.
        inputs: the types of the input arguments, in order (all arguments for "raw").
        outputs: the types of the output arguments (after the inputs).
        kind: "det" (one solution), "nondet" (an iterable of solutions) or "raw".
        func: the Python function.
    """

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    kind: str
    func: Callable[..., Any]


#: Where decorators record their exports while cortexlog runs a file (None otherwise).
_collector: list[Export] | None = None


def start_collecting() -> list[Export] | None:
    """Collect the exports of the decorators that run from now on.

    Returns:
        The previous collector, to give back to `stop_collecting`.
    """
    global _collector
    previous, _collector = _collector, []
    return previous


def stop_collecting(previous: list[Export] | None) -> list[Export]:
    """Stop collecting and restore the previous collector.

    Args:
        previous: what `start_collecting` returned.

    Returns:
        The exports recorded since `start_collecting`, in order.
    """
    global _collector
    found, _collector = _collector or [], previous
    return found


class problog_export:  # noqa: N801 - ProbLog's name
    """Export a Python function as a deterministic predicate (one solution per call).

    Args:
        *signature: one `"+type"` per input and one `"-type"` per output, inputs first.
        functor: the predicate name (the function's name when omitted).
    """

    kind = "det"
    database: Any = None  # ProbLog's attribute, unused here

    def __init__(self, *signature: str, functor: str | None = None, **_: Any) -> None:
        for spec in signature:
            if not (isinstance(spec, str) and spec[:1] in "+-" and spec[1:] in TYPES):
                raise ValueError(f"unsupported argument type {spec!r}: expected '+T' or '-T' "
                                 f"with T one of {', '.join(TYPES)}")
        self.inputs = tuple(s[1:] for s in signature if s[0] == "+")
        self.outputs = tuple(s[1:] for s in signature if s[0] == "-")
        self.functor = functor

    def __call__(self, func: Callable[..., Any], funcname: str | None = None,
                 modname: str | None = None) -> Callable[..., Any]:
        """Record `func` as a predicate and return it unchanged.

        Args:
            func: the function.
            funcname: the predicate name (overrides `functor` and the function's name).
            modname: ProbLog's module scope (ignored).

        Returns:
            `func`.
        """
        name = funcname or self.functor or func.__name__
        if _collector is not None:
            _collector.append(Export(name, self.inputs, self.outputs, self.kind, func))
        return func


class problog_export_nondet(problog_export):  # noqa: N801 - ProbLog's name
    """Export a function returning an iterable of solutions (each one value or a tuple)."""

    kind = "nondet"


class problog_export_raw(problog_export):  # noqa: N801 - ProbLog's name
    """Export a function called with every argument (`None` when unbound).

    It returns an iterable of tuples with one value per argument, one tuple per solution.
    """

    kind = "raw"

    def __init__(self, *signature: str, functor: str | None = None, **kw: Any) -> None:
        super().__init__(*signature, functor=functor, **kw)
        self.inputs = tuple(s[1:] for s in signature)
        self.outputs = ()
