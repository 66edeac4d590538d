"""File › Export…: the event's participant list, programme calendar and contacts."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.io.common import EventCombo, current_event_id
from ui.io.progress import ProgressTask, engine_state, error_text, was_cancelled

if TYPE_CHECKING:
    from app.db import Database
    from ui.main_window import MainWindow

PARTICIPANTS, CALENDAR, CONTACTS = "participants", "calendar", "contacts"
TITLES = {
    PARTICIPANTS: "Export the participant list",
    CALENDAR: "Export the programme as a calendar",
    CONTACTS: "Export contacts",
}
FORMATS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # (label, suffix, file dialog filter)
    PARTICIPANTS: (
        ("Excel workbook (.xlsx)", ".xlsx", "Excel workbook (*.xlsx)"),
        ("CSV, UTF-8 (.csv)", ".csv", "CSV file (*.csv)"),
    ),
    CALENDAR: (("iCalendar (.ics)", ".ics", "iCalendar file (*.ics)"),),
    CONTACTS: (("vCard 4.0 (.vcf)", ".vcf", "vCard file (*.vcf)"),),
}
LIAISON_OFFICERS = "liaison"


def _safe_name(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in " -_" else " " for c in text)
    return "-".join(kept.split())[:60] or "export"


def _write_atomically(path: Path, data: bytes) -> None:
    from app.io.private import write_private_bytes

    write_private_bytes(path, data)


def _delegations(db: Database, event_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    from app.listing import choices

    return list(choices.delegations_in_notified_order(db, event_id))


def _people_in_programme(db: Database, event_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Chairs and speakers of the event's programme: whose own agenda can be exported."""
    from app.listing import choices

    return list(choices.programme_people(db, event_id))


