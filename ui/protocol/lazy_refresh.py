"""Tabs that recompute only when looked at: built with every workspace, refreshed when shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ui.context import DataContext


class RefreshWhenShown(QWidget):
    """Marks itself stale on any change of the ``watched`` record kinds and refreshes
    at once if visible, otherwise when next shown. Subclasses implement ``refresh``."""

    watched: ClassVar[frozenset[str]] = frozenset()
    _stale = True

    def refresh(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def watch_changes(self, context: DataContext) -> None:
        context.watch(self, self.watched, lambda _changes: self._mark_stale())

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def ensure_loaded(self) -> None:
        if self._stale:
            self.refresh()
