"""File › Back up… and Restore… through the window, over real archives and SQLite files."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import create_engine

from app.io.backup import table_rows
from app.model import Base
from ui.io.backup import AutomaticBackupsDialog, RestoreDialog, back_up, restore


def snapshot(url: str) -> dict[str, list[dict[str, object]]]:
    """Every row of every table (soft-deleted ones too), as the backup format encodes it."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {t.name: list(table_rows(connection, t)) for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()


def action(window, name: str) -> QAction:  # type: ignore[no-untyped-def]
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_back_up_then_restore_gives_an_equal_database(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "office.zip"
    target = tmp_path / "restored.sqlite3"
    original = snapshot(window.context.db.url)
    assert sum(len(rows) for rows in original.values()) > 50  # the sample seminar is there

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(archive), ""))
    action(window, "back_up").trigger()
    qtbot.waitUntil(lambda: "Backed up" in window.statusBar().currentMessage(), timeout=20000)
    assert archive.is_file()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(archive), ""))
    action(window, "restore_backup").trigger()
    chooser = window.findChild(AutomaticBackupsDialog)
    assert chooser is not None  # the automatic backups first; a file of one's own from there
    chooser.file_button.click()
    qtbot.waitUntil(lambda: window.findChild(RestoreDialog) is not None, timeout=20000)
    dialog = window.findChild(RestoreDialog)
    summary = dialog.findChild(type(dialog.problem), "restore_summary").text()
    assert "every checksum matches" in summary
    assert "schema" in summary
    counts = {
        dialog.counts.item(r, 0).text(): dialog.counts.item(r, 1).text()
        for r in range(dialog.counts.rowCount())
    }
    assert counts["person"] == str(len(original["person"]))
    assert not dialog.restore_button.isEnabled()  # no target chosen yet

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    dialog.browse()
    assert dialog.restore_button.isEnabled()
    asked: list[str] = []

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.database_reference == str(target), timeout=30000)
    assert "Open that database now?" in asked[0]
    qtbot.waitUntil(lambda: window.context is not None, timeout=20000)
    assert snapshot(window.context.db.url) == original


def test_restore_refuses_an_existing_file(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "office.zip"
    task = back_up(window, archive)
    assert task is not None
    qtbot.waitUntil(lambda: archive.is_file(), timeout=20000)
    qtbot.waitUntil(lambda: not task.running, timeout=20000)
    restore(window, archive)
    qtbot.waitUntil(lambda: window.findChild(RestoreDialog) is not None, timeout=20000)
    dialog = window.findChild(RestoreDialog)
    existing = tmp_path / "taken.sqlite3"
    existing.write_bytes(b"")
    dialog.target.setText(str(existing))
    assert "exists already" in dialog.problem.text()
    assert not dialog.restore_button.isEnabled()


def _critical_messages(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    shown: list[str] = []

    def critical(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return shown


def test_a_truncated_archive_shows_the_engines_message(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "office.zip"
    back_up(window, archive)
    qtbot.waitUntil(lambda: archive.is_file(), timeout=20000)
    data = archive.read_bytes()
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(data[: len(data) // 2])
    shown = _critical_messages(monkeypatch)
    restore(window, damaged)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "damaged.zip is damaged or incomplete" in shown[0]
    assert "Traceback" not in shown[0]
    assert window.findChild(RestoreDialog) is None


def test_a_wrong_checksum_and_a_foreign_zip_are_refused(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "office.zip"
    back_up(window, archive)
    qtbot.waitUntil(lambda: archive.is_file(), timeout=20000)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "tables/person.jsonl":
                content = content.replace(b"Baimenov", b"Baymenov")
            copy.writestr(info, content)
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as other:
        other.writestr("photo.txt", "not a backup")
    shown = _critical_messages(monkeypatch)
    restore(window, tampered)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    restore(window, foreign)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    assert "tables/person.jsonl does not match its checksum" in shown[0]
    assert "is not a Protocol Desk backup" in shown[1]