class ExportDialog(QDialog):
    def __init__(
        self, window: MainWindow, kind: str, event_id: uuid.UUID | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        assert window.context is not None
        self.window_ = window
        self.db = window.context.db
        self.kind = kind
        self.setObjectName(f"export_{kind}")
        self.setWindowTitle(TITLES[kind])
        self.event_combo = EventCombo(self.db, event_id, self)
        self.event_combo.currentIndexChanged.connect(self._event_changed)
        self.format = QComboBox(self)
        self.format.setObjectName("export_format")
        for label, suffix, _filter in FORMATS[kind]:
            self.format.addItem(label, suffix)
        self.format.currentIndexChanged.connect(self._format_changed)
        self.scope = QComboBox(self)
        self.scope.setObjectName("export_scope")
        self.path = QLineEdit(self)
        self.path.setObjectName("export_path")
        self.path.textChanged.connect(self._update)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Event:", self.event_combo)
        if kind == PARTICIPANTS:
            form.addRow("&Format:", self.format)
        else:
            self.format.hide()
        if kind == CALENDAR:
            form.addRow("&Whose:", self.scope)
        elif kind == CONTACTS:
            form.addRow("&Who:", self.scope)
        else:
            self.scope.hide()
        form.addRow("&Save as:", file_row)
        note = QLabel(self)
        note.setWordWrap(True)
        note.setText(
            {
                PARTICIPANTS: "Same columns as the import, so the file can be edited and "
                "imported back. Cells that a spreadsheet would run as formulas are neutralised.",
                CALENDAR: "One entry per programme item, in the event's time zone; opens in "
                "phone and desktop calendars.",
                CONTACTS: "One card per person with position, organisation, e-mail, phone "
                "and photo.",
            }[kind]
        )
        note.setObjectName("export_note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.addButton("E&xport", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("export_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(640, 240)
        self._event_changed()

    # ----- choices
    @property
    def suffix(self) -> str:
        return str(self.format.currentData())

    def _event_changed(self) -> None:
        event_id = self.event_combo.event_id
        self.scope.clear()
        if event_id is not None and self.kind == CALENDAR:
            self.scope.addItem("The whole programme", "")
            for person_id, name in _people_in_programme(self.db, event_id):
                self.scope.addItem(f"Only {name}'s items", str(person_id))
        elif event_id is not None and self.kind == CONTACTS:
            self.scope.addItem("The event's liaison officers", LIAISON_OFFICERS)
            for delegation_id, name in _delegations(self.db, event_id):
                self.scope.addItem(f"Delegation: {name}", str(delegation_id))
        self._suggest_path()

    def _format_changed(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(self.suffix)))
        self._update()

    def _suggest_path(self) -> None:
        if self.path.text().strip() or self.event_combo.event_id is None:
            self._update()
            return
        base = _safe_name(self.event_combo.currentText())
        folder = Path.home()
        name = {PARTICIPANTS: "participants", CALENDAR: "programme", CONTACTS: "contacts"}
        self.path.setText(str(folder / f"{base}-{name[self.kind]}{self.suffix}"))

    def browse(self) -> None:
        filters = ";;".join(f for _l, s, f in FORMATS[self.kind] if s == self.suffix)
        chosen, _ = QFileDialog.getSaveFileName(self, TITLES[self.kind], self.path.text(), filters)
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() != self.suffix:
                path = path.with_name(path.name + self.suffix)
            self.path.setText(str(path))

    def _update(self) -> None:
        self.export_button.setEnabled(
            self.event_combo.event_id is not None and bool(self.path.text().strip())
        )

    # ----- the export
    def accept(self) -> None:
        self.start()
        super().accept()

    def start(self) -> ProgressTask:
        event_id = self.event_combo.event_id
        assert event_id is not None
        path = Path(self.path.text().strip())
        kind, db, window = self.kind, self.db, self.window_
        scope = str(self.scope.currentData() or "")
        warnings: list[str] = []  # filled by the worker, read after it has finished

        def work(state: Any) -> str:
            with db.session() as session:
                if kind == PARTICIPANTS:
                    from app.io.participants_export import export_participants

                    count = export_participants(
                        session, event_id, path, engine_state(state, "Exporting…")
                    )
                    return f"Wrote {count} participants to {path}"
                if kind == CALENDAR:
                    from app.io.ical import programme_calendar

                    person = uuid.UUID(scope) if scope else None
                    calendar = programme_calendar(session, event_id, person)
                    state.check()
                    _write_atomically(path, calendar.data)
                    entries = calendar.timed + calendar.all_day
                    noun = "entry" if entries == 1 else "entries"
                    message = f"Wrote {entries} calendar {noun} to {path}"
                    if calendar.skipped:
                        message += f"; {len(calendar.skipped)} left out (no day or time)"
                        warnings.append(
                            "These programme items have neither a time nor a day a calendar "
                            "can place, so they are not in the file:\n\n"
                            + "\n".join(f"• {title}" for title in calendar.skipped)
                        )
                    return message
                from app.io import vcard

                if scope == LIAISON_OFFICERS:
                    text = vcard.liaison_officer_contacts(session, event_id)
                else:
                    text = vcard.delegation_contacts(session, uuid.UUID(scope))
                state.check()
                _write_atomically(path, text.encode("utf-8"))
                cards = text.count("BEGIN:VCARD")
                return f"Wrote {cards} contact{'s' if cards != 1 else ''} to {path}"

        def done(message: Any, error: BaseException | None) -> None:
            if error is not None:
                if not was_cancelled(error):
                    QMessageBox.critical(window, "Nothing exported", error_text(error))
                return
            window.statusBar().showMessage(str(message), 12000)
            for warning in warnings:
                QMessageBox.information(window, TITLES[kind], warning)

        task = ProgressTask(window, TITLES[kind] + "…", work)
        task.finished.connect(done)
        self.task = task
        return task.start()


def open_export(window: MainWindow, kind: str) -> ExportDialog | None:
    if window.context is None:
        return None
    dialog = ExportDialog(window, kind, current_event_id(window), window)
    dialog.open()
    return dialog
