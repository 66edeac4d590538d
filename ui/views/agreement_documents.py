"""The selected agreement's documents: attach (choose or drop), list, save a copy, remove.

Files live in the database (app.services.agreements.attach_document); attaching and
removing are commands on the undo stack like every other change.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError, ProtocolDeskError
from app.listing.documents import document_file_name, documents
from app.model import AgreementDocument
from app.services.agreements import attach_document, save_document_copy
from ui.commands import DeleteRecord, RecordCommand
from ui.context import DataContext
from ui.editors.dialog import ERROR_STYLE
from ui.protocol.table_model import Row, RowsModel

DOCUMENT_KINDS = frozenset({"AgreementDocument", "StoredFile", "Agreement"})


class AttachDocument(RecordCommand):
    """Store a file as a document of an agreement."""

    def __init__(
        self,
        context: DataContext,
        agreement_id: uuid.UUID,
        path: Path,
        language: str | None,
        description: str | None,
    ) -> None:
        super().__init__(context, f"Attach {path.name}")
        self.agreement_id = agreement_id
        self.path = path
        self.language = language
        self.description = description
        self.document_id: uuid.UUID | None = None

    def apply(self, session: Any) -> None:
        document = attach_document(
            session, self.agreement_id, self.path, None, self.language, self.description
        )
        self.document_id = document.id


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class DocumentsModel(RowsModel):
    HEADERS = ("Name", "Language", "Size", "Added", "Description")

    def __init__(self, context: DataContext) -> None:
        super().__init__(self.HEADERS, context)
        self.context = context
        self.scope: uuid.UUID | None = None
        self.right_aligned = {2}

    def set_scope(self, agreement_id: uuid.UUID | None) -> None:
        self.scope = agreement_id
        self.reload()

    def reload(self) -> None:
        rows: list[Row] = []
        if self.scope is not None:
            for document in documents(self.context.db, self.scope):
                rows.append(
                    Row(
                        document.id,
                        (
                            document.filename,
                            document.language or "",
                            size_text(document.size),
                            f"{document.added:%Y-%m-%d %H:%M}",
                            document.description or "",
                        ),
                        tooltip=f"{document.filename} ({document.media_type})",
                    )
                )
        self.set_rows(rows)


class DocumentsPanel(QWidget):
    """The Documents tab of the Agreements view; files may also be dropped onto it."""

    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_documents")
        self.context = context
        self.model = DocumentsModel(context)
        self.view = QTableView(self)
        self.view.setObjectName("documents_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.language = QLineEdit(self)
        self.language.setObjectName("document_language")
        self.language.setPlaceholderText("Language of the next file, e.g. en")
        self.description = QLineEdit(self)
        self.description.setObjectName("document_description")
        self.description.setPlaceholderText("Description, e.g. signed original, scan")
        self.attach_button = QPushButton("Attach file…", self)
        self.save_button = QPushButton("Save a copy…", self)
        self.remove_button = QPushButton("Remove", self)
        self.hint = QLabel("Select an agreement, then attach its texts or drop files here.", self)
        self.hint.setObjectName("documents_hint")
        self.error = QLabel(self)
        self.error.setObjectName("documents_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        fields = QHBoxLayout()
        fields.addWidget(self.language)
        fields.addWidget(self.description, 2)
        buttons = QHBoxLayout()
        for button in (self.attach_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(fields)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        self.setAcceptDrops(True)
        self.attach_button.clicked.connect(lambda: self.choose_and_attach())
        self.save_button.clicked.connect(lambda: self.save_copy())
        self.remove_button.clicked.connect(self.remove)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        context.watch(self, DOCUMENT_KINDS, lambda _changes: self.model.reload())
        self._update_buttons()

    # -- state ----------------------------------------------------------------------
    @property
    def agreement_id(self) -> uuid.UUID | None:
        return self.model.scope

    def set_agreement(self, agreement_id: uuid.UUID | None) -> None:
        if agreement_id != self.model.scope:
            self.model.set_scope(agreement_id)
            self.error.hide()

    def selected_id(self) -> uuid.UUID | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        key = self.model.key(rows[0].row())
        return key if isinstance(key, uuid.UUID) else None

    def _update_buttons(self) -> None:
        has_agreement = self.agreement_id is not None
        self.attach_button.setEnabled(has_agreement)
        selected = self.selected_id() is not None
        self.save_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def _show_error(self, error: ProtocolDeskError) -> None:
        reason = error.reason if isinstance(error, DomainError) else str(error)
        self.error.setText(f"Not done: {reason[:1].upper()}{reason[1:]}.")
        self.error.show()

    # -- actions --------------------------------------------------------------------
    def attach(self, paths: list[Path]) -> int:
        """Attach each file, one undoable step each; returns how many were stored."""
        agreement_id = self.agreement_id
        if agreement_id is None:
            return 0
        self.error.hide()
        stored = 0
        language = self.language.text().strip() or None
        description = self.description.text().strip() or None
        for path in paths:
            command = AttachDocument(self.context, agreement_id, path, language, description)
            try:
                self.context.submit(command)
            except ProtocolDeskError as error:
                self._show_error(error)
                continue
            stored += 1
        return stored

    def choose_and_attach(self, paths: list[str] | None = None) -> int:
        if paths is None:
            paths, _filter = QFileDialog.getOpenFileNames(self, "Attach documents")
        return self.attach([Path(p) for p in paths])

    def save_copy(self, target: str | None = None) -> Path | None:
        document_id = self.selected_id()
        if document_id is None:
            return None
        if target is None:
            name = document_file_name(self.context.db, document_id)
            target, _filter = QFileDialog.getSaveFileName(self, "Save a copy", name)
            if not target:
                return None
        try:
            with self.context.db.session() as session:
                return save_document_copy(session, document_id, target)
        except ProtocolDeskError as error:
            self._show_error(error)
            return None

    def remove(self) -> None:
        document_id = self.selected_id()
        if document_id is not None:
            self.context.submit(DeleteRecord(self.context, AgreementDocument, document_id))

    # -- drag and drop --------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        local = mime.hasUrls() and any(url.isLocalFile() for url in mime.urls())
        if self.agreement_id is not None and local:
            event.acceptProposedAction()
            return
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.agreement_id is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.attach(paths)
            return
        event.ignore()
