"""The GUI's shape: small modules, no import cycle, no store, a bridge and views without widgets.

Every import counts, also those under `if TYPE_CHECKING:` and inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import chorus_desktop.gui

GUI = Path(chorus_desktop.gui.__file__).resolve().parent
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = ("chorus_desktop", "gui", *path.relative_to(GUI).with_suffix("").parts)
    return ".".join(parts).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, as absolute names (`from a import b` counts `a` and `a.b`)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package, one level up per extra dot
                own = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
                anchor = own.split(".")[: len(own.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def gui_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in GUI.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_gui_module_is_over_400_lines() -> None:
    long = {str(p.relative_to(GUI)): n for p in GUI.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_import_cycle_between_gui_modules() -> None:
    graph = gui_graph()
    assert find_cycle(graph) == []


def test_the_gui_never_imports_the_store() -> None:
    offenders = {module_name(p): sorted(m for m in imports_of(p) if m.startswith("chorus_desktop.core.store"))
                 for p in GUI.rglob("*.py")}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_bridge_and_views_import_no_widget_and_notifications_no_bridge() -> None:
    graph = gui_graph()
    allowed = {"chorus_desktop.gui", "chorus_desktop.gui.messages", "chorus_desktop.gui.views"}
    for name in ("bridge", "views", "formatting"):
        assert not {m for m in imports_of(GUI / f"{name}.py") if m.startswith(("PySide6", "shiboken6"))}, name
        assert graph[f"chorus_desktop.gui.{name}"] <= allowed, name
    assert "chorus_desktop.gui.bridge" not in graph["chorus_desktop.gui.notifications"]


def test_controllers_never_import_the_main_window() -> None:
    for path in (GUI / "controllers").glob("*.py"):
        assert "chorus_desktop.gui.main_window" not in imports_of(path), path.name


def test_the_cycle_finder_would_notice_a_cycle(tmp_path: Path) -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
    source = tmp_path / "x.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from chorus_desktop.core.store import Store\n"
                      "def f():\n    import chorus_desktop.gui.bridge\n", encoding="utf-8")
    assert {"chorus_desktop.core.store", "chorus_desktop.gui.bridge"} <= imports_of(source)
