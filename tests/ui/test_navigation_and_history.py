"""Navigation that matches what is shown, keyboard access, redo identity, history views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import select

from app.model import Agreement, DelegationMember, Event, Person, SigningCeremony, Witness
from app.seed.sample import sample_uuid
from app.services import records
from ui.actions import ActionId
from ui.commands import AddMember
from ui.views.agreements import StatusDialog

SEMINAR = sample_uuid("seminar")


def _texts(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(model.row_values(row)[0]) for row in range(model.rowCount())]


def test_an_open_event_keeps_events_selected_and_leads_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show_page("Agreements")
    assert window.navigation.currentItem().text() == "Agreements"
    workspace = window.open_event(SEMINAR)
    assert window.stack.currentWidget() is workspace
    assert window.navigation.currentItem().text() == "Events"
    assert window.current_section() == "Events"
    assert window.actions_[ActionId.BACK].isEnabled()

    qtbot.mouseClick(workspace.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pages["Events"]
    assert window.navigation.currentItem().text() == "Events"

    window.open_event(SEMINAR)
    window.actions_[ActionId.SHOW_PEOPLE].trigger()
    assert window.current_section() == "People"
    assert window.navigation.currentItem().text() == "People"


def test_record_actions_have_the_usual_keys(window) -> None:  # type: ignore[no-untyped-def]
    def keys(action_id: ActionId) -> set[str]:
        return {k.toString() for k in window.actions_[action_id].shortcuts()}

    assert {"Ctrl+N", "Ins"} <= keys(ActionId.NEW_RECORD)
    assert "F2" in keys(ActionId.EDIT_RECORD)
    assert QKeySequence(QKeySequence.StandardKey.Delete).toString() in keys(ActionId.DELETE_RECORD)
    assert "Ctrl+K" in keys(ActionId.SEARCH)
    for action_id in (ActionId.UNDO, ActionId.REDO, ActionId.NEW_RECORD, ActionId.SEARCH):
        assert not window.actions_[action_id].icon().isNull(), action_id


def test_delete_key_in_a_list_deletes_after_asking(window, qtbot, answer_yes) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("People")
    qtbot.waitExposed(window)
    page.panel.view.setFocus()
    page.panel.view.selectRow(0)
    name = page.panel.model.row_values(0)[0]
    window.actions_[ActionId.DELETE_RECORD].trigger()
    assert answer_yes
    assert answer_yes[0].startswith(f"Delete {name}?")
    assert name not in _texts(page.panel.model)
    window.undo()
    assert name in _texts(page.panel.model)


def test_enter_in_the_events_list_opens_the_event(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("Events")
    qtbot.waitExposed(window)
    panel = page.panel
    panel.select_id(SEMINAR)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspaces[SEMINAR]


def test_redo_of_add_member_restores_the_same_member(window) -> None:  # type: ignore[no-untyped-def]
    context = window.context
    with context.db.transaction() as session:
        person = records.create(session, Person, given_names="Anne", family_name="Martin")
        delegation_id = session.scalars(select(DelegationMember.delegation_id).limit(1)).one()
        person_id = person.id
    command = AddMember(context, delegation_id, person_id, "member")
    context.submit(command)
    with context.db.session() as session:
        first = session.scalars(
            select(DelegationMember).where(DelegationMember.person_id == person_id)
        ).one()
        first_id, first_order = first.id, first.sort_order
    window.undo()
    with context.db.session() as session:
        assert (
            session.scalars(
                select(DelegationMember).where(DelegationMember.person_id == person_id)
            ).first()
            is None
        )
    window.redo()
    with context.db.session() as session:
        rows = (
            session.scalars(
                select(DelegationMember)
                .where(DelegationMember.person_id == person_id)
                .execution_options(include_deleted=True)
            )
        ).all()
        assert [(r.id, r.sort_order, r.deleted_at) for r in rows] == [(first_id, first_order, None)]


def test_signing_tab_shows_witnesses(window) -> None:  # type: ignore[no-untyped-def]
    with window.context.db.transaction() as session:
        ceremony = session.scalars(select(SigningCeremony)).first()
        person = records.create(session, Person, given_names="Ilyas", family_name="Ахметов")
        records.create(
            session, Witness, ceremony_id=ceremony.id, person_id=person.id, role="Minister"
        )
        ceremony_id = ceremony.id
    window.context.notify(frozenset({"Witness"}))
    workspace = window.open_event(SEMINAR)
    tab = workspace.ceremonies
    tab.ceremonies.select_id(ceremony_id)
    assert _texts(tab.witnesses_model) == ["Ilyas Ахметов"]
    assert tab.witnesses_model.row_values(0)[1] == "Minister"


def test_agreement_status_history_is_listed_and_follows_undo(window) -> None:  # type: ignore[no-untyped-def]
    page = window.show_page("Agreements")
    page.agreements.view.selectRow(0)
    agreement_id = page.agreements.selected_id()
    before = page.history_model.rowCount()
    with window.context.db.session() as session:
        current = records.get(session, Agreement, agreement_id).status
    dialog = StatusDialog(window.context, agreement_id)
    target = "terminated" if current != "terminated" else "draft"
    dialog.status.setCurrentIndex(dialog.status.findData(target))
    dialog.force.setChecked(True)
    dialog.reason.setText("recorded late")
    dialog.save()
    assert page.history_model.rowCount() == before + 1
    last = page.history_model.row_values(page.history_model.rowCount() - 1)
    assert last[2] == target.capitalize()
    assert "recorded late" in last[3]
    window.undo()
    assert page.history_model.rowCount() == before


def test_load_sample_is_one_undoable_command(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_database(sqlite_db, str(sqlite_db.url))
    task = window.load_sample()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    events = window.pages["Events"].panel.model
    assert events.total_count() > 0
    assert window.context.db.undo.undo_label == "Load sample seminar"
    window.undo()
    assert events.total_count() == 0
    with window.context.db.session() as session:
        assert session.scalars(select(Person)).first() is None
        assert session.scalars(select(Event)).first() is None
    window.redo()
    assert events.total_count() > 0
    with window.context.db.session() as session:
        assert session.get(Event, SEMINAR) is not None
    window.close()
