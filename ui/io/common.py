"""Small pieces the import, export and backup dialogs share."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from app.db import Database
    from ui.main_window import MainWindow


def current_event_id(window: MainWindow) -> uuid.UUID | None:
    """The event whose workspace is showing, if any (the natural target of an import)."""
    from ui.views.workspace import EventWorkspace

    widget = window.stack.currentWidget()
    return widget.event_id if isinstance(widget, EventWorkspace) else None


def event_choices(db: Database) -> list[tuple[uuid.UUID, str]]:
    from app.listing import choices

    return [(event.id, event.label) for event in choices.events(db)]


class EventCombo(QComboBox):
    """Every event, newest first; ``event_id`` is the chosen one."""

    def __init__(
        self, db: Database, selected: uuid.UUID | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("io_event")
        self.setMinimumContentsLength(40)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for event_id, label in event_choices(db):
            self.addItem(label, str(event_id))
        if selected is not None:
            self.select(selected)

    def select(self, event_id: uuid.UUID) -> None:
        index = self.findData(str(event_id))
        if index >= 0:
            self.setCurrentIndex(index)

    @property
    def event_id(self) -> uuid.UUID | None:
        value = self.currentData()
        return uuid.UUID(value) if isinstance(value, str) else None
