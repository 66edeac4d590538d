"""The desktop app driven as a user would: real widgets over a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox

from app.model import Country, Delegation, Event, Organisation, Person, country_uuid
from app.seed.sample import sample_uuid
from app.services import records
from ui.actions import ActionId
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS
from ui.views.workspace import MEMBER_SPEC

SEMINAR = sample_uuid("seminar")


def _texts(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.row_values(row)[0]) for row in range(model.rowCount())]


def _new(window, spec, qtbot, fixed=None, scope=None, **values):  # type: ignore[no-untyped-def]
    editor = RecordEditor(window.context, spec, fixed=fixed, scope=scope)
    qtbot.addWidget(editor)
    for name, value in values.items():
        widget = editor.widgets[name]
        if hasattr(widget, "edit") and isinstance(value, str):
            qtbot.keyClicks(widget.edit, value)
        else:
            widget.set_value(value)
    editor.save()
    return editor


def test_create_event_then_undo_and_redo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    events = window.show_page("Events").panel.model
    before = _texts(events)
    editor = _new(window, SPECS[Event], qtbot, title="Astana Civil Service Forum", city="Astana")
    assert editor.result() == RecordEditor.DialogCode.Accepted
    assert "Astana Civil Service Forum" in _texts(events)
    window.actions_[ActionId.UNDO].trigger()
    assert _texts(events) == before
    window.redo()
    assert "Astana Civil Service Forum" in _texts(events)


def test_validation_errors_appear_next_to_the_field_and_nothing_is_saved(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with window.context.db.session() as session:
        count = session.query(Event).count()
    editor = _new(window, SPECS[Event], qtbot, title="", city="Astana")
    assert editor.result() != RecordEditor.DialogCode.Accepted
    assert editor.errors["title"].isVisibleTo(editor)
    assert editor.errors["title"].text() == "The title must not be empty."

    editor = _new(
        window, SPECS[Event], qtbot, title="Forum", start_date="2024-05-10", end_date="2024-05-01"
    )
    assert editor.errors["end_date"].text() == (
        "Ends on 1 May 2024, before it starts on 10 May 2024."
    )
    editor = _new(window, SPECS[Event], qtbot, title="Forum", start_date="next week")
    assert editor.errors["start_date"].text() == (
        "'next week' is not a date; write it like 3 February 2027 or 2027-02-03."
    )
    with window.context.db.session() as session:
        assert session.query(Event).count() == count
    assert window.context.db.undo.undo_label is None


def test_delegation_members_head_and_order_with_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = window.open_event(SEMINAR)
    tab = workspace.delegations
    context = window.context
    _new(
        window,
        SPECS[Delegation],
        qtbot,
        fixed={"event_id": SEMINAR},
        country_id=country_uuid("FRA"),
    )
    people = []
    for given, family in (("Anne", "Martin"), ("Paul", "Durand"), ("Claire", "Petit")):
        editor = _new(window, SPECS[Person], qtbot, given_names=given, family_name=family)
        people.append(editor.command.record_id)
    delegations = tab.delegations.model
    assert "France" in _texts(delegations)
    tab.delegations.select_id(
        next(
            delegations.record_uuid(r)
            for r in range(delegations.rowCount())
            if delegations.row_values(r)[0] == "France"
        )
    )
    delegation_id = tab.delegations.selected_id()
    for person_id in people:
        _new(
            window, MEMBER_SPEC, qtbot, scope={"delegation_id": delegation_id}, person_id=person_id
        )
    members = tab.members_model
    assert _texts(members) == ["Anne Martin", "Paul Durand", "Claire Petit"]

    tab.members.select_id(people[2])
    tab.make_head()
    assert _texts(members) == ["Claire Petit", "Anne Martin", "Paul Durand"]  # head first
    with context.db.session() as session:
        assert records.get(session, Delegation, delegation_id).head_person_id == people[2]

    tab.members.select_id(people[0])
    tab.move_member(1)  # Anne after Paul in the notified order
    assert _texts(members) == ["Claire Petit", "Paul Durand", "Anne Martin"]

    window.undo()  # the reorder
    assert _texts(members) == ["Claire Petit", "Anne Martin", "Paul Durand"]
    window.undo()  # the head
    assert _texts(members) == ["Anne Martin", "Paul Durand", "Claire Petit"]
    with context.db.session() as session:
        assert records.get(session, Delegation, delegation_id).head_person_id is None
    window.redo()
    assert _texts(members)[0] == "Claire Petit"
    head_row = delegations.row_of(delegation_id)
    assert delegations.row_values(head_row)[1] == "Claire Petit"


def test_delete_asks_with_dependents_and_undo_restores_across_views(window, answer_yes) -> None:  # type: ignore[no-untyped-def]
    people = window.show_page("People").panel
    people.filter.setText("ma jiantang")
    people.view.selectRow(0)
    ma = people.selected_id()
    assert people.delete_selected()
    assert answer_yes[0].startswith("Delete Ma Jiantang?")
    assert "speaks in 1 programme item(s)" in answer_yes[0]
    assert "heads 1 delegation(s)" in answer_yes[0]
    people.filter.clear()
    assert "Ma Jiantang" not in _texts(people.model)

    workspace = window.open_event(SEMINAR)  # switch views before undoing
    heads = [workspace.delegations.delegations.model.row_values(r)[1] for r in range(2)]
    assert "Ma Jiantang" not in heads
    window.undo()
    assert "Ma Jiantang" in _texts(people.model)
    heads = [workspace.delegations.delegations.model.row_values(r)[1] for r in range(2)]
    assert "Ma Jiantang" in heads
    with window.context.db.session() as session:
        assert records.get(session, Person, ma).family_name == "Ma"


def test_delete_is_not_done_when_the_user_says_no(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    panel = window.show_page("Organisations")
    panel.view.selectRow(0)
    before = _texts(panel.model)
    assert not panel.delete_selected()
    assert _texts(panel.model) == before


def test_global_search_copes_with_real_names(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    with window.context.db.transaction() as session:
        records.create(session, Person, given_names="Қасым-Жомарт", family_name="Тоқаев")
        records.create(
            session, Organisation, name="Prefeitura de São Paulo", kind="government body"
        )
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    for query, expected in (
        ("baymenov", "Alikhan Baimenov"),
        ("sao paulo", "Prefeitura de São Paulo"),
        ("马", "Ma Jiantang (马建堂)"),
        ("қасым", "Қасым-Жомарт Тоқаев"),
    ):
        dialog.box.setText(query)
        assert expected in dialog.labels(), query
        assert dialog.note.text() != "No exact match. Did you mean:"
    dialog.box.setText("Baimenow")
    assert "Alikhan Baimenov" in dialog.labels()
    assert dialog.note.text() == "No exact match. Did you mean:"
    dialog.box.setText("baimenov")
    dialog.open_current()
    assert window.pages["People"].panel.selected_id() is not None


def test_photo_dropped_is_stored_and_a_non_image_is_refused(
    window, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("People")
    page.panel.view.selectRow(0)
    person_id = page.panel.selected_id()
    image = QImage(64, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    photo = tmp_path / "portrait.png"
    assert image.save(str(photo))
    assert page.card.set_photo_from_file(str(photo))
    with window.context.db.session() as session:
        stored = records.get(session, Person, person_id).photo
        assert stored is not None
        assert stored.content == photo.read_bytes()
    assert not page.card.photo.pixmap().isNull()

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a picture")
    assert not page.card.set_photo_from_file(str(text_file))
    assert "notes.txt is not an image" in warnings[0]
    window.undo()
    with window.context.db.session() as session:
        assert records.get(session, Person, person_id).photo_id is None


def test_agreement_status_change_is_undoable(window) -> None:  # type: ignore[no-untyped-def]
    from app.model import Agreement
    from ui.views.agreements import StatusDialog

    page = window.show_page("Agreements")
    page.agreements.view.selectRow(0)
    agreement_id = page.agreements.selected_id()
    with window.context.db.session() as session:
        before = records.get(session, Agreement, agreement_id).status
    dialog = StatusDialog(window.context, agreement_id)
    dialog.status.setCurrentIndex(
        dialog.status.findData("draft" if before != "draft" else "terminated")
    )
    dialog.force.setChecked(False)
    dialog.save()
    if dialog.error.isVisibleTo(dialog):
        assert "Cannot go from signed to draft" in dialog.error.text()
        dialog.force.setChecked(True)
        dialog.reason.setText("recorded late")
        dialog.save()
    with window.context.db.session() as session:
        assert records.get(session, Agreement, agreement_id).status != before
    window.undo()
    with window.context.db.session() as session:
        assert records.get(session, Agreement, agreement_id).status == before


def test_empty_database_offers_the_sample_and_loads_it_off_the_gui_thread(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_database(sqlite_db, str(sqlite_db.url))
    page = window.show_page("Events")
    assert page.currentWidget() is page.welcome
    task = window.load_sample()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert page.currentWidget() is page.panel
    assert "Quanzhou" in " ".join(_texts(page.panel.model)) or page.panel.model.rowCount() == 2
    about = window.about_text()
    assert "SQLAlchemy" in about
    assert "reportlab" in about
    assert str(sqlite_db.url) in about
    window.close()


def test_window_opens_database_in_background_and_remembers_it(qtbot, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    from ui import settings
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    task = window.open_database(str(sqlite_file))
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert window.context is not None
    assert settings.recent_databases()[0] == str(sqlite_file)
    with window.context.db.session() as session:
        assert session.get(Country, country_uuid("KAZ")) is not None
    window.close()
