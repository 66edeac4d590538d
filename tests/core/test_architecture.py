"""The core must never load Qt or the UI layer: it runs headless in CLI and servers."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import app


def all_core_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages(app.__path__, prefix="app.")
        if ".migrations.versions." not in module.name and not module.name.endswith(".env")
    ]


def test_core_module_list_is_not_empty() -> None:
    modules = all_core_modules()
    assert "app.model" in modules
    assert "app.services.records" in modules
    assert "app.cli.main" in modules


def test_importing_every_core_module_loads_neither_qt_nor_ui() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {all_core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "roots = ('PySide6', 'shiboken6', 'ui')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print(json.dumps(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


ROOT = Path(__file__).resolve().parents[2]


def sqlalchemy_imports(path: Path) -> list[str]:
    """Every import of SQLAlchemy in a file, type-only and function-local ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] == "sqlalchemy"]
    return found


def test_the_scan_finds_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "import sqlalchemy\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy.orm import Session\n"
        "def f():\n"
        "    import sqlalchemy.sql as sql\n"
        "from app.db import Database\n",
        encoding="utf-8",
    )
    assert sqlalchemy_imports(sample) == [
        "line 2: sqlalchemy",
        "line 4: sqlalchemy.orm",
        "line 6: sqlalchemy.sql",
    ]


def test_the_ui_never_imports_sqlalchemy() -> None:
    """Queries live in app/ (app.listing for lists, choices and pages); ui/ holds ids."""
    files = sorted((ROOT / "ui").rglob("*.py"))
    assert len(files) > 20
    offending = {
        path.relative_to(ROOT).as_posix(): found
        for path in files
        if (found := sqlalchemy_imports(path))
    }
    assert offending == {}
