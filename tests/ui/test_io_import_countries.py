"""The import assistant's answers to rows in error: a country picked once for every row
that writes it (and remembered for the office), or the valid rows imported alone."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from app.io.participants import preview_import
from app.io.tabular import read_table
from app.services.countries import remembered_countries
from tests.ui.test_io_import import SEMINAR, people_count, person, to_check_page, write_csv
from ui.io.wizard import PAGE_DONE, ImportWizard

SHOTS = os.environ.get("PROTOCOL_DESK_SHOTS")  # a folder: save what the tests look at


@pytest.fixture
def wizard(qtbot, context):  # type: ignore[no-untyped-def]
    dialog = ImportWizard(context, SEMINAR)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_an_unknown_country_is_chosen_once_for_all_its_rows(
    wizard, context, qtbot, tmp_path: Path
) -> None:
    rows = [
        ["Delegation", "Given name", "Surname", "Country"],
        ["Kazahkstan", "Erlan", "Abenov", "Kazahkstan"],
        ["Kazahkstan", "Aigul", "Beisova", "Kazahkstan"],
        ["Côte d’Ivoire", "Awa", "Kouassi", "Côte d’Ivoire"],
    ]
    path = write_csv(tmp_path / "kz.csv", rows)
    wizard.source.set_path(path)
    wizard.next()
    preview = to_check_page(wizard, qtbot)
    assert preview.counts()["error"] == 2
    panel = wizard.check.country_choice
    assert panel.isVisible()
    assert list(panel.combos) == ["Kazahkstan"]
    combo = panel.combos["Kazahkstan"]
    assert combo.currentData() == "KAZ"
    assert combo.currentText() == "Kazakhstan (did you mean?)"
    assert "(2 rows)" in panel.grid.itemAtPosition(0, 0).widget().text()
    shot(wizard, "import-country-choice")

    panel.buttons["Kazahkstan"].click()
    qtbot.waitUntil(lambda: wizard.check.task is None, timeout=20000)
    assert wizard.check.preview is not None
    assert wizard.check.preview.counts()["error"] == 0
    assert not panel.isVisible()
    assert wizard.check.isComplete()
    # Kept for the office: any later check, the command line's included, reads it so.
    with context.db.session() as session:
        assert set(remembered_countries(session).values()) == {"KAZ"}
        again = preview_import(session, SEMINAR, read_table(path))
    assert again.counts()["error"] == 0


BAD_ROWS = [
    ["Delegation", "Given name", "Surname", "Arrival"],
    ["France", "Jean", "Dupont", "2017-08-20 14:00"],
    ["Atlantis", "Nemo", "Captain", ""],
    ["France", "Amélie", "Durand", ""],
]


def test_the_valid_rows_only_then_undo(wizard, context, qtbot, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", BAD_ROWS)
    before = people_count(context.db)
    wizard.source.set_path(path)
    wizard.next()
    to_check_page(wizard, qtbot)
    check = wizard.check
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert check.skip_invalid.isVisible()
    assert "Import the 2 valid rows only" in check.skip_invalid.text()
    assert "bad.rejected.csv" in check.skip_invalid.text()
    assert not commit.isEnabled()
    check.skip_invalid.setChecked(True)
    assert commit.isEnabled()
    shot(wizard, "import-valid-rows-only")

    wizard.next()  # Import
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20000)
    rejected = tmp_path / "bad.rejected.csv"
    assert "bad.rejected.csv" in wizard.finished_page.text.text()
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    with rejected.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*BAD_ROWS[0], "error"]
    assert written[1][:4] == BAD_ROWS[2]
    assert "unknown delegation 'Atlantis'" in written[1][4]
    assert people_count(context.db) == before + 2
    shot(wizard, "import-valid-rows-done")

    context.undo()  # one operation: both people go
    assert people_count(context.db) == before
    assert person(context.db, "Dupont") is None


def test_without_errors_the_choice_is_not_offered(wizard, qtbot, tmp_path: Path) -> None:
    wizard.source.set_path(write_csv(tmp_path / "ok.csv", [BAD_ROWS[0], BAD_ROWS[1]]))
    wizard.next()
    to_check_page(wizard, qtbot)
    assert not wizard.check.skip_invalid.isVisible()
    assert not wizard.check.country_choice.isVisible()
