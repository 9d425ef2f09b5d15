"""The core stays free of Qt: it runs headless, in the CLI, and is tested without a QApplication."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import chorus_desktop

PACKAGE = Path(chorus_desktop.__file__).resolve().parent
FORBIDDEN = ("PySide6", "chorus_desktop.gui", "shiboken6")


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_sources_never_import_qt_or_the_gui() -> None:
    offenders = []
    for source in sorted((PACKAGE / "core").rglob("*.py")):
        for name in imported_modules(source):
            if name.startswith(FORBIDDEN):
                offenders.append(f"{source.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = sorted(
        ".".join(("chorus_desktop", *path.relative_to(PACKAGE).with_suffix("").parts))
        for path in (PACKAGE / "core").rglob("*.py")
    )
    modules = [m.removesuffix(".__init__") for m in modules]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_architecture_check_would_notice_a_qt_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert any(name.startswith(FORBIDDEN) for name in imported_modules(bad))
