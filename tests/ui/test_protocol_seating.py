"""The Seating tab: plans generated from precedence, drawn, swapped by drag and drop,
kept in the database and undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model import AgreementParty, Signatory, SigningCeremony
from app.protocol.seating import Layout, load_plan
from app.seed.sample import sample_uuid
from app.services import records
from tests.ui.protocol_helpers import show_workspace_tab
from ui.protocol.seating_tab import SeatingTab
from ui.protocol.seating_view import SeatingView

SEMINAR = sample_uuid("seminar")
SIGNING = sample_uuid("signing")
OPENING = sample_uuid("opening")


@pytest.fixture
def signatories(sample_db) -> None:  # type: ignore[no-untyped-def]
    """The sample leaves the signatories to be confirmed: name the two heads."""
    with sample_db.transaction() as session:
        ceremony = session.get(SigningCeremony, sample_uuid("memorandum-signing"))
        for party, person in (
            ("memorandum-hub", "baimenov"),
            ("memorandum-academy", "ma-jiantang"),
        ):
            records.create(
                session,
                Signatory,
                ceremony_id=ceremony.id,
                party_id=session.get(AgreementParty, sample_uuid(party)).id,
                person_id=sample_uuid(person),
            )


def _tab(window) -> SeatingTab:  # type: ignore[no-untyped-def]
    tab = show_workspace_tab(window, SEMINAR, "S&eating", SeatingTab)
    tab.ensure_loaded()
    return tab


def _occupants(tab: SeatingTab) -> list[tuple[int, str]]:
    assert tab.plan is not None
    return [(seat.number, seat.label) for seat in tab.plan.seats]


def _drag(view: SeatingView, source: QPointF, target: QPointF) -> None:
    """Press on one seat, move with the button held, release on the other."""
    viewport = view.viewport()
    start, end = view.mapFromScene(source), view.mapFromScene(target)
    left = Qt.MouseButton.LeftButton
    steps = [start + (end - start) * (i / 6) for i in range(1, 7)]
    events = [
        QMouseEvent(
            QEvent.Type.MouseButtonPress,
            QPointF(start),
            QPointF(viewport.mapToGlobal(start)),
            left,
            left,
            Qt.KeyboardModifier.NoModifier,
        )
    ]
    events += [
        QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(p),
            QPointF(viewport.mapToGlobal(p)),
            Qt.MouseButton.NoButton,
            left,
            Qt.KeyboardModifier.NoModifier,
        )
        for p in steps
    ]
    events.append(
        QMouseEvent(
            QEvent.Type.MouseButtonRelease,
            QPointF(end),
            QPointF(viewport.mapToGlobal(end)),
            left,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    for event in events:
        QApplication.sendEvent(viewport, event)


def test_signing_table_is_generated_from_precedence(window, signatories) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(SIGNING, Layout.SIGNING_TABLE)
    # The Hub (an international organisation) before the Academy, left to right.
    assert _occupants(tab) == [(1, "BAIMENOV Alikhan"), (2, "MA Jiantang")]
    assert not tab.kept
    labels = [item.label.toPlainText() for item in tab.scene.seats.values()]
    assert "马建堂" in labels[1]
    assert "signatory" in labels[0]
    assert not tab.regenerate.isEnabled()


def test_the_item_kind_suggests_the_layout(window, signatories) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    index = tab.item.findData(str(SIGNING))
    tab.item.setCurrentIndex(index)
    assert tab.current_layout() is Layout.SIGNING_TABLE
    tab.item.setCurrentIndex(tab.item.findData(str(sample_uuid("talks"))))
    assert tab.current_layout() is Layout.BILATERAL
    # The host side (the Chinese Academy) faces the guests across the table.
    assert tab.plan is not None
    sides = {seat.label: (seat.y, seat.host_side) for seat in tab.plan.seats}
    assert sides == {"MA Jiantang": (1.0, True), "BAIMENOV Alikhan": (-1.0, False)}


def test_drag_a_seat_onto_another_swaps_keeps_and_undoes(window, signatories, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(SIGNING, Layout.SIGNING_TABLE)
    tab.view.resize(800, 500)
    first, second = tab.scene.seats[1], tab.scene.seats[2]
    _drag(tab.view, first.scenePos(), second.scenePos())
    assert _occupants(tab) == [(1, "MA Jiantang"), (2, "BAIMENOV Alikhan")]
    assert tab.kept
    assert tab.regenerate.isEnabled()
    with window.context.db.session() as session:
        kept = load_plan(session, SIGNING, Layout.SIGNING_TABLE)
    assert kept is not None
    assert [s.label for s in kept.seats] == ["MA Jiantang", "BAIMENOV Alikhan"]

    # A new tab (as after reopening the app) shows the adjusted plan.
    again = SeatingTab(window.context, SEMINAR)
    qtbot.addWidget(again)
    again.choose(SIGNING, Layout.SIGNING_TABLE)
    assert _occupants(again) == [(1, "MA Jiantang"), (2, "BAIMENOV Alikhan")]

    window.undo()
    assert _occupants(tab) == [(1, "BAIMENOV Alikhan"), (2, "MA Jiantang")]
    with window.context.db.session() as session:
        assert load_plan(session, SIGNING, Layout.SIGNING_TABLE) is None
    window.redo()
    assert _occupants(tab)[0] == (1, "MA Jiantang")


def test_a_drop_beside_every_seat_changes_nothing(window, signatories) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(SIGNING, Layout.SIGNING_TABLE)
    first = tab.scene.seats[1]
    _drag(tab.view, first.scenePos(), first.scenePos() + QPointF(0, 200))
    assert not tab.kept
    assert first.scenePos() == first.home
    assert window.context.db.undo.undo_label is None


def test_swap_then_start_again_from_precedence(window, signatories) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(OPENING, Layout.U_SHAPE)
    # Host first: the Chinese Academy's head at the centre of the base.
    assert [label for _, label in _occupants(tab)] == ["BAIMENOV Alikhan", "MA Jiantang"]
    ma = next(s for s in tab.plan.seats if s.label == "MA Jiantang")  # type: ignore[union-attr]
    assert ma.host_side
    assert ma.x == 0
    assert tab.swap(1, 2)
    assert tab.kept
    assert tab.start_again()
    assert not tab.kept
    assert [label for _, label in _occupants(tab)] == ["BAIMENOV Alikhan", "MA Jiantang"]
    window.undo()
    assert tab.kept
    assert [label for _, label in _occupants(tab)] == ["MA Jiantang", "BAIMENOV Alikhan"]


@pytest.mark.parametrize("layout", list(Layout))
def test_every_layout_draws_or_says_why_not(window, signatories, layout: Layout) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(SIGNING, layout)
    assert tab.plan is not None
    assert len(tab.scene.seats) == len(tab.plan.seats) == 2
    assert "MA Jiantang" in {seat.label for seat in tab.plan.seats}


def test_an_item_without_a_ceremony_says_why_there_is_no_signing_table(window) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.choose(OPENING, Layout.SIGNING_TABLE)
    assert tab.plan is None
    assert "no signing ceremony is attached" in tab.status.text()
    assert not tab.scene.seats
