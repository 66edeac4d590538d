"""Tools > Agreements register and Tools > Gifts register: office-wide lists from the
core's registers, with what needs attention highlighted."""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.listing import choices
from app.model import Agreement
from app.model.enums import AgreementStatus, GiftDirection
from app.protocol.agreements import (
    DEFAULT_WINDOW_DAYS,
    AgreementEntry,
    agreements_register,
    lifecycle,
)
from app.protocol.gifts import (
    DeclarationPolicy,
    GiftEntry,
    gifts_csv,
    gifts_register,
    stored_thresholds,
)
from app.services import records
from ui import settings
from ui.context import DataContext
from ui.editors.dialog import ERROR_STYLE
from ui.protocol.commands import OFFICE_KINDS, StoreGiftThresholds
from ui.protocol.table_model import HIGHLIGHT, WARNING, Row, RowsModel, table_view_defaults

if TYPE_CHECKING:
    from app.journal.operations import Changes

GIFT_KINDS = frozenset({"Gift", "Person", "Organisation", "Event"})

# Where a workstation kept its thresholds before they moved to the database; read once
# to offer that value on a database that has none yet.
THRESHOLDS_KEY = "protocol/gift_thresholds"
ALL = ""


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _validity(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return f"from {start.isoformat()}" if start else ""


# ----- agreements --------------------------------------------------------------------


class AgreementsRegisterModel(RowsModel):
    # In the order of the row values below (key columns first).
    HEADERS = (
        "Title",
        "Status",
        "Valid until",
        "Note",
        "Parties (in precedence)",
        "Event",
        "Signed",
        "Documents",
    )

    def __init__(self, context: DataContext) -> None:
        super().__init__(self.HEADERS, context)
        self.context = context
        self.entries: list[AgreementEntry] = []

    def show(self, entries: list[AgreementEntry]) -> None:
        self.entries = entries
        rows = []
        for entry in entries:
            agreement = entry.agreement
            rows.append(
                Row(
                    agreement.id,
                    (
                        agreement.title,
                        agreement.status,
                        _date(agreement.valid_until),
                        entry.note,
                        "; ".join(entry.parties),
                        entry.event or "",
                        _date(agreement.signed_on),
                        str(entry.documents) if entry.documents else "",
                    ),
                    tooltip=entry.note or agreement.title,
                    background=WARNING if entry.lapsed else HIGHLIGHT if entry.expiring else None,
                )
            )
        self.set_rows(rows)


class AgreementsRegisterDialog(QDialog):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreements_register")
        self.setWindowTitle("Agreements register")
        self.resize(1100, 640)
        self.context = context
        self.today = date.today()

        self.status = QComboBox(self)
        self.status.setObjectName("register_status")
        self.status.addItem("Any status", ALL)
        for status in AgreementStatus:
            self.status.addItem(status.value, status.value)
        self.event_choice = QComboBox(self)
        self.event_choice.setObjectName("register_event")
        self.event_choice.setMinimumContentsLength(24)
        self.event_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.event_choice.addItem("Any event", ALL)
        for event in choices.events(context.db):
            self.event_choice.addItem(event.title, str(event.id))
        self.area = QLineEdit(self)
        self.area.setObjectName("register_area")
        self.area.setPlaceholderText("Area of cooperation…")
        self.area.setClearButtonEnabled(True)
        self.window_days = QSpinBox(self)
        self.window_days.setObjectName("register_window")
        self.window_days.setRange(1, 3650)
        self.window_days.setValue(DEFAULT_WINDOW_DAYS)
        self.window_days.setSuffix(" days")
        self.expiring_only = QCheckBox("&Only those expiring within", self)
        self.expiring_only.setObjectName("register_expiring_only")
        filters = QHBoxLayout()
        for widget in (
            self.status,
            self.event_choice,
            self.area,
            self.expiring_only,
            self.window_days,
        ):
            filters.addWidget(widget, 1 if widget in (self.event_choice, self.area) else 0)

        self.model = AgreementsRegisterModel(context)
        self.view = QTableView(self)
        self.view.setObjectName("agreements_register_table")
        self.view.setModel(self.model)
        table_view_defaults(self.view)
        self.details = QTextBrowser(self)
        self.details.setObjectName("agreement_lifecycle")
        self.summary = QLabel(self)
        self.summary.setObjectName("agreements_register_summary")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        for combo in (self.status, self.event_choice):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.area.textChanged.connect(lambda _t: self.reload())
        self.expiring_only.toggled.connect(lambda _on: self.reload())
        self.window_days.valueChanged.connect(lambda _v: self.reload())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        context.watch(
            self,
            {"Agreement", "AgreementParty", "AgreementStatusChange", "AgreementDocument", "Event"},
            lambda _changes: self.reload(),
        )
        self.reload()

    def reload(self) -> None:
        status = self.status.currentData()
        event = self.event_choice.currentData()
        with self.context.db.session() as session:
            entries = agreements_register(
                session,
                today=self.today,
                window_days=self.window_days.value(),
                status=AgreementStatus(status) if status else None,
                event_id=uuid.UUID(event) if event else None,
                area=self.area.text().strip() or None,
            )
            if self.expiring_only.isChecked():
                entries = [e for e in entries if e.expiring]
            self.model.show(entries)
        expiring = sum(e.expiring for e in entries)
        lapsed = sum(e.lapsed for e in entries)
        self.summary.setText(
            f"{len(entries)} agreement(s); {expiring} expiring within "
            f"{self.window_days.value()} days (amber); {lapsed} past their end date but "
            "still recorded as running (red)."
        )
        self.view.resizeColumnsToContents()
        for column, widest in ((0, 300), (3, 300), (4, 260), (5, 220)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column) + 8, widest))
        self._show_selected()

    def _show_selected(self) -> None:
        index = self.view.currentIndex()
        key = self.model.key(index.row()) if index.isValid() else None
        if not isinstance(key, uuid.UUID):
            self.details.setHtml(
                "<p style='color:#555'>Select an agreement to see its lifecycle.</p>"
            )
            return
        with self.context.db.session() as session:
            agreement = records.get(session, Agreement, key)
            steps = lifecycle(session, key)
            facts = [
                ("Kind", agreement.kind),
                ("Languages", ", ".join(agreement.languages or [])),
                ("Originals", str(agreement.originals_count or "")),
                ("Signed", f"{_date(agreement.signed_on)} {agreement.signed_place or ''}".strip()),
                ("Valid", _validity(agreement.valid_from, agreement.valid_until)),
                ("Areas", ", ".join(agreement.areas or [])),
            ]
            title = agreement.title
        table = "".join(
            f"<tr><td style='padding-right:10px;color:#555'>{k}</td><td>{html.escape(v)}</td></tr>"
            for k, v in facts
            if v
        )
        history = (
            "<ol>" + "".join(f"<li>{html.escape(s)}</li>" for s in steps) + "</ol>"
            if steps
            else "<p style='color:#555'>No status changes recorded.</p>"
        )
        self.details.setHtml(
            f"<b>{html.escape(title)}</b><table>{table}</table><p><b>Lifecycle</b></p>{history}"
        )


