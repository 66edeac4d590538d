"""The participant import assistant driven page by page over real files and a real SQLite file."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard
from sqlalchemy import func, select

from app.model import Delegation, DelegationMember, Event, Person
from app.seed.sample import sample_uuid
from ui.io.models import ERROR_BACKGROUND, REVIEW_BACKGROUND, OutcomesModel, RawRowsModel
from ui.io.wizard import PAGE_CHECK, PAGE_COLUMNS, PAGE_DONE, ImportWizard

SEMINAR = sample_uuid("seminar")
KAZ_DELEGATION = "Kazakhstan — Regional Hub of Civil Service in Astana"


def write_csv(
    path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def people_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def seminar_title(db) -> str:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return str(session.get(Event, SEMINAR).title)


def person(db, family_name: str) -> Person | None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalars(select(Person).where(Person.family_name == family_name)).first()


@pytest.fixture
def wizard(qtbot, context):  # type: ignore[no-untyped-def]
    dialog = ImportWizard(context, SEMINAR)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def to_check_page(wizard, qtbot):  # type: ignore[no-untyped-def]
    """From the columns page to a finished dry run."""
    wizard.next()
    assert wizard.currentId() == PAGE_CHECK
    qtbot.waitUntil(lambda: wizard.check.task is None, timeout=20000)
    assert wizard.check.preview is not None
    return wizard.check.preview


CYRILLIC_ROWS = [
    ["Delegation", "Role", "Фамилия", "Имя", "Position"],
    ["Russia", "head", "Иванов", "Пётр", "Министр"],
    ["Russia", "member", "Смирнова", "Анна", "Советник"],
]


def test_windows_1251_shows_mojibake_until_the_right_encoding_is_chosen(
    wizard, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "russia.csv", CYRILLIC_ROWS, encoding="cp1251", delimiter=";")
    source = wizard.source
    source.set_path(path)
    assert "Windows-1251" in source.guess.text()
    assert "semicolon" in source.guess.text()
    assert "Иванов" in source.preview_text()
    assert source.isComplete()

    source.set_encoding("latin-1")
    latin = source.preview_text()
    assert "Иванов" not in latin
    assert "Èâàíîâ" in latin  # the bytes of Иванов read as Latin-1
    assert source.isComplete()  # valid Latin-1, just wrong: the preview and hint warn
    assert "the file looks like Windows-1251 (Cyrillic)" in source.guess.text()

    source.set_encoding("utf-8")
    assert "not valid utf-8" in source.problem.text()
    assert source.problem.isVisibleTo(wizard)
    assert "�" in source.preview_text()
    assert not source.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    source.set_encoding("cp1251")
    assert "Иванов" in source.preview_text()
    assert "Пётр" in source.preview_text()
    assert "(your choice)" in source.guess.text()
    assert "looks like" not in source.guess.text()
    assert not source.problem.isVisibleTo(wizard)


def test_separator_override_rereads_the_preview_and_the_columns(wizard, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "russia.csv", CYRILLIC_ROWS, delimiter=";")
    source = wizard.source
    source.set_path(path)
    assert source.delimiter.isVisibleTo(wizard)
    assert source.delimiter.itemText(0) == "Detect automatically (found semicolon)"
    assert "semicolon-separated (detected)" in source.guess.text()
    assert source.rows.columnCount() == len(CYRILLIC_ROWS[0])

    source.set_delimiter(",")
    assert "comma-separated (your choice)" in source.guess.text()
    assert source.rows.columnCount() == 1
    assert "Delegation;Role;Фамилия" in source.preview_text()
    assert source.isComplete()  # readable, just split wrongly: the columns page shows it
    wizard.next()
    assert wizard.currentId() == PAGE_COLUMNS
    assert wizard.columns.table.rowCount() == 1
    assert wizard.columns.table.item(0, 0).text() == ";".join(CYRILLIC_ROWS[0])
    assert not wizard.columns.isComplete()

    wizard.back()
    source.set_delimiter(None)
    assert source.rows.columnCount() == len(CYRILLIC_ROWS[0])
    wizard.next()
    assert wizard.columns.table.rowCount() == len(CYRILLIC_ROWS[0])
    assert wizard.columns.isComplete()

    # A new file starts from detection again, not from the last file's separator.
    wizard.back()
    source.set_delimiter("\t")
    assert source.rows.columnCount() == 1
    source.set_path(write_csv(tmp_path / "other.csv", CYRILLIC_ROWS, delimiter=";"))
    assert source.delimiter.currentIndex() == 0
    assert source.rows.columnCount() == len(CYRILLIC_ROWS[0])


def test_xlsx_sheet_chooser_reads_the_chosen_sheet(wizard, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Notes"
    first.append(["Remarks"])
    first.append(["list follows on the next sheet"])
    second = workbook.create_sheet("Participants")
    second.append(["Family name", "Given name", "Country"])
    second.append(["Ма", "Цзяньтан", "China"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)

    source = wizard.source
    source.set_path(path)
    assert [source.sheet.itemText(i) for i in range(source.sheet.count())] == [
        "Notes",
        "Participants",
    ]
    assert source.sheet.isVisibleTo(wizard)
    assert not source.encoding.isVisibleTo(wizard)
    assert not source.delimiter.isVisibleTo(wizard)
    assert "list follows" in source.preview_text()
    source.set_sheet("Participants")
    assert "Цзяньтан" in source.preview_text()
    assert "“Participants”" in source.guess.text()
    assert wizard.table is not None
    assert wizard.table.guess.sheet == "Participants"


def test_unreadable_file_gets_a_plain_message_and_no_next(wizard, tmp_path: Path) -> None:
    junk = tmp_path / "list.csv"
    junk.write_bytes(b"%PDF-1.7\n\x00\x01\x02 binary")
    wizard.source.set_path(junk)
    text = wizard.source.problem.text()
    assert "PDF" in text
    assert "Traceback" not in text
    assert not wizard.source.isComplete()


def test_import_with_an_adjusted_column_then_undo_and_redo(
    wizard, context, qtbot, tmp_path: Path
) -> None:
    db = context.db
    rows = [
        ["Delegation", "Role", "Given name", "Surname", "Position", "Cell", "E-mail"],
        [KAZ_DELEGATION, "head", "Alikhan", "Baimenov", "Chairman", "", ""],
        ["France", "head", "Jean", "Dupont", "Ambassador", "+33 1 40 00 00 00", "jd@example.fr"],
        ["France", "adviser", "Amélie", "Durand", "Counsellor", "+33 6 00 00 00 00", ""],
    ]
    path = write_csv(tmp_path / "france.csv", rows)
    before_people = people_count(db)
    old_position = person(db, "Baimenov").position  # type: ignore[union-attr]

    wizard.source.set_path(path)
    wizard.next()
    assert wizard.currentId() == PAGE_COLUMNS
    columns = wizard.columns
    assert columns.mapping() == {
        0: "delegation",
        1: "role",
        2: "given_name",
        3: "family_name",
        4: "position",
        6: "email",
    }
    assert columns.combos[5].currentText() == "Do not import"
    columns.set_field(5, "phone")
    assert columns.mapping()[5] == "phone"

    preview = to_check_page(wizard, qtbot)
    counts = preview.counts()
    assert counts == {"created": 2, "updated": 1, "unchanged": 0, "error": 0}
    model = wizard.check.outcomes
    shown = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 3).data())
        for r in range(model.rowCount())
    }
    assert shown["2"] == ("Updated", "changes position")
    assert shown["3"][0] == "Created"
    assert "France" in wizard.check.extra.text()
    assert "2</b> to create" in wizard.check.summary.text()
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.text().replace("&", "") == "Import"
    assert commit.isEnabled()

    wizard.next()  # Import
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20000)
    assert "Undo" in wizard.finished_page.text.text()
    assert people_count(db) == before_people + 2
    dupont = person(db, "Dupont")
    assert dupont is not None
    assert dupont.phone == "+33 1 40 00 00 00"
    assert person(db, "Baimenov").position == "Chairman"  # type: ignore[union-attr]
    with db.session() as session:
        france = session.scalars(
            select(Delegation).where(
                Delegation.event_id == SEMINAR, Delegation.head_person_id == dupont.id
            )
        ).one()
        assert len(france.members) == 2

    assert context.db.undo.undo_label == "Import 3 participants into " + seminar_title(db)
    context.undo()
    assert people_count(db) == before_people
    assert person(db, "Dupont") is None
    assert person(db, "Baimenov").position == old_position  # type: ignore[union-attr]
    with db.session() as session:
        assert (
            session.scalar(select(Delegation).where(Delegation.head_person_id == dupont.id)) is None
        )

    context.redo()
    assert people_count(db) == before_people + 2
    assert person(db, "Dupont") is not None
    assert person(db, "Baimenov").position == "Chairman"  # type: ignore[union-attr]
    with db.session() as session:
        france = session.scalars(
            select(Delegation).where(Delegation.head_person_id == dupont.id)
        ).one()
        roles = sorted(m.role for m in france.members)
        assert roles == ["adviser", "head"]


def test_column_matching_is_remembered_for_the_same_headers(qtbot, context, tmp_path: Path) -> None:
    rows = [["Surname", "Given name", "Cell"], ["Dupont", "Jean", "+33 1"]]
    first_file = write_csv(tmp_path / "a.csv", rows)
    second_file = write_csv(tmp_path / "b.csv", [*rows, ["Durand", "Amélie", "+33 2"]])

    first = ImportWizard(context, SEMINAR)
    qtbot.addWidget(first)
    first.show()
    first.source.set_path(first_file)
    first.next()
    assert "automatically" in first.columns.info.text()
    first.columns.set_field(2, "phone")
    first.columns.set_field(1, None)
    first.next()
    qtbot.waitUntil(lambda: first.check.task is None, timeout=20000)

    second = ImportWizard(context, SEMINAR)
    qtbot.addWidget(second)
    second.show()
    second.source.set_path(second_file)
    second.next()
    assert second.columns.mapping() == {0: "family_name", 2: "phone"}
    assert "last time" in second.columns.info.text()
    second.columns.match_automatically()
    assert second.columns.mapping() == {0: "family_name", 1: "given_name"}


def test_mapping_problems_block_the_next_page(wizard, tmp_path: Path) -> None:
    wizard.source.set_path(
        write_csv(tmp_path / "a.csv", [["Surname", "Nom"], ["Dupont", "Durand"]])
    )
    wizard.next()
    columns = wizard.columns
    columns.set_field(1, "family_name")
    assert "Two columns import as “Family name”" in columns.problem.text()
    assert not columns.isComplete()
    columns.set_field(0, None)
    columns.set_field(1, None)
    assert "No column gives the family name" in columns.problem.text()
    columns.set_field(1, "family_name")
    assert columns.isComplete()


def test_rows_in_error_are_listed_highlighted_and_nothing_can_be_imported(
    wizard, context, qtbot, tmp_path: Path
) -> None:
    rows = [
        ["Delegation", "Given name", "Surname", "Arrival"],
        ["France", "Jean", "Dupont", "2017-08-20 14:00"],
        ["France", "Amélie", "", ""],
        ["Atlantis", "Nemo", "Captain", ""],
        ["France", "Paul", "Martin", "next Tuesday"],
    ]
    wizard.source.set_path(write_csv(tmp_path / "bad.csv", rows))
    wizard.next()
    preview = to_check_page(wizard, qtbot)
    assert preview.counts()["error"] == 3
    model = wizard.check.outcomes
    by_row = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert "missing family name" in model.index(by_row["3"], 3).data()
    assert model.index(by_row["3"], 2).data() == "Amélie, France"  # whose row, though refused
    assert "unknown delegation 'Atlantis'" in model.index(by_row["4"], 3).data()
    assert "bad date 'next Tuesday'" in model.index(by_row["5"], 3).data()
    error_brush = model.index(by_row["3"], 1).data(Qt.ItemDataRole.BackgroundRole)
    assert error_brush.color() == ERROR_BACKGROUND
    assert model.index(by_row["2"], 1).data() == "Created"
    # France is new to the event: row 2 carries a review note, shown in amber, not red.
    review = model.index(by_row["2"], 1).data(Qt.ItemDataRole.BackgroundRole)
    assert review.color() == REVIEW_BACKGROUND
    assert "3 rows cannot be imported" in wizard.check.problem.text()
    assert not wizard.check.isComplete()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()

    wizard.check.problems_only.setChecked(True)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["2", "3", "4", "5"]
    wizard.check.problems_only.setChecked(False)
    assert model.rowCount() == 4

    # The officer fixes the file and re-reads it without leaving the page.
    write_csv(tmp_path / "bad.csv", [rows[0], rows[1], ["France", "Amélie", "Durand", ""]])
    before = people_count(context.db)
    wizard.check.reread.click()
    qtbot.waitUntil(lambda: wizard.check.task is None, timeout=20000)
    assert wizard.check.preview is not None
    assert wizard.check.preview.counts()["error"] == 0
    assert wizard.check.isComplete()
    assert people_count(context.db) == before  # the dry run wrote nothing


def test_cancel_during_the_import_leaves_the_database_unchanged(
    wizard, context, qtbot, tmp_path: Path
) -> None:
    rows = [["Delegation", "Given name", "Surname", "E-mail"]]
    rows += [["France", f"Given{i}", f"Family{i}", f"p{i}@example.org"] for i in range(3000)]
    wizard.source.set_path(write_csv(tmp_path / "big.csv", rows))
    wizard.next()
    preview = to_check_page(wizard, qtbot)
    assert preview.counts()["created"] == 3000
    before = people_count(context.db)

    wizard.next()  # Import starts off the GUI thread
    task = wizard.check.task
    assert task is not None
    task.dialog.findChild(QPushButton).click()  # the progress dialog's Cancel button
    qtbot.waitUntil(lambda: wizard.check.task is None, timeout=30000)
    assert "cancelled" in wizard.check.problem.text()
    assert wizard.currentId() == PAGE_CHECK
    assert people_count(context.db) == before
    with context.db.session() as session:
        assert session.scalar(select(func.count()).select_from(DelegationMember)) == 2
    assert context.db.undo.undo_label is None


def test_closing_the_wizard_during_an_import_cancels_it(
    wizard, context, qtbot, tmp_path: Path
) -> None:
    rows = [["Given name", "Surname", "E-mail"]]
    rows += [[f"Given{i}", f"Family{i}", f"p{i}@example.org"] for i in range(3000)]
    wizard.source.set_path(write_csv(tmp_path / "big.csv", rows))
    wizard.next()
    to_check_page(wizard, qtbot)
    before = people_count(context.db)
    wizard.next()
    wizard.reject()  # Escape / window close while the import runs
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.check.task is None, timeout=30000)
    assert people_count(context.db) == before


def test_reimporting_the_same_file_changes_nothing(wizard, context, qtbot, tmp_path: Path) -> None:
    rows = [
        ["Delegation", "Given name", "Surname", "E-mail"],
        ["France", "Jean", "Dupont", "jd@example.fr"],
    ]
    path = write_csv(tmp_path / "again.csv", rows)
    wizard.source.set_path(path)
    wizard.next()
    to_check_page(wizard, qtbot)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20000)
    assert context.db.undo.depth == 1

    again = ImportWizard(context, SEMINAR)
    qtbot.addWidget(again)
    again.show()
    again.source.set_path(path)
    again.next()
    assert to_check_page(again, qtbot).counts()["unchanged"] == 1
    again.next()
    qtbot.waitUntil(lambda: again.currentId() == PAGE_DONE, timeout=20000)
    assert "nothing was changed" in again.finished_page.text.text()
    assert context.db.undo.depth == 1  # no empty undo step


def test_import_menu_entry_targets_the_open_event(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_event(SEMINAR)
    action = window.findChild(type(window.extension_actions[0]), "import_participants")
    assert action is not None
    assert action.isEnabled()
    action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    assert wizard.event_id == SEMINAR
    wizard.close()


def test_models_pass_the_model_tester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.io.participants import RowOutcome

    raw = RawRowsModel()
    raw.set_rows(["Surname", "Имя"], [(2, ["Dupont", "Жан"]), (3, ["马", ""])])
    qtmodeltester.check(raw)
    assert raw.headerData(1, Qt.Orientation.Vertical) == "3"
    outcomes = OutcomesModel()
    outcomes.set_outcomes(
        [
            RowOutcome(2, "created", "Jean Dupont"),
            RowOutcome(3, "error", errors=["missing family name"]),
            RowOutcome(4, "updated", "Ma Jiantang", changes=["position"], notes=["check"]),
        ]
    )
    qtmodeltester.check(outcomes)
    outcomes.set_problems_only(True)
    assert outcomes.rowCount() == 2
    qtmodeltester.check(outcomes)


def test_an_uncertain_encoding_offers_the_candidates_and_the_choice_rereads(
    wizard, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"Delegation,Role,given_name,family_name\r\n"
        + "France,head,Hélène,Lefèvre\r\n".encode()
        + "KAZ,member,Алихан,Байменов\r\n".encode("cp1251")
    )
    source = wizard.source
    source.set_path(path)
    assert "cannot be told for certain: it mixes encodings (line 3)" in source.problem.text()
    assert source.candidates.isVisibleTo(wizard)
    assert not source.isComplete()
    source.grab().save(str(tmp_path / "uncertain.png"))
    assert source.preview_text() == ""  # nothing is shown as if it were right
    codes = source.candidate_codes()
    assert codes[0] == "utf-8+cp1251"
    first = source.candidates.item(0).text()
    assert first.startswith("UTF-8, other lines Windows-1251 (Cyrillic) — line 3: Алихан")

    source.candidates.setCurrentRow(codes.index("utf-8+gb18030"))
    assert "离桴囗" in source.preview_text()
    assert not source.problem.isVisibleTo(wizard)
    source.candidates.setCurrentRow(0)
    preview = source.preview_text()
    assert "Алихан" in preview
    assert "Hélène" in preview
    assert "(your choice)" in source.guess.text()
    assert source.isComplete()
    assert source.candidates.isVisibleTo(wizard)  # the officer may still compare readings
    source.grab().save(str(tmp_path / "candidates.png"))

    # A new file starts from detection again, without the old candidates.
    plain = write_csv(tmp_path / "plain.csv", CYRILLIC_ROWS)
    source.set_path(plain)
    assert not source.candidates.isVisibleTo(wizard)
    assert "Иванов" in source.preview_text()
