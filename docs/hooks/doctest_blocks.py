"""Griffe extension: show docstring `>>>` examples as code blocks on the API pages.

The docstrings follow the project's style (summary, Args/Returns, then `>>>` examples that
pytest runs as doctests, without an `Examples:` header). Plain Markdown would read an
example's output such as `[1, 2, 3]` as link syntax; fenced as `pycon` it stays code.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (prompt, continuations, output) in a pycon fence.

    Args:
        text: a docstring.

    Returns:
        The docstring with every doctest block fenced; other lines unchanged.
    """
    lines, out, i = text.splitlines(), [], 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if in_fence or not line.lstrip().startswith(">>>"):
            out.append(line)
            i += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out.append(f"{indent}```pycon")
        while i < len(lines) and lines[i].strip():
            out.append(lines[i])
            i += 1
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence the `>>>` examples of every docstring griffe loads."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
