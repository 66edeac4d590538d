"""Tools > Find possible duplicates: the same man entered twice (Baimenov / Baymenov /
Байменов) is found, shown side by side, merged with every link, and the merge undone."""

from __future__ import annotations

import uuid

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.model import DelegationMember, Person, SpeakingRole
from app.protocol.duplicates import pairs_set_apart
from app.seed.sample import sample_uuid
from app.services import delegations, records
from ui.protocol.duplicates_dialog import DuplicatesDialog, DuplicatesModel

BAIMENOV = sample_uuid("baimenov")


@pytest.fixture
def baymenov(sample_db) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """Baimenov entered a second time, in another spelling, with links of his own."""
    with sample_db.transaction() as session:
        twin = records.create(
            session,
            Person,
            given_names="Alikhan",
            family_name="Baymenov",
            native_name="Алихан Байменов",
            email="a.baymenov@example.org",
        )
        records.create(
            session,
            SpeakingRole,
            programme_item_id=sample_uuid("talks"),
            person_id=twin.id,
            role="speech",
        )
        delegations.add_member(session, sample_uuid("academy-delegation"), twin.id, "member")
        return twin.id


def _dialog(window, qtbot: QtBot) -> DuplicatesDialog:  # type: ignore[no-untyped-def]
    """Opened as the user does, from Tools > Find possible duplicates…"""
    action = next(a for a in window.extension_actions if a.objectName() == "find_duplicates")
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(DuplicatesDialog)
    assert isinstance(dialog, DuplicatesDialog)
    qtbot.addWidget(dialog)
    return dialog


def _links(sample_db, person_id: uuid.UUID) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with sample_db.session() as session:
        speaking = session.query(SpeakingRole).filter_by(person_id=person_id).count()
        members = session.query(DelegationMember).filter_by(person_id=person_id).count()
    return speaking, members


def test_the_pair_is_found_shown_side_by_side_and_merged(
    window, sample_db, baymenov, qtbot, answer_yes
) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(window, qtbot)
    assert dialog.select_pair(BAIMENOV, baymenov)
    assert {dialog.model.rows[0].values[0], dialog.model.rows[0].values[1]} == {
        "Alikhan Baimenov",
        "Alikhan Baymenov",
    }
    assert "read alike" in dialog.model.rows[0].values[3]
    texts = [browser.toPlainText() for browser in dialog.details]
    twin_text = next(t for t in texts if "Baymenov" in t.splitlines()[0])
    assert "Алихан Байменов" in twin_text
    assert "speaks in 1 programme item(s)" in twin_text

    # Keep the sample's record, whichever side it is on.
    left_is_sample = dialog.selected_pair()[0] == BAIMENOV  # type: ignore[index]
    dialog.keep[0 if left_is_sample else 1].setChecked(True)
    assert dialog.kept_and_merged() == (BAIMENOV, baymenov)
    assert dialog.merge()
    assert "Undo reverses the merge" in answer_yes[-1]

    assert _links(sample_db, BAIMENOV) == (2, 2)  # the opening speech and the talks
    assert _links(sample_db, baymenov) == (0, 0)
    with sample_db.session() as session:
        kept = records.get(session, Person, BAIMENOV)
        assert kept.alt_spellings == ["Baymenov", "Alikhan Baymenov"]
        assert kept.native_name == "Алихан Байменов"  # was empty on the kept record
        assert kept.email == "a.baymenov@example.org"
        assert session.get(Person, baymenov) is None  # soft-deleted
    assert dialog.model.row_of((BAIMENOV, baymenov)) is None
    assert dialog.model.row_of((baymenov, BAIMENOV)) is None

    window.undo()
    assert _links(sample_db, BAIMENOV) == (1, 1)
    assert _links(sample_db, baymenov) == (1, 1)
    with sample_db.session() as session:
        kept = records.get(session, Person, BAIMENOV)
        assert kept.alt_spellings == ["Baymenov"]
        assert (kept.email, kept.native_name) == (None, None)
        assert "Merged" not in (kept.notes or "")
        assert session.get(Person, baymenov) is not None
    assert dialog.select_pair(BAIMENOV, baymenov)  # offered again

    window.redo()
    assert _links(sample_db, BAIMENOV) == (2, 2)
    assert _links(sample_db, baymenov) == (0, 0)


def test_declining_the_confirmation_merges_nothing(
    window, sample_db, baymenov, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    dialog = _dialog(window, qtbot)
    assert dialog.select_pair(BAIMENOV, baymenov)
    assert not dialog.merge()
    assert _links(sample_db, baymenov) == (1, 1)
    assert window.context.db.undo.undo_label is None


def test_not_the_same_person_sets_the_pair_apart_for_good_and_undo_brings_it_back(
    window, sample_db, baymenov, qtbot
) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(window, qtbot)
    assert dialog.select_pair(BAIMENOV, baymenov)
    assert dialog.not_the_same()
    assert not dialog.select_pair(BAIMENOV, baymenov)
    assert "No possible duplicates" in dialog.summary.text()
    assert not dialog.merge_button.isEnabled()
    # kept in the database: a new dialog, and any later session, leave the pair out
    again = DuplicatesDialog(window.context, window)
    qtbot.addWidget(again)
    assert not again.select_pair(BAIMENOV, baymenov)
    with sample_db.session() as session:
        assert pairs_set_apart(session) == {frozenset((BAIMENOV, baymenov))}
    window.context.undo()
    assert dialog.select_pair(BAIMENOV, baymenov)  # the open dialog offers it again
    with sample_db.session() as session:
        assert pairs_set_apart(session) == set()


def test_duplicates_model_passes_the_model_tester(
    qtmodeltester: ModelTester, context, baymenov
) -> None:  # type: ignore[no-untyped-def]
    model = DuplicatesModel(context)
    model.reload()
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
    model.reload()
