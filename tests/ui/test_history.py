"""History in the desktop: the editor's History tab, the event's Changes view with its
filters and Revert, Edit > Undo labels from the core, the Briefing tab's changes line
and the officer's name from Preferences."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from app.journal.packs import pack_position, record_printed_pack
from app.model import Person
from app.seed.sample import sample_uuid
from app.services import records
from ui.commands import UpdateRecord
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS

SEMINAR = sample_uuid("seminar")
BAIMENOV = sample_uuid("baimenov")


def edit_position(context: Any, position: str) -> None:
    context.submit(UpdateRecord(context, Person, BAIMENOV, {"position": position}))


def tab_titles(tabs: QTabWidget) -> list[str]:
    return [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]


def test_the_editor_history_tab_says_who_changed_what(qtbot: QtBot, context: Any) -> None:
    context.db.actor = "A. Petrova"
    edit_position(context, "First Deputy Chairman")
    editor = RecordEditor(context, SPECS[Person], BAIMENOV)
    qtbot.addWidget(editor)
    assert tab_titles(editor.tabs) == ["Details", "History"]
    editor.tabs.setCurrentIndex(1)
    table = editor.findChild(object, "record_history")
    assert table is not None
    first = table.model.row_at(0)
    assert first.actor == "A. Petrova"
    texts = [table.model.data(table.model.index(0, c)) for c in range(5)]
    assert "A. Petrova" in texts
    assert any(
        "Position: Chairman of the Steering Committee" in t and "→ First Deputy Chairman" in t
        for t in texts
    )
    assert texts[4] == "Edit Alikhan Baimenov"


def test_edit_menu_shows_the_core_labels_and_undoes(qtbot: QtBot, window: Any) -> None:
    from ui.actions import ActionId

    edit_position(window.context, "Adviser")
    undo = window.actions_[ActionId.UNDO]
    qtbot.waitUntil(lambda: undo.text() == "&Undo Edit Alikhan Baimenov")
    undo.trigger()
    with window.context.db.session() as session:
        assert records.get(session, Person, BAIMENOV).position.startswith("Chairman")
    redo = window.actions_[ActionId.REDO]
    qtbot.waitUntil(lambda: redo.text() == "&Redo Edit Alikhan Baimenov")
    assert not undo.isEnabled()


def test_changes_view_filters_by_officer_and_reverts(
    qtbot: QtBot, window: Any, answer_yes: list[str]
) -> None:
    context = window.context
    context.db.actor = "A. Petrova"
    edit_position(context, "Adviser")
    context.db.actor = "B. Ivanov"
    with context.db.operation("Phone") as op:
        records.update(op.session, Person, BAIMENOV, phone="+7 700 000 00 00")
    workspace = window.open_event(SEMINAR)
    titles = tab_titles(workspace.tabs)
    workspace.tabs.setCurrentIndex(titles.index("Changes"))
    view = workspace.findChild(object, "event_changes")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    officers = [view.officer.itemText(i) for i in range(view.officer.count())]
    assert {"A. Petrova", "B. Ivanov"} <= set(officers)
    view.officer.setCurrentIndex(officers.index("A. Petrova"))
    assert {view.model.row_at(i).actor for i in range(view.model.rowCount())} == {"A. Petrova"}
    assert view.model.row_at(0).label == "Edit Alikhan Baimenov"
    view.view.selectRow(0)
    view.revert_selected()
    assert "Edit Alikhan Baimenov" in answer_yes[0]
    with context.db.session() as session:
        person = records.get(session, Person, BAIMENOV)
        assert person.position.startswith("Chairman")
        assert person.phone == "+7 700 000 00 00"  # B. Ivanov's change stays


def test_briefing_tab_counts_changes_since_the_printed_pack(qtbot: QtBot, window: Any) -> None:
    context = window.context
    with context.db.session() as session:
        position = pack_position(session)
    record_printed_pack(context.db, SEMINAR, "event", None, "pack.pdf", position)
    context.db.actor = "A. Petrova"
    edit_position(context, "Adviser")
    workspace = window.open_event(SEMINAR)
    workspace.tabs.setCurrentIndex(tab_titles(workspace.tabs).index("Briefing"))
    line = workspace.findChild(object, "briefing_changes")
    qtbot.waitUntil(lambda: "since the pack printed on" in line.text())
    assert "1 change since the pack printed on" in line.text()
    assert "Alikhan Baimenov: Position" in line.text()


def test_preferences_name_the_officer_on_later_changes(qtbot: QtBot, window: Any) -> None:
    from ui.history.preferences import PreferencesDialog

    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    dialog.officer.setText("C. Dupont")
    dialog.accept()
    edit_position(window.context, "Adviser")
    with window.context.db.session() as session:
        from app.journal.history import record_history

        assert record_history(session, BAIMENOV)[0].actor == "C. Dupont"
