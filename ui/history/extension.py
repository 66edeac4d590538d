"""Registers the Changes tab in every event workspace (listed in ``ui.extensions``)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ui.actions import CLOSING, ActionSpec, register_action
from ui.extensions import register_workspace_tab

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


register_action(
    ActionSpec(
        "preferences",
        "&Preferences…",
        preferences,
        "&Edit",
        section=CLOSING,
        shortcut="Ctrl+,",
        tip="Your name on the changes you make",
        needs_database=False,
        group="history",
    )
)
