"""Plugs the protocol views into the main window (listed in ``ui.extensions``).

This module is imported while the main window is built, before it is shown, so it
imports nothing heavy: the views (which pull in SQLAlchemy and the model, about
0.85 s measured) load when a tab or dialog is first opened.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ui.actions import ActionSpec, register_action
from ui.extensions import register_workspace_tab

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.context import DataContext
    from ui.main_window import MainWindow


def precedence_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.protocol.precedence_tab import PrecedenceTab

    return PrecedenceTab(context, event_id)


def seating_tab(context: DataContext, event_id: uuid.UUID) -> QWidget:
    from ui.protocol.seating_tab import SeatingTab

    return SeatingTab(context, event_id)


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


register_workspace_tab("P&recedence", precedence_tab)
register_workspace_tab("S&eating", seating_tab)
_GROUP = "protocol"
for _spec in (
    ActionSpec(
        "find_duplicates", "Find possible &duplicates…", find_duplicates, "&Tools", group=_GROUP
    ),
    ActionSpec(
        "agreements_register",
        "&Agreements register…",
        agreements_register,
        "&Tools",
        group=_GROUP,
    ),
    ActionSpec("gifts_register", "&Gifts register…", gifts_register, "&Tools", group=_GROUP),
):
    register_action(_spec)
