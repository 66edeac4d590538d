"""The import assistant while another import holds the lock: it says so, waits, and
can be cancelled while it waits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton

from app.db.locks import acquire_import_lock
from tests.ui.test_io_import import people_count, to_check_page, write_csv
from ui.io.wizard import PAGE_CHECK, PAGE_DONE, ImportWizard

SEMINAR_ROWS = [
    ["Delegation", "Given name", "Surname", "E-mail"],
    ["France", "Jean", "Dupont", "jd@example.fr"],
]


def _ready_to_import(qtbot, context, tmp_path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    from tests.ui.test_io_import import SEMINAR

    wizard = ImportWizard(context, SEMINAR)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.source.set_path(write_csv(tmp_path / "list.csv", SEMINAR_ROWS))
    wizard.next()
    to_check_page(wizard, qtbot)
    return wizard


def _waiting(wizard: ImportWizard) -> bool:
    task = wizard.check.task
    return task is not None and "waiting for another import" in task.dialog.labelText().lower()


def test_the_assistant_says_it_waits_for_another_import(qtbot, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = _ready_to_import(qtbot, context, tmp_path)
    other_import = context.db.session()
    other_import.begin()
    acquire_import_lock(other_import)
    try:
        wizard.next()
        qtbot.waitUntil(lambda: _waiting(wizard), timeout=20000)
    finally:
        other_import.rollback()
        other_import.close()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20000)
    assert context.db.undo.depth == 1


def test_cancel_while_waiting_changes_nothing(qtbot, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = _ready_to_import(qtbot, context, tmp_path)
    before = people_count(context.db)
    other_import = context.db.session()
    other_import.begin()
    acquire_import_lock(other_import)
    try:
        wizard.next()
        qtbot.waitUntil(lambda: _waiting(wizard), timeout=20000)
        task = wizard.check.task
        assert task is not None
        task.dialog.findChild(QPushButton).click()
        qtbot.waitUntil(lambda: wizard.check.task is None, timeout=20000)
    finally:
        other_import.rollback()
        other_import.close()
    assert "cancelled" in wizard.check.problem.text()
    assert wizard.currentId() == PAGE_CHECK
    assert people_count(context.db) == before
