"""The Briefing tab's line "N changes since the pack printed on … by …", with the list.

It asks the core (``app.journal.packs``) what the journal holds since the last pack
of the chosen kind and subject was exported, and redraws whenever data changes.
"""

from __future__ import annotations

import html
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.journal.packs import PackChanges, changes_since_last_pack

if TYPE_CHECKING:
    from ui.context import DataContext

SHOWN_LINES = 12


class ChangesSinceLastPack(QLabel):
    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("briefing_changes")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.context = context
        self.event_id = event_id
        self.changes: PackChanges | None = None

    def refresh(self, scope: str, subject_id: uuid.UUID | None) -> None:
        with self.context.db.session() as session:
            self.changes = changes_since_last_pack(session, self.event_id, scope, subject_id)
        self.setText(render(self.changes))
        self.setVisible(self.changes.previous is not None)


def render(changes: PackChanges) -> str:
    if changes.previous is None:
        return ""
    parts = [f"<b>{html.escape(changes.headline())}</b>"]
    shown = 0
    items: list[str] = []
    for group, lines in changes.ordered():
        for line in lines:
            if shown < SHOWN_LINES:
                items.append(f"<li>{html.escape(group)}: {html.escape(line)}</li>")
            shown += 1
    if items:
        parts.append("<ul style='margin-top:2px'>" + "".join(items) + "</ul>")
    if shown > SHOWN_LINES:
        parts.append(f"…and {shown - SHOWN_LINES} more (the pack's changes page lists them all).")
    return "".join(parts)
