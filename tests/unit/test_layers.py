"""The shape issue 11 gave the code, kept by tests: small modules, no import cycle, SQL only in the store,
the GUI away from the store, use cases built only by `wiring.py`, the core's wording in `core/texts.py`."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

import chorus_desktop
from chorus_desktop.wiring import AppContext

PACKAGE = Path(chorus_desktop.__file__).resolve().parent
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(under: Path = PACKAGE) -> list[Path]:
    return sorted(under.rglob("*.py"))


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sources()}


def imports_of(path: Path, known: Iterable[str]) -> set[str]:
    """Every chorus_desktop module `path` imports, wherever the import is (top level, function,
    TYPE_CHECKING block); `from package import module` counts as importing that module."""
    known = set(known)
    this = module_name(path)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {name for name in found if name in known and name != this}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_module_is_over_400_lines() -> None:
    long = {module_name(p): n for p in sources() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_import_cycle_between_modules() -> None:
    modules = all_modules()
    graph = {name: imports_of(path, modules) for name, path in modules.items()}
    assert import_cycles(graph) == []


def test_the_cycle_check_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    source = PACKAGE / "core" / "usecases" / "deposit.py"
    seen = imports_of(source, all_modules())
    assert "chorus_desktop.core.usecases.recovery" in seen and "chorus_desktop.core.texts" in seen


SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b", re.IGNORECASE)


def sql_offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offences = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + ([node.module] if isinstance(node, ast.ImportFrom) else [])
            if any(name and name.split(".")[0] == "sqlite3" for name in names):
                offences.append(f"imports sqlite3 (line {node.lineno})")
        elif isinstance(node, ast.Attribute) and node.attr in ("db", "conn", "execute", "transaction"):
            offences.append(f".{node.attr} (line {node.lineno})")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            offences.append(f"SQL text (line {node.lineno})")
    return offences


def test_sql_and_connections_only_in_the_store() -> None:
    store = PACKAGE / "core" / "store"
    offenders = {module_name(p): o for p in sources() if store not in p.parents and (o := sql_offences(p))}
    assert offenders == {}


def test_the_sql_check_would_notice_sql_in_a_use_case(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(store):\n    with store.db.transaction() as conn:\n"
                   "        conn.execute('UPDATE invoices SET state = ?', ('x',))\n", encoding="utf-8")
    assert len(sql_offences(bad)) == 4


def test_the_gui_never_imports_the_store() -> None:
    modules = all_modules()
    offenders = {name: sorted(i for i in imports_of(path, modules) if i.startswith("chorus_desktop.core.store"))
                 for name, path in modules.items() if name.startswith("chorus_desktop.gui")}
    assert {name: found for name, found in offenders.items() if found} == {}


def use_case_classes() -> set[str]:
    """The classes `wiring.py` builds: every use case and shared collaborator of the context."""
    named = {field.type if isinstance(field.type, str) else field.type.__name__
             for field in dataclasses.fields(AppContext)}
    return named - {"Store"} | {"DepositChecker"}


def constructions(path: Path, classes: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else "")
            if name in classes:
                found.append(f"{name} (line {node.lineno})")
    return found


def test_only_wiring_builds_use_cases() -> None:
    classes = use_case_classes()
    assert {"InvoiceImporting", "InvoiceDeposit", "StatusSync", "InvoiceLifecycle", "ChorusClients"} <= classes
    offenders = {module_name(p): c for p in sources() if p.name != "wiring.py" and (c := constructions(p, classes))}
    assert offenders == {}


FRENCH = re.compile(r"[éèêàâçùûôîœ«»]")


def french_literals(path: Path) -> list[str]:
    """String constants with French text, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [f"line {node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and FRENCH.search(node.value)]


def test_use_cases_leave_their_wording_to_core_texts() -> None:
    offenders = {module_name(p): f for p in sources(PACKAGE / "core" / "usecases") if (f := french_literals(p))}
    assert offenders == {}


def test_every_text_the_use_cases_ask_for_exists() -> None:
    from chorus_desktop.core import texts

    asked: set[str] = set()
    for path in sources(PACKAGE / "core"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "render" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                asked.add(node.args[0].value)
            for keyword in getattr(node, "keywords", []) if isinstance(node, ast.Call) else []:
                if keyword.arg in ("code", "text_id") and isinstance(keyword.value, ast.Constant) \
                        and getattr(node.func, "id", "").endswith("Error") and not node.args:
                    if keyword.arg == "text_id" or not any(k.arg == "text_id" for k in node.keywords):
                        asked.add(keyword.value.value)
    assert len(asked) > 40
    assert sorted(asked - set(texts.TEXTS)) == []
