"""Global search (Ctrl+K): people, organisations and events as you type."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.services.search import SearchHit, search
from ui.context import DataContext

Index = QModelIndex | QPersistentModelIndex
KIND_LABELS = {"person": "Person", "organisation": "Organisation", "event": "Event"}


class SearchModel(QAbstractListModel):
    """At most a page of hits from ``app.services.search`` (folded keys, near matches)."""

    def __init__(self, context: DataContext, parent: QObject | None = None) -> None:
        # Owned by its dialog: a model owned by the context outlives (or dies before)
        # the list showing it, and the view then selects in a model that is gone.
        super().__init__(parent if parent is not None else context)
        self.context = context
        self.hits: list[SearchHit] = []

    def run(self, query: str) -> None:
        self.beginResetModel()
        if query.strip():
            with self.context.db.session() as session:
                self.hits = search(session, query, limit=40)
        else:
            self.hits = []
        self.endResetModel()

    @property
    def near_only(self) -> bool:
        return bool(self.hits) and not any(hit.exact for hit in self.hits)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{hit.label}  —  {KIND_LABELS.get(hit.kind, hit.kind)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "exact match" if hit.exact else f"near match ({hit.score:.0f}%)"
        return None


class SearchDialog(QDialog):
    opened = Signal(str, object)  # kind, record id

    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search")
        self.setObjectName("search_dialog")
        self.resize(560, 420)
        self.box = QLineEdit(self)
        self.box.setObjectName("search_box")
        self.box.setPlaceholderText(
            "Name in any spelling or script: baymenov, 马, қасым, sao paulo…"
        )
        self.model = SearchModel(context, self)
        self.list = QListView(self)
        self.list.setObjectName("search_results")
        self.list.setModel(self.model)
        self.note = QLabel(self)
        self.note.setObjectName("search_note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        self.box.textChanged.connect(self.run)
        self.box.returnPressed.connect(self.open_current)
        self.list.activated.connect(lambda _index: self.open_current())

    def run(self, text: str) -> None:
        self.model.run(text)
        if not text.strip():
            self.note.setText("")
        elif not self.model.hits:
            self.note.setText("Nothing matches.")
        elif self.model.near_only:
            self.note.setText("No exact match. Did you mean:")
        else:
            self.note.setText(f"{len(self.model.hits)} found")
        if self.model.hits:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def labels(self) -> list[str]:
        return [hit.label for hit in self.model.hits]

    def open_current(self) -> None:
        index = self.list.currentIndex()
        if not index.isValid():
            return
        hit = self.model.hits[index.row()]
        self.opened.emit(hit.kind, uuid.UUID(str(hit.record_id)))
        self.accept()
