"""The core must never load Qt or the UI layer: it runs headless in CLI and servers."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

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
