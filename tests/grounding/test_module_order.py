"""The grounding modules import each other in one direction (issue 15, item 3).

The engine's helpers (control constructs, clause resolution, per-proof collection) are
written against the `solver.Solver` protocol, so `engine` imports them and none of them
imports `engine`: no import cycle, and no function-level import to hide one.
"""

from __future__ import annotations

import ast
from pathlib import Path

GROUNDING = Path(__file__).resolve().parents[2] / "src" / "cortexlog" / "grounding"
PACKAGE = "cortexlog.grounding."

# Type-only (`if TYPE_CHECKING:`) imports that still point up, each with its reason.
TYPE_ONLY_UPWARDS: dict[tuple[str, str], str] = {
    ("symbolic", "engine"): "annotations name Engine; Solver would do (owner: symbolic.py)",
}


def _grounding_imports(path: Path) -> tuple[set[str], set[str], list[str]]:
    """`(module-level, type-only, function-level)` grounding modules imported by `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    runtime: set[str] = set()
    type_only: set[str] = set()
    placed: set[int] = set()

    def targets(node: ast.Import | ast.ImportFrom) -> set[str]:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif node.level:
            names = [f"{PACKAGE}{node.module}"] if node.module else [
                f"{PACKAGE}{a.name}" for a in node.names]
        else:
            names = [node.module or ""]
            if node.module == PACKAGE.rstrip("."):
                names = [f"{PACKAGE}{a.name}" for a in node.names]
        return {n[len(PACKAGE):].split(".")[0] for n in names if n.startswith(PACKAGE)}

    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            runtime |= targets(node)
            placed.add(id(node))
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    type_only |= targets(sub)
                    placed.add(id(sub))
    nested = [f"{path.name}:{n.lineno}: {ast.unparse(n)}" for n in ast.walk(tree)
              if isinstance(n, ast.Import | ast.ImportFrom) and id(n) not in placed
              and targets(n)]
    return runtime, type_only, nested


def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]], list[str]]:
    runtime, type_only, nested = {}, {}, []
    for path in sorted(GROUNDING.glob("*.py")):
        r, t, n = _grounding_imports(path)
        runtime[path.stem], type_only[path.stem] = r - {path.stem}, t - {path.stem}
        nested += n
    return runtime, type_only, nested


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `edges`, or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (found := visit(n)) is not None:
                return found
        state[m] = 2
        path.pop()
        return None

    for m in sorted(edges):
        if m not in state and (found := visit(m)) is not None:
            return found
    return None


def test_no_function_level_imports_between_grounding_modules() -> None:
    _, _, nested = _graph()
    assert not nested, "import at module level (no cycle to dodge):\n" + "\n".join(nested)


def test_module_imports_form_no_cycle() -> None:
    runtime, type_only, _ = _graph()
    assert _cycle(runtime) is None, f"import cycle: {' -> '.join(_cycle(runtime) or [])}"
    both = {m: runtime[m] | {t for t in type_only[m] if (m, t) not in TYPE_ONLY_UPWARDS}
            for m in runtime}
    assert _cycle(both) is None, f"type-only import cycle: {' -> '.join(_cycle(both) or [])}"


def test_type_only_exceptions_are_still_needed() -> None:
    _, type_only, _ = _graph()
    stale = [k for k in TYPE_ONLY_UPWARDS if k[1] not in type_only.get(k[0], set())]
    assert not stale, f"delete from TYPE_ONLY_UPWARDS: {stale}"


def test_the_engine_helpers_do_not_import_the_engine() -> None:
    runtime, type_only, _ = _graph()
    for helper in ("tabling", "solver", "resolution", "proofs", "control"):
        assert "engine" not in runtime[helper] | type_only[helper], helper
    assert {"control", "resolution", "proofs", "solver", "tabling"} <= runtime["engine"]


def test_the_checker_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
