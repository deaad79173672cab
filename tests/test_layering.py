"""The allowed import directions between cortexlog's subpackages (issue 15, item 7).

Every `import` / `from ... import` in every module under src/cortexlog is read with `ast`
(function-level and TYPE_CHECKING imports included) and mapped to the *unit* it comes from
and goes to: a subpackage (`circuits`, `train`, ...) or a top-level module (`program`,
`cli`, ...). Each edge between two units must be listed in `ALLOWED` below, the one table
of the layering; each subpackage's README.md states the same row under "May import".
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cortexlog"

# `errors` is the shared base of every user-facing error: any unit may import it.
BASE = frozenset({"errors"})
_TRAIN_DEPS = frozenset({"language", "grounding", "compile", "circuits", "semantics",
                         "neural", "data"})

# unit -> units it may import (besides itself and `errors`). The pipeline, bottom up:
# language <- grounding <- compile <- circuits; semantics is low (circuits evaluate under it);
# neural sits above compile/circuits; train above neural and data; tasks above train;
# brain on its own (torch only); experiments (paper reproductions) above brain, train,
# tasks and data; the facades and the CLI on top.
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "language": frozenset(),
    "semantics": frozenset(),
    "data": frozenset(),
    "brain": frozenset(),
    "realvalued": frozenset({"language", "semantics"}),  # LTN-style logic over tensors
    # `cortexlog.extern`: the `problog.extern` decorators a user's Python file imports.
    "extern": frozenset(),
    "grounding": frozenset({"language", "extern"}),
    "circuits": frozenset({"semantics"}),
    "compile": frozenset({"language", "grounding", "circuits", "semantics"}),
    "neural": frozenset({"language", "grounding", "compile", "circuits", "semantics"}),
    "compiled_program": frozenset({"language", "grounding", "compile", "circuits",
                                   "semantics", "neural"}),
    "program": frozenset({"language", "grounding", "compile", "semantics",
                          "compiled_program"}),
    "<root>": frozenset({"program"}),  # cortexlog/__init__.py: the public API
    "train": _TRAIN_DEPS,
    "tasks": _TRAIN_DEPS | {"train"},
    "experiments": _TRAIN_DEPS | {"train", "tasks", "brain", "realvalued"},
    # `cortexlog ground/mpe/...` tools: the CLI edge of the inference pipeline.
    "tools": frozenset({"language", "grounding", "compile", "circuits", "semantics",
                        "program"}),
    "cli": frozenset({"language", "grounding", "compile", "circuits", "semantics", "neural",
                      "data", "train", "tasks", "experiments", "program",
                      "compiled_program", "tools", "<root>"}),
    "__main__": frozenset({"cli"}),
}

# Known violations, each (importing module, imported unit), with the reason it stays.
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The pattern cache keys on the package version: a constant read inside a function.
    ("cortexlog.neural.cache", "<root>"): "cortexlog.__version__ in the cache key",
}

# Third-party packages a unit may import (stdlib always allowed); None = unchecked.
THIRD_PARTY: dict[str, frozenset[str]] = {
    "brain": frozenset({"torch"}),
    "experiments": frozenset({"torch", "tqdm", "matplotlib"}),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str | None:
    """The unit of a `cortexlog...` module name (None for other packages)."""
    parts = module.split(".")
    if parts[0] != "cortexlog":
        return None
    if len(parts) > 1 and ((SRC / parts[1]).is_dir() or (SRC / f"{parts[1]}.py").is_file()):
        return parts[1]
    return "<root>"  # the package itself, or a name it defines (`cortexlog.__version__`)


def _imports_of(source: str, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Absolute names of every module imported by `source` (module `module`), with lines.

    Function-level imports count; `from pkg import name` also yields `pkg.name` (it may be
    a submodule).
    """
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _imports(path: Path) -> list[tuple[str, int]]:
    return _imports_of(path.read_text(encoding="utf-8"), _module_name(path),
                       path.name == "__init__.py")


def _excepted(module: str, target: str) -> bool:
    return any((module == m or module.startswith(m + ".")) and target == t
               for m, t in EXCEPTIONS)


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_unit_is_in_the_table() -> None:
    units = {_unit(_module_name(p)) for p in _modules()}
    assert units <= set(ALLOWED), (
        f"add {sorted(str(u) for u in units - set(ALLOWED))} to ALLOWED "
        "(and say what it may import in its README)")


def test_import_directions() -> None:
    bad = []
    for path in _modules():
        module = _module_name(path)
        unit = _unit(module)
        assert unit is not None
        allowed = ALLOWED.get(unit, frozenset()) | BASE | {unit}
        for name, line in _imports(path):
            target = _unit(name)
            if target is None or target in allowed or _excepted(module, target):
                continue
            bad.append(f"{path.relative_to(SRC.parent)}:{line}: {unit} imports {name}")
    assert not bad, "imports against the layering (tests/test_layering.py):\n" + "\n".join(
        sorted(set(bad)))


def test_third_party_imports() -> None:
    bad = []
    for path in _modules():
        module = _module_name(path)
        unit = _unit(module)
        permitted = THIRD_PARTY.get(unit or "")
        if permitted is None:
            continue
        for name, line in _imports(path):
            top = name.split(".")[0]
            if top and top != "cortexlog" and top not in sys.stdlib_module_names \
                    and top not in permitted:
                bad.append(f"{path.relative_to(SRC.parent)}:{line}: imports {name}")
    assert not bad, "\n".join(bad)


def test_exceptions_are_still_needed() -> None:
    """An exception that no import uses any more must be deleted from EXCEPTIONS."""
    used = set()
    for path in _modules():
        module = _module_name(path)
        for name, _ in _imports(path):
            target = _unit(name)
            for m, t in EXCEPTIONS:
                if (module == m or module.startswith(m + ".")) and target == t:
                    used.add((m, t))
    assert set(EXCEPTIONS) == used, f"stale exceptions: {sorted(set(EXCEPTIONS) - used)}"


@pytest.mark.parametrize("unit", sorted(u for u in ALLOWED if (SRC / u).is_dir()))
def test_readme_states_the_row(unit: str) -> None:
    """Each subpackage README names its input, output, invariants and allowed imports.

    The first sentence after **May import:** names exactly the units of `ALLOWED`.
    """
    text = (SRC / unit / "README.md").read_text(encoding="utf-8")
    for heading in ("**Input:**", "**Output:**", "Invariants", "**May import:**"):
        assert heading in text, f"{unit}/README.md lacks {heading}"
    paragraph = " ".join(text.split("**May import:**", 1)[1].split("\n\n", 1)[0].split())
    first_sentence = paragraph.split(". ", 1)[0]  # the row; the rest is prose
    named = {u for u in ALLOWED if f"`{u}`" in first_sentence}
    assert named == set(ALLOWED[unit]) | BASE, (
        f"{unit}/README.md 'May import' names {sorted(named)}, the test allows "
        f"{sorted(set(ALLOWED[unit]) | BASE)}")


def test_the_checker_sees_function_level_and_relative_imports() -> None:
    source = "def f():\n    from ..train import loop\n    import cortexlog.data.idx\n"
    names = {name for name, _ in _imports_of(source, "cortexlog.circuits.x", False)}
    assert names == {"cortexlog.train", "cortexlog.train.loop", "cortexlog.data.idx"}
    names = {name for name, _ in _imports_of("from . import ir", "cortexlog.circuits", True)}
    assert names == {"cortexlog.circuits", "cortexlog.circuits.ir"}
