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
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    import uuid

    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext
    from ui.main_window import MainWindow

TabFactory = Callable[["DataContext", "uuid.UUID"], "QWidget"]
WORKSPACE_TABS: list[tuple[str, TabFactory]] = []


def register_workspace_tab(title: str, factory: TabFactory) -> None:
    """Add a tab (built by ``factory(context, event_id)``) to every event workspace."""
    WORKSPACE_TABS.append((title, factory))


# One line per feature package; each is imported for its registrations.
EXTENSION_MODULES: tuple[str, ...] = (
    "ui.protocol.extension",
    "ui.io.menus",
    "ui.briefing.extension",
    "ui.history.extension",
)


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
    """Add every registered entry to its menu.

    ``MenuEntry.menu`` may name a submenu as ``"&File/&Export"``. In a built-in menu,
    entries go before its closing group (so File > Quit stays last); a new top-level
    menu goes before Help. Each feature's entries form one group between separators.
    """
    bar = window.menuBar()
    top = {_plain(a.text()): a for a in bar.actions() if a.menu() is not None}
    help_action = top.get("Help")
    built_in = set(top)
    menus: dict[str, QMenu] = {name: cast("QMenu", a.menu()) for name, a in top.items()}
    anchors: dict[str, QAction | None] = {}
    installed: list[QAction] = []
    previous_module: dict[str, str] = {}

    def anchor_of(key: str, menu: QMenu) -> QAction | None:
        if key not in anchors:
            built = key.split("/")[0] in built_in
            anchors[key] = _closing_group(menu) if built and "/" not in key else None
        return anchors[key]

    for entry in MENU_ENTRIES:
        path = [part for part in entry.menu.split("/") if part]
        menu = _menu_at(window, menus, path, help_action, anchor_of)
        key = "/".join(_plain(part) for part in path)
        anchor = anchor_of(key, menu)
        module = entry.handler.__module__
        if previous_module.get(key) != module:
            separator = QAction(window)
            separator.setSeparator(True)
            _place(menu, separator, anchor)
            previous_module[key] = module
        action = QAction(entry.text, window)
        if entry.object_name:
            action.setObjectName(entry.object_name)
        if entry.shortcut is not None:
            action.setShortcut(QKeySequence(entry.shortcut))
        action.triggered.connect(lambda _=False, e=entry: e.handler(window))
        action.setProperty("needs_database", entry.needs_database)
        _place(menu, action, anchor)
        installed.append(action)
    return installed


def _place(menu: QMenu, action: QAction, anchor: QAction | None) -> None:
    if anchor is not None:
        menu.insertAction(anchor, action)
    else:
        menu.addAction(action)


def _plain(text: str) -> str:
    return text.replace("&", "")


def _menu_at(
    window: MainWindow,
    menus: dict[str, QMenu],
    path: list[str],
    before_help: QAction | None,
    anchor_of: Callable[[str, QMenu], QAction | None],
) -> QMenu:
    key = ""
    parent: QMenu | None = None
    for part in path:
        parent_key = key
        key = f"{key}/{_plain(part)}" if key else _plain(part)
        menu = menus.get(key)
        if menu is None:
            menu = QMenu(part, window)
            if parent is None:
                if before_help is not None:
                    window.menuBar().insertMenu(before_help, menu)
                else:
                    window.menuBar().addMenu(menu)
            else:
                _place(parent, menu.menuAction(), anchor_of(parent_key, parent))
            menus[key] = menu
        parent = menu
    assert parent is not None
    return parent


def _closing_group(menu: QMenu) -> QAction | None:
    """The last separator of a built-in menu: what follows it (Quit) stays last."""
    separators = [action for action in menu.actions() if action.isSeparator()]
    return separators[-1] if separators else None
