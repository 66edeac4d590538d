"""Plugs the protocol views into the main window (listed in ``ui.extensions``).

This module is imported while the main window is built, before it is shown, so it
imports nothing heavy: ``ui.views.workspace`` pulls in SQLAlchemy and the model
(about 0.85 s on the benchmark machine, measured), which the start-up target cannot
afford. The workspace tabs are therefore registered the moment that module is first
imported (by the first event workspace), through a one-shot import hook.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import uuid
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from ui.extensions import MenuEntry, register_menu_action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext
    from ui.main_window import MainWindow

WORKSPACE_MODULE = "ui.views.workspace"


def precedence_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.protocol.precedence_tab import PrecedenceTab

    return PrecedenceTab(context, event_id)


def seating_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.protocol.seating_tab import SeatingTab

    return SeatingTab(context, event_id)


def _register_tabs(workspace: ModuleType) -> None:
    workspace.register_workspace_tab("P&recedence", precedence_tab)
    workspace.register_workspace_tab("S&eating", seating_tab)


class _AfterImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Runs ``callback(module)`` right after one module is first executed."""

    def __init__(self, name: str, callback: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.callback = callback
        self.loader: importlib.abc.Loader | None = None

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        self.loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        assert self.loader is not None
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        assert self.loader is not None
        self.loader.exec_module(module)
        self.callback(module)


def _when_imported(name: str, callback: Callable[[ModuleType], None]) -> None:
    module = sys.modules.get(name)
    if module is not None:
        callback(module)
    else:
        sys.meta_path.insert(0, _AfterImport(name, callback))


def find_duplicates(window: MainWindow) -> object:
    if window.context is None:
        return None
    from ui.protocol.duplicates_dialog import DuplicatesDialog

    dialog = DuplicatesDialog(window.context, window)
    dialog.show()
    return dialog


def agreements_register(window: MainWindow) -> object:
    if window.context is None:
        return None
    from ui.protocol.registers import AgreementsRegisterDialog

    dialog = AgreementsRegisterDialog(window.context, window)
    dialog.show()
    return dialog


def gifts_register(window: MainWindow) -> object:
    if window.context is None:
        return None
    from ui.protocol.registers import GiftsRegisterDialog

    dialog = GiftsRegisterDialog(window.context, window)
    dialog.show()
    return dialog


_when_imported(WORKSPACE_MODULE, _register_tabs)
for _entry in (
    MenuEntry("&Tools", "Find possible &duplicates…", find_duplicates, None, "find_duplicates"),
    MenuEntry("&Tools", "&Agreements register…", agreements_register, None, "agreements_register"),
    MenuEntry("&Tools", "&Gifts register…", gifts_register, None, "gifts_register"),
):
    register_menu_action(_entry)
