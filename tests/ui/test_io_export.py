"""File › Export… dialogs write files that the engine and other programs read back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.io.columns import EXPORT_COLUMNS
from app.io.tabular import read_table
from app.model import ProgrammeItem
from app.seed.sample import sample_uuid
from app.services import records
from ui.io.export import ExportDialog

SEMINAR = sample_uuid("seminar")


def open_dialog(window, name: str) -> ExportDialog:  # type: ignore[no-untyped-def]
    window.open_event(SEMINAR)
    action = window.findChild(QAction, name)
    assert action is not None
    action.trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    assert dialog.event_combo.event_id == SEMINAR  # the open event is the one exported
    return dialog


def run(dialog: ExportDialog, window, qtbot, path: Path) -> str:  # type: ignore[no-untyped-def]
    dialog.path.setText(str(path))
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    qtbot.waitUntil(
        lambda: path.is_file() and "Wrote" in window.statusBar().currentMessage(), timeout=20000
    )
    return str(window.statusBar().currentMessage())


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_participant_list_round_trips_through_the_reader(
    window, qtbot, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, "export_participants")
    dialog.format.setCurrentIndex(dialog.format.findData(suffix))
    assert dialog.path.text().endswith(suffix)
    message = run(dialog, window, qtbot, tmp_path / f"list{suffix}")
    assert "Wrote 2 participants" in message
    table = read_table(tmp_path / f"list{suffix}")
    assert table.headers == list(EXPORT_COLUMNS)
    families = {row.cells[EXPORT_COLUMNS.index("family_name")] for row in table.rows}
    assert families == {"Baimenov", "Ma"}


def test_programme_calendar_parses_with_icalendar(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with window.context.db.transaction() as session:
        records.create(
            session,
            ProgrammeItem,
            event_id=SEMINAR,
            title="Welcome dinner",
            kind="meal",
            starts_at=datetime(2017, 9, 1, 19, 0),
            ends_at=datetime(2017, 9, 1, 21, 0),
        )
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_a: told.append(text))
    dialog = open_dialog(window, "export_calendar")
    assert dialog.scope.itemText(0) == "The whole programme"
    path = tmp_path / "programme.ics"
    message = run(dialog, window, qtbot, path)
    calendar = Calendar.from_ical(path.read_bytes())
    entries = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in entries] == ["Welcome dinner"]
    assert entries[0].decoded("DTSTART").tzinfo is not None  # in the event's time zone
    assert "Wrote 1 calendar entry to" in message
    assert "3 left out" in message
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "• Opening ceremony" in told[0]


def test_delegation_contacts_as_vcard(window, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(window, "export_contacts")
    labels = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert labels[0] == "The event's liaison officers"
    china = next(i for i, label in enumerate(labels) if "China" in label)
    dialog.scope.setCurrentIndex(china)
    chosen = tmp_path / "china"  # the suffix is added when the user leaves it out
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    dialog.browse()
    assert dialog.path.text() == str(tmp_path / "china.vcf")
    message = run(dialog, window, qtbot, tmp_path / "china.vcf")
    text = (tmp_path / "china.vcf").read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1
    assert "N:Ma;Jiantang" in text
    assert "Wrote 1 contact " in message
