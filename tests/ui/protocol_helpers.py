"""Helpers for the protocol views' tests."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget


def show_workspace_tab[T: QWidget](
    window: Any, event_id: uuid.UUID, title: str, kind: type[T]
) -> T:
    """Open the event's workspace on the tab called ``title`` and return its content
    (tabs may be built only when first shown)."""
    workspace = window.open_event(event_id)
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert title in titles, titles
    workspace.tabs.setCurrentIndex(titles.index(title))
    QApplication.processEvents()
    found = workspace.findChild(kind)
    assert isinstance(found, kind)
    return found
