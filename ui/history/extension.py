"""Registers the Changes tab in every event workspace (listed in ``ui.extensions``)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ui.extensions import MenuEntry, register_menu_action, register_workspace_tab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext
    from ui.main_window import MainWindow

TAB_TITLE = "C&hanges"


def changes_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.history.views import ChangesView

    return ChangesView(context, event_id)


register_workspace_tab(TAB_TITLE, changes_tab)


def preferences(window: MainWindow) -> object:
    from ui.history.preferences import open_preferences

    return open_preferences(window)


register_menu_action(
    MenuEntry("&Edit", "&Preferences…", preferences, "Ctrl+,", "preferences", needs_database=False)
)
