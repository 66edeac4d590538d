"""Starting the desktop app from the command line without the core importing Qt."""

from __future__ import annotations

import importlib
import sys


def open_desktop(db_reference: str | None, actor: str | None = None) -> int:
    try:
        desktop = importlib.import_module("ui.application")
    except ModuleNotFoundError as error:
        if error.name and (error.name.startswith("ui") or error.name.startswith("PySide6")):
            print(
                "protocol-desk: the desktop app is not available in this installation "
                f"({error.name} is missing); the command line works: protocol-desk --help",
                file=sys.stderr,
            )
            return 1
        raise
    code: int = desktop.run(db_reference, actor)
    return code
