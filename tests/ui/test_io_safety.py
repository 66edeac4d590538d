"""File › Restore lists the automatic backups and restores one; Tools › Check Database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select, update

from app.backups import automatic_backup, list_backups
from app.model import Base, Person
from app.services import records
from tests.ui.test_protocol_duplicates import BAIMENOV, _dialog
from ui.io.backup import AutomaticBackupsDialog
from ui.io.check import CheckReportDialog

SHOTS = os.environ.get("PROTOCOL_DESK_SHOTS")


def action(window, name: str) -> QAction:  # type: ignore[no-untyped-def]
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def people(window) -> int:  # type: ignore[no-untyped-def]
    with window.context.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Person)))


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_restore_lists_automatic_backups_and_restores_one(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = window.context.db
    before = people(window)
    automatic_backup(db, "before-merge")
    with db.engine.begin() as connection:  # the mistake the backup will undo
        connection.execute(update(Base.metadata.tables["person"]).values(family_name="Wrong"))
    action(window, "restore_backup").trigger()
    chooser = window.findChild(AutomaticBackupsDialog)
    assert chooser is not None
    assert chooser.table.rowCount() == 1
    assert chooser.table.item(0, 1).text() == "before merging duplicates"
    assert chooser.table.item(0, 2).text().endswith("KB")
    assert not chooser.restore_button.isEnabled()
    chooser.table.selectRow(0)
    _shot(chooser, "restore-automatic-backups")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    chooser.restore_button.click()
    qtbot.waitUntil(
        lambda: "Restored the backup" in window.statusBar().currentMessage(), timeout=30000
    )
    qtbot.waitUntil(lambda: window.context is not None and window.task is None, timeout=30000)
    assert people(window) == before
    with window.context.db.session() as session:
        assert "Wrong" not in {p.family_name for p in session.scalars(select(Person))}
    reasons = [b.reason for b in list_backups(window.context.db.url)]
    assert reasons[0] == "before-restore"  # what was replaced is kept, newest first


def test_check_database_reports_in_plain_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    action(window, "check_database").trigger()
    qtbot.waitUntil(lambda: window.findChild(CheckReportDialog) is not None, timeout=30000)
    dialog = window.findChild(CheckReportDialog)
    assert "No problems found." in dialog.verdict.text()
    assert dialog.results.count() == 7
    _shot(dialog, "check-database-ok")
    dialog.close()
    dialog.deleteLater()
    with window.context.db.engine.begin() as connection:
        connection.execute(update(Base.metadata.tables["person"]).values(search_key="zzz"))
    action(window, "check_database").trigger()
    qtbot.waitUntil(
        lambda: any(
            "problem(s) found" in d.verdict.text() for d in window.findChildren(CheckReportDialog)
        ),
        timeout=30000,
    )
    dialog = next(
        d for d in window.findChildren(CheckReportDialog) if "problem" in d.verdict.text()
    )
    assert "search key out of date" in dialog.results.item(0).text()
    _shot(dialog, "check-database-problem")


@pytest.fixture
def twin(sample_db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """Baimenov entered a second time, as Baymenov."""
    with sample_db.transaction() as session:
        return records.create(session, Person, given_names="Alikhan", family_name="Baymenov").id


def test_a_merge_takes_an_automatic_backup_first(
    window, sample_db, twin, qtbot, answer_yes
) -> None:  # type: ignore[no-untyped-def]
    from app.io.backup import verify_backup

    baymenov = twin

    dialog = _dialog(window, qtbot)
    assert dialog.select_pair(BAIMENOV, baymenov)
    assert list_backups(sample_db.url) == []
    assert dialog.merge()
    [backup] = list_backups(sample_db.url)
    assert backup.reason == "before-merge"
    # Taken before the merge soft-deleted the twin: the archive holds him live.
    assert verify_backup(backup.path)["tables"]["person"]["deleted_rows"] == 0


def test_the_import_assistant_takes_an_automatic_backup_first(
    qtbot, context, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.io.backup import verify_backup
    from tests.ui.test_io_import import SEMINAR, people_count, to_check_page, write_csv
    from ui.io.wizard import PAGE_DONE, ImportWizard

    wizard = ImportWizard(context, SEMINAR)
    qtbot.addWidget(wizard)
    wizard.show()
    before = people_count(context.db)
    path = write_csv(
        tmp_path / "l.csv",
        [["Delegation", "Role", "Given name", "Surname"], ["France", "head", "Jean", "Dupont"]],
    )
    wizard.source.set_path(path)
    wizard.next()
    to_check_page(wizard, qtbot)
    assert list_backups(context.db.url) == []
    wizard.next()  # Import
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20000)
    assert people_count(context.db) == before + 1
    [backup] = list_backups(context.db.url)
    assert backup.reason == "before-import"
    assert verify_backup(backup.path)["tables"]["person"]["rows"] == before
