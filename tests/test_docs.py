"""The documentation site's generators: the CLI page and the doctest fences (docs/hooks/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HOOKS = Path(__file__).resolve().parents[1] / "docs" / "hooks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hooks_{name}", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_doctests_are_fenced_and_prose_is_not() -> None:
    pytest.importorskip("griffe")
    fence = _load("doctest_blocks").fence_doctests
    text = ("Round up.\n\nArgs:\n    k: a number.\n\n>>> [f(k) for k in (1, 2)]\n[1, 2]\n"
            "\nMore prose [not code].\n    >>> x = 1\n    >>> x\n    1")
    assert fence(text) == (
        "Round up.\n\nArgs:\n    k: a number.\n\n```pycon\n>>> [f(k) for k in (1, 2)]\n[1, 2]\n"
        "```\n\nMore prose [not code].\n    ```pycon\n    >>> x = 1\n    >>> x\n    1\n    ```")
    already = "```python\n>>> 1\n```"
    assert fence(already) == already


def test_cli_page_comes_from_the_parsers() -> None:
    pytest.importorskip("mkdocs")
    page = _load("cli_reference").render()
    assert page.startswith("# Command line\n")
    for heading in ("## cortexlog\n", "## cortexlog query\n", "## cortexlog train\n",
                    "## cortexlog experiment\n", "### cortexlog experiment snn-mnist\n"):
        assert heading in page
    assert "-V, --version" in page and "usage: cortexlog train" in page
    assert "usage: cortexlog query" in page and "--semantics" in page
