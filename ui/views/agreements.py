"""Agreements: the list, the selected agreement's parties, and status changes."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.model import Agreement, AgreementParty
from app.model.enums import AgreementStatus
from app.services import records
from ui import settings
from ui.commands import ChangeAgreementStatus
from ui.context import DataContext
from ui.editors.dialog import ERROR_STYLE
from ui.editors.specs import SPECS
from ui.models.event_models import PartiesModel, StatusHistoryModel
from ui.models.lists import AgreementsModel
from ui.views.agreement_documents import DocumentsPanel
from ui.views.panel import RecordListPanel


class StatusDialog(QDialog):
    """Move an agreement along its lifecycle; a skipped step needs 'force' and a reason."""

    def __init__(
        self, context: DataContext, agreement_id: uuid.UUID, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.context = context
        self.agreement_id = agreement_id
        self.setWindowTitle("Change agreement status")
        with context.db.session() as session:
            current = records.get(session, Agreement, agreement_id).status
        self.status = QComboBox(self)
        self.status.setObjectName("field_status")
        for member in AgreementStatus:
            if member.value != current:
                self.status.addItem(member.value, member.value)
        self.force = QCheckBox("Skip the usual steps (the record will say so)", self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("field_reason")
        self.error = QLabel(self)
        self.error.setObjectName("status_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Currently:", QLabel(current, self))
        form.addRow("New status:", self.status)
        form.addRow("", self.force)
        form.addRow("Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        command = ChangeAgreementStatus(
            self.context,
            self.agreement_id,
            self.status.currentData(),
            force=self.force.isChecked(),
            reason=self.reason.text().strip() or None,
        )
        try:
            self.context.submit(command)
        except DomainError as error:
            self.error.setText(error.reason[:1].upper() + error.reason[1:] + ".")
            self.error.show()
            return
        self.accept()


class AgreementsPage(QSplitter):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("agreements_page")
        self.context = context
        self.agreements = RecordListPanel(
            context,
            AgreementsModel(context),
            SPECS[Agreement],
            "agreements",
            empty_text="No agreements yet. Record one with New (Ctrl+N).",
        )
        status = self.agreements.add_button("Change status…", self.change_status, "status")
        status.setToolTip("Move the agreement along draft → signed → in force… (recorded)")
        self.parties_model = PartiesModel(context)
        self.parties = RecordListPanel(
            context,
            self.parties_model,
            SPECS[AgreementParty],
            "parties",
            scope=self._party_scope,
            title="Parties",
        )
        self.parties.view.placeholder = "Select an agreement to see its parties."
        self.history_model = StatusHistoryModel(context)
        self.history = RecordListPanel(
            context, self.history_model, None, "status_history", title="Status history"
        )
        self.history.view.placeholder = "Select an agreement to see how its status changed."
        self.history.filter.hide()
        details = QTabWidget(self)
        details.setObjectName("agreement_details")
        details.setDocumentMode(True)
        details.addTab(self.parties, "Parties")
        details.addTab(self.history, "Status history")
        self.documents = DocumentsPanel(context, details)
        details.addTab(self.documents, "Documents")
        self.details = details
        self.addWidget(self.agreements)
        self.addWidget(details)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.agreements.selection_changed.connect(self._show_parties)
        settings.restore_splitter(self, "agreements")

    def _show_parties(self, agreement_id: uuid.UUID | None) -> None:
        if agreement_id != self.parties_model.scope:
            self.parties_model.set_scope(agreement_id)
            self.history_model.set_scope(agreement_id)
            self.documents.set_agreement(agreement_id)
            self.parties.view.placeholder = (
                "No parties yet. Add one with New."
                if agreement_id
                else "Select an agreement to see its parties."
            )

    def _party_scope(self) -> dict[str, Any] | None:
        agreement_id = self.agreements.selected_id()
        return {"agreement_id": agreement_id} if agreement_id else None

    def change_status(self) -> None:
        agreement_id = self.agreements.selected_id()
        if agreement_id is not None:
            StatusDialog(self.context, agreement_id, self).exec()
