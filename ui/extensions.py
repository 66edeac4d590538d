"""Where feature packages plug into the main window without editing it.

A feature module registers menu actions and event-workspace tabs at import time;
``load_extensions`` imports every feature module once, before the first window is
built. This module stays light (no SQLAlchemy, no views) so that registering costs
nothing at start-up; tab factories import their heavy code when first called.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    import uuid

    from PySide6.QtWidgets import QMenu, QWidget

    from ui.context import DataContext
    from ui.main_window import MainWindow

TabFactory = Callable[["DataContext", "uuid.UUID"], "QWidget"]
WORKSPACE_TABS: list[tuple[str, TabFactory]] = []


def register_workspace_tab(title: str, factory: TabFactory) -> None:
    """Add a tab (built by ``factory(context, event_id)``) to every event workspace."""
    WORKSPACE_TABS.append((title, factory))


# One line per feature package; each is imported for its registrations.
EXTENSION_MODULES: tuple[str, ...] = ("ui.protocol.extension", "ui.io.menus")


@dataclass(frozen=True)
class MenuEntry:
    menu: str
    text: str
    handler: Callable[[MainWindow], object]
    shortcut: str | QKeySequence.StandardKey | None = None
    object_name: str = ""
    needs_database: bool = True


MENU_ENTRIES: list[MenuEntry] = []
_loaded = False


def register_menu_action(entry: MenuEntry) -> None:
    MENU_ENTRIES.append(entry)


def load_extensions() -> None:
    global _loaded
    if _loaded:
        return
    for name in EXTENSION_MODULES:
        importlib.import_module(name)
    _loaded = True


def install_menu_actions(window: MainWindow) -> list[QAction]:
    """Add every registered entry to its menu (created after the built-in ones if new)."""
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    installed: list[QAction] = []
    for entry in MENU_ENTRIES:
        menu = menus.get(entry.menu.replace("&", ""))
        if menu is None:
            menu = window.menuBar().addMenu(entry.menu)
            menus[entry.menu.replace("&", "")] = menu
        action = QAction(entry.text, window)
        if entry.object_name:
            action.setObjectName(entry.object_name)
        if entry.shortcut is not None:
            action.setShortcut(QKeySequence(entry.shortcut))
        action.triggered.connect(lambda _=False, e=entry: e.handler(window))
        action.setProperty("needs_database", entry.needs_database)
        cast("QMenu", menu).addAction(action)
        installed.append(action)
    return installed
