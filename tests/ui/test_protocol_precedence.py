"""The Precedence tab: the rule re-orders the list at once, positions set by hand keep
their reason, and all of it is undoable."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.model import Delegation, country_uuid
from app.model.protocol import Alphabet, HostPlacement
from app.protocol.precedence import get_rule
from app.seed.sample import sample_uuid
from app.services import records
from tests.ui.protocol_helpers import show_workspace_tab
from ui.protocol.precedence_tab import OverrideDialog, PrecedenceModel, PrecedenceTab

SEMINAR = sample_uuid("seminar")


@pytest.fixture
def delegations(sample_db) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Three more states whose English and French orders differ."""
    made = {}
    with sample_db.transaction() as session:
        for code in ("DEU", "EGY", "ZAF"):
            made[code] = records.create(
                session, Delegation, event_id=SEMINAR, country_id=country_uuid(code)
            ).id
    return made


def _tab(window) -> PrecedenceTab:  # type: ignore[no-untyped-def]
    tab = show_workspace_tab(window, SEMINAR, "P&recedence", PrecedenceTab)
    tab.ensure_loaded()
    return tab


def _names(tab: PrecedenceTab) -> list[str]:
    return tab.model.column_texts(1)


HUB = "Kazakhstan — Regional Hub of Civil Service in Astana"
ACADEMY = "China — Chinese Academy of Governance"


def test_tab_is_in_every_workspace_and_lists_in_precedence(window, delegations) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    assert _names(tab) == [ACADEMY, "Egypt", "Germany", "South Africa", HUB]
    assert tab.model.column_texts(0) == ["1", "2", "3", "4", "5"]
    assert "Egypt" in tab.model.column_texts(3)[1]
    assert "alphabetical in English" in tab.model.column_texts(3)[1]
    assert tab.model.column_texts(2)[0] == "MA Jiantang  马建堂"
    assert "host placed first" in tab.description.text()


def test_changing_the_rule_reorders_at_once_and_undoes(window, delegations, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.alphabet.setCurrentIndex(tab.alphabet.findData(Alphabet.FRENCH))
    assert _names(tab) == [ACADEMY, "South Africa", "Germany", "Egypt", HUB]
    assert "alphabetical in French ('Allemagne')" in tab.model.column_texts(3)[2]
    assert "names in French" in tab.description.text()

    tab.host.setCurrentIndex(tab.host.findData(HostPlacement.LAST))
    assert _names(tab) == ["South Africa", "Germany", "Egypt", ACADEMY, HUB]

    tab.draw.setCurrentIndex(tab.draw.findData("letter"))
    assert _names(tab)[0] == "South Africa"  # waits for the letter
    tab.draw_letter.setText("e")
    tab.draw_letter.editingFinished.emit()
    assert _names(tab) == ["Egypt", "South Africa", "Germany", ACADEMY, HUB]
    assert "after the draw starting at 'E'" in tab.model.column_texts(3)[0]
    with window.context.db.session() as session:
        stored = get_rule(session, SEMINAR)
    assert (stored.alphabet, stored.host_placement, stored.draw_letter) == (
        Alphabet.FRENCH,
        HostPlacement.LAST,
        "E",
    )

    window.undo()  # the draw
    assert _names(tab) == ["South Africa", "Germany", "Egypt", ACADEMY, HUB]
    assert tab.draw.currentData() == "none"
    window.undo()  # host last
    window.undo()  # French
    assert _names(tab) == [ACADEMY, "Egypt", "Germany", "South Africa", HUB]
    assert tab.alphabet.currentData() == Alphabet.ENGLISH
    window.redo()
    assert _names(tab) == [ACADEMY, "South Africa", "Germany", "Egypt", HUB]


def test_host_language_orders_and_an_unknown_one_is_refused(window, delegations) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.alphabet.setCurrentIndex(tab.alphabet.findData(Alphabet.HOST))
    assert "alphabetical in Chinese" in tab.model.column_texts(3)[1]  # the host's language
    tab.language.setText("ru")
    tab.language.editingFinished.emit()
    # Германия, Египет, Южная Африка
    assert _names(tab) == [ACADEMY, "Germany", "Egypt", "South Africa", HUB]
    assert "names in Russian" in tab.description.text()
    tab.language.setText("xx-nonsense")
    tab.language.editingFinished.emit()
    assert tab.error.isVisibleTo(tab)
    assert "not a language" in tab.error.text()
    with window.context.db.session() as session:
        assert get_rule(session, SEMINAR).language == "ru"
    assert _names(tab)[1] == "Germany"


def test_place_by_hand_needs_a_reason_keeps_it_and_undoes(window, delegations, qtbot) -> None:  # type: ignore[no-untyped-def]
    tab = _tab(window)
    tab.select(delegations["ZAF"])
    dialog = tab.override_dialog()
    assert isinstance(dialog, OverrideDialog)
    qtbot.addWidget(dialog)
    dialog.position.setValue(1)
    assert not dialog.ok.isEnabled()  # no reason, no placing
    qtbot.keyClicks(dialog.reason, "President attends in person")
    assert dialog.ok.isEnabled()
    assert dialog.save()
    assert _names(tab)[0] == "South Africa"
    explanation = tab.model.column_texts(3)[0]
    assert "placed by hand: President attends in person" in explanation
    assert "by the rule it would be 4th" in explanation
    assert tab.model.rows[0].background is not None
    with window.context.db.session() as session:
        override = get_rule(session, SEMINAR).overrides[delegations["ZAF"]]
    assert (override.position, override.reason) == (1, "President attends in person")

    tab.select(delegations["ZAF"])
    assert tab.clear_button.isEnabled()
    assert tab.clear_placing()
    assert _names(tab)[0] == ACADEMY
    window.undo()  # the clearing
    assert _names(tab)[0] == "South Africa"
    window.undo()  # the placing
    assert _names(tab)[0] == ACADEMY
    with window.context.db.session() as session:
        assert get_rule(session, SEMINAR).overrides == {}


def test_precedence_model_passes_the_model_tester(
    qtmodeltester: ModelTester, context, delegations
) -> None:  # type: ignore[no-untyped-def]
    model = PrecedenceModel(context, SEMINAR)
    model.reload()
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    model.reload()
