"""A lazy table of journal rows: the core counts them, then hands out pages as the view
scrolls (100,000 changes open as fast as 200)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.journal.history import HistoryRow, kind_words, short_time

if TYPE_CHECKING:
    from app.db import Database

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
HEADERS = ("When", "Officer", "Record", "Change", "Operation")
# (session, offset, limit) -> rows; session -> how many there are in all
Fetch = Callable[[Any, int, int], list[HistoryRow]]
Count = Callable[[Any], int]


class HistoryModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[HistoryRow] = []
        self.total = 0
        self._fetch: Fetch | None = None
        # One line per changed field (a single record's short history), else "; ".
        self.multiline = False

    def load(self, count: Count, fetch: Fetch) -> None:
        """Start over with another question to the core (a filter changed)."""
        self.beginResetModel()
        self._fetch = fetch
        with self.db.session() as session:
            self.total = count(session)
            self.rows = fetch(session, 0, PAGE) if self.total else []
        self.endResetModel()

    def row_at(self, row: int) -> HistoryRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetch is None:
            return
        with self.db.session() as session:
            more = self._fetch(session, len(self.rows), PAGE)
        if not more:
            self.total = len(self.rows)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.sentence()
        return cell_text(row, index.column(), "\n" if self.multiline else "; ")

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None


def cell_text(row: HistoryRow, column: int, separator: str = "; ") -> str:
    if column == 0:
        return short_time(row.at)
    if column == 1:
        return row.actor
    if column == 2:
        return f"{kind_words(row.kind).capitalize()} {row.name}".strip()
    if column == 3:
        verb = {"create": "added", "delete": "deleted", "restore": "restored"}.get(row.action)
        return verb or separator.join(row.field_lines())
    return row.label