# ----- gifts -------------------------------------------------------------------------


class GiftsRegisterModel(RowsModel):
    HEADERS = (
        "Date",
        "Direction",
        "Description",
        "Value",
        "Currency",
        "Declare",
        "Note",
        "Given by",
        "Received by",
        "Disposition",
    )

    def __init__(self, context: DataContext) -> None:
        super().__init__(self.HEADERS, context)
        self.right_aligned = {3}
        self.entries: list[GiftEntry] = []

    def show(self, entries: list[GiftEntry]) -> None:
        self.entries = entries
        self.set_rows(
            [
                Row(
                    entry.gift_id,
                    (
                        _date(entry.on),
                        entry.direction,
                        entry.description,
                        f"{entry.value:,.2f}" if entry.value is not None else "",
                        entry.currency or "",
                        "yes" if entry.declare else "",
                        entry.note,
                        entry.giver,
                        entry.recipient,
                        entry.disposition,
                    ),
                    tooltip=entry.note or entry.description,
                    background=HIGHLIGHT if entry.declare else None,
                )
                for entry in entries
            ]
        )


def _gift_years(context: DataContext) -> list[int]:
    return choices.gift_years(context.db)


class GiftsRegisterDialog(QDialog):
    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gifts_register")
        self.setWindowTitle("Gifts register")
        self.resize(1100, 600)
        self.context = context
        self.policy = DeclarationPolicy()

        years = _gift_years(context)
        self.year = QSpinBox(self)
        self.year.setObjectName("gifts_year")
        self.year.setRange(1900, 2200)
        self.year.setValue(years[-1] if years else date.today().year)
        self.thresholds = QLineEdit(self)
        self.thresholds.setObjectName("gifts_thresholds")
        self.thresholds.setMinimumWidth(320)
        self.thresholds.setPlaceholderText("e.g. EUR=150, USD=200, KZT=75000")
        self.thresholds.setToolTip(
            "Declare a gift worth more than this, per currency; values in a currency "
            "without a threshold are listed with a note, never converted."
        )
        with context.db.session() as session:
            self._stored = stored_thresholds(session)
        if self._stored is None:
            self.thresholds.setText(str(settings.settings().value(THRESHOLDS_KEY, "") or ""))
        else:
            self.thresholds.setText(_thresholds_text(self._stored))
        self.include_given = QCheckBox("Declare gifts &given too", self)
        self.include_given.setObjectName("gifts_include_given")
        self.error = QLabel(self)
        self.error.setObjectName("gifts_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        year_label = QLabel("&Year:", self)
        year_label.setBuddy(self.year)
        threshold_label = QLabel("Declare &above:", self)
        threshold_label.setBuddy(self.thresholds)
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(threshold_label)
        top.addWidget(self.thresholds)
        top.addWidget(self.include_given)
        top.addStretch(1)

        self.model = GiftsRegisterModel(context)
        self.view = QTableView(self)
        self.view.setObjectName("gifts_register_table")
        self.view.setModel(self.model)
        table_view_defaults(self.view)
        self.summary = QLabel(self)
        self.summary.setObjectName("gifts_summary")
        self.export_button = QPushButton("&Export CSV…", self)
        self.export_button.setObjectName("gifts_export")
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.year.valueChanged.connect(lambda _v: self.reload())
        self.thresholds.editingFinished.connect(self.apply_thresholds)
        self.include_given.toggled.connect(lambda _on: self.apply_thresholds())
        context.watch(self, OFFICE_KINDS | GIFT_KINDS, self._on_changed)
        self.apply_thresholds()

    def _on_changed(self, kinds: Changes) -> None:
        if kinds & OFFICE_KINDS:  # stored elsewhere, or an undo: show what is stored now
            with self.context.db.session() as session:
                self._stored = stored_thresholds(session)
            self.thresholds.setText(_thresholds_text(self._stored or {}))
            self.apply_thresholds()
        else:
            self.reload()

    def apply_thresholds(self) -> bool:
        """Read the thresholds typed by the user; a mistake is shown and nothing changes.
        New thresholds are stored for the whole office, as an undoable edit."""
        try:
            parsed = DeclarationPolicy.parse(self.thresholds.text())
        except DomainError as error:
            self.error.setText(error.reason[:1].upper() + error.reason[1:] + ".")
            self.error.show()
            return False
        self.error.hide()
        directions = {GiftDirection.RECEIVED}
        if self.include_given.isChecked():
            directions.add(GiftDirection.GIVEN)
        self.policy = DeclarationPolicy(parsed.thresholds, frozenset(directions))
        if dict(parsed.thresholds) != (self._stored or {}):
            before, self._stored = self._stored, dict(parsed.thresholds)
            self.context.submit(StoreGiftThresholds(self.context, before, self._stored))
        self.reload()
        return True

    def thresholds_text(self) -> str:
        return _thresholds_text(self.policy.thresholds)

    def set_thresholds(self, thresholds: dict[str, Decimal]) -> None:
        self.thresholds.setText(_thresholds_text(thresholds))
        self.apply_thresholds()

    def reload(self) -> None:
        with self.context.db.session() as session:
            entries = gifts_register(session, self.year.value(), self.policy)
        self.model.show(entries)
        flagged = sum(e.declare for e in entries)
        if not self.policy.thresholds:
            hint = "Enter the declaration thresholds to flag gifts."
        else:
            hint = f"{flagged} to declare (highlighted)."
        self.summary.setText(f"{len(entries)} gift(s) in {self.year.value()}. {hint}")
        self.view.resizeColumnsToContents()
        for column, widest in ((2, 280), (6, 260), (7, 220), (8, 220)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column) + 8, widest))
        self.export_button.setEnabled(bool(entries))

    def csv_text(self) -> str:
        return gifts_csv(self.model.entries)

    def export(self, path: str | None = None) -> Path | None:
        """Write the register as shown to ``path`` (asked for when not given)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Export gifts register",
                str(Path.home() / f"gifts-register-{self.year.value()}.csv"),
                "CSV (*.csv)",
            )
            if not path:
                return None
        target = Path(path)
        try:
            from app.io.private import write_private_bytes

            write_private_bytes(target, self.csv_text().encode("utf-8"))
        except OSError as error:
            QMessageBox.warning(self, "Not exported", f"Cannot write {target}: {error.strerror}")
            return None
        return target


def _thresholds_text(thresholds: Mapping[str, Decimal]) -> str:
    return ", ".join(f"{code}={amount}" for code, amount in thresholds.items())
