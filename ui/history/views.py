"""The History tab of an editor and the Changes view of an event.

Both read the journal through ``app.journal.history`` and offer to revert the
selected operation, which the core refuses (and says why) when a later change is
in the way.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from app.journal import history
from ui.history.model import HistoryModel

if TYPE_CHECKING:
    from ui.context import DataContext

ALL = "All"
KIND_CHOICES = (
    ("Person", "People"),
    ("Delegation", "Delegations"),
    ("DelegationMember", "Delegation members"),
    ("ProgrammeItem", "Programme items"),
    ("SpeakingRole", "Speakers"),
    ("Signatory", "Signatories"),
    ("SigningCeremony", "Signing ceremonies"),
    ("Gift", "Gifts"),
    ("Event", "The event itself"),
)


class HistoryTable(QWidget):
    """A lazy table of changes with a Revert button for the selected one's operation."""

    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = HistoryModel(context.db, self)
        self.view = QTableView(self)
        self.view.setObjectName("history_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The change itself takes the spare width; the rest keep readable widths.
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 125), (1, 110), (2, 210), (4, 220)):
            self.view.setColumnWidth(column, width)
        self.summary = QLabel(self)
        self.revert_button = QPushButton("Revert this operation…", self)
        self.revert_button.setObjectName("history_revert")
        self.revert_button.setToolTip(
            "Take back every change of the selected row's operation, as a new change"
        )
        self.revert_button.clicked.connect(self.revert_selected)
        self.revert_button.setEnabled(False)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.revert_button.setEnabled(self.selected() is not None)
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.revert_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.view, 1)
        self.layout_.addLayout(bottom)

    def selected(self) -> history.HistoryRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def revert_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Revert",
            f"Take back everything '{row.label}' changed ({row.actor}, "
            f"{history.short_time(row.at)})?\n\nThe revert is itself a change, in History.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.revert(row.operation_id)

    def revert(self, operation_id: uuid.UUID) -> bool:
        from app.journal.revert import revert_operation

        try:
            result = revert_operation(self.context.db, operation_id)
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not reverted", str(error))
            return False
        self.context.done(result)
        return True


class RecordHistory(HistoryTable):
    """An editor's History tab: every change of this one record, newest first."""

    def __init__(
        self, context: DataContext, record_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("record_history")
        self.record_id = record_id
        self.view.setColumnHidden(2, True)  # always this record
        self.model.multiline = True
        self.view.setWordWrap(True)
        # One record's history is short: rows may follow their wrapped text.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.refresh()

    def refresh(self) -> None:
        rows: list[history.HistoryRow] = []

        def count(session: Any) -> int:
            rows[:] = history.record_history(session, self.record_id)
            return len(rows)

        self.model.load(count, lambda _s, offset, limit: rows[offset : offset + limit])
        self.summary.setText(
            f"{self.model.total} change(s) recorded" if self.model.total else "No changes yet."
        )


class ChangesView(HistoryTable):
    """The event's Changes tab: all its changes, filterable by officer, kind and date."""

    def __init__(
        self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("event_changes")
        self.event_id = event_id
        self.officer = QComboBox(self)
        self.officer.setObjectName("changes_officer")
        self.kind = QComboBox(self)
        self.kind.setObjectName("changes_kind")
        self.kind.addItem(ALL, None)
        for kind, label in KIND_CHOICES:
            self.kind.addItem(label, kind)
        self.use_since = QCheckBox("Since", self)
        self.since = QDateEdit(QDate.currentDate().addDays(-7), self)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setEnabled(False)
        self.use_since.toggled.connect(self.since.setEnabled)
        filters = QHBoxLayout()
        for label, widget in (("Officer:", self.officer), ("Records:", self.kind)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.use_since)
        filters.addWidget(self.since)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        for signal in (
            self.officer.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.use_since.toggled,
            self.since.dateChanged,
        ):
            signal.connect(lambda *_: self.refresh())
        self._fill_officers()
        context.watch(self, None, lambda _changes: self._stale())
        self.refresh()

    def _fill_officers(self) -> None:
        current = self.officer.currentData()
        self.officer.blockSignals(True)
        self.officer.clear()
        self.officer.addItem(ALL, None)
        with self.context.db.session() as session:
            for actor in history.event_actors(session, self.event_id):
                self.officer.addItem(actor, actor)
        index = self.officer.findData(current)
        self.officer.setCurrentIndex(max(index, 0))
        self.officer.blockSignals(False)

    def current_filter(self) -> history.ChangeFilter:
        since = None
        if self.use_since.isChecked():
            day = self.since.date()
            since = datetime(day.year(), day.month(), day.day(), tzinfo=UTC)
        return history.ChangeFilter(
            since=since, actor=self.officer.currentData(), kind=self.kind.currentData()
        )

    def refresh(self) -> None:
        where = self.current_filter()
        self.model.load(
            lambda s: history.count_event_changes(s, self.event_id, where),
            lambda s, offset, limit: history.event_changes(
                s, self.event_id, where, offset=offset, limit=limit, newest_first=True
            ),
        )
        self.summary.setText(f"{self.model.total} change(s), newest first")

    def _stale(self) -> None:
        if self.isVisible():
            self._fill_officers()
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        if getattr(self, "_dirty", False):
            self._dirty = False
            self._fill_officers()
            self.refresh()
        super().showEvent(event)
