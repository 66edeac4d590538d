"""Ctrl+K as a user meets it: every kind grouped, arrows over the hits, Enter opens."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.model import Agreement, Delegation
from app.seed.sample import sample_uuid
from ui.editors.dialog import RecordEditor
from ui.views.workspace import EventWorkspace

SEMINAR = sample_uuid("seminar")


def test_ctrl_k_groups_every_kind_and_the_arrows_skip_the_headers(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    dialog.box.setText("a")
    groups = dialog.groups()
    assert list(groups) == ["event", "person", "organisation", "delegation", "agreement"]
    assert dialog.model.data(dialog.model.index(0, 0)) == "Events (2)"
    first = dialog.current()
    assert first is not None
    assert first.kind == "event"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)  # over the "People" header
    assert dialog.current().kind == "person"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)  # nothing above the first hit
    assert dialog.current() == first


def test_enter_opens_a_delegation_in_its_events_workspace(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    dialog.box.setText("kazakh")
    while dialog.current() is not None and dialog.current().kind != "delegation":
        qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    chosen = dialog.current()
    assert chosen.kind == "delegation"
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    workspace = window.stack.currentWidget()
    assert isinstance(workspace, EventWorkspace)
    assert workspace.event_id == SEMINAR
    tab = workspace.delegations
    assert workspace.tabs.currentWidget().isAncestorOf(tab)
    assert tab.delegations.selected_id() == chosen.record_id
    with window.context.db.session() as session:
        assert session.get(Delegation, chosen.record_id).event_id == SEMINAR


def test_an_agreement_and_a_person_open_where_they_are_edited(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    dialog.box.setText("memorandum")
    chosen = dialog.current()
    dialog.open_current()
    page = window.pages["Agreements"]
    assert window.stack.currentWidget() is page
    assert page.agreements.selected_id() == chosen.record_id
    with window.context.db.session() as session:
        assert session.get(Agreement, chosen.record_id) is not None

    dialog = window.open_search()
    qtbot.addWidget(dialog)
    dialog.box.setText("BAYMENOV")  # the other spelling
    person = dialog.current()
    assert person is not None
    assert person.label == "Alikhan Baimenov"
    dialog.open_current()
    assert window.pages["People"].panel.selected_id() == person.record_id
    editor = window.findChild(RecordEditor)
    assert editor is not None
    assert editor.isVisible()
    assert editor.record_id == person.record_id
    editor.reject()


def test_an_organisation_opens_selected_in_its_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = window.open_search()
    qtbot.addWidget(dialog)
    dialog.box.setText("government of kazakhstan")
    chosen = dialog.current()
    assert chosen.kind == "organisation"
    dialog.open_current()
    page = window.pages["Organisations"]
    assert window.stack.currentWidget() is page
    assert page.selected_id() == chosen.record_id
