"""Organisers and related events are edited from the event's Overview tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from app.model import EventOrganiser
from app.seed.sample import sample_uuid
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS
from ui.views.workspace import OverviewTab

SEMINAR = sample_uuid("seminar")


def _overview(window: Any) -> OverviewTab:
    workspace = window.open_event(SEMINAR)
    tab = workspace.findChild(QWidget, "overview_splitter").parent()
    assert isinstance(tab, OverviewTab)
    return tab


def _rows(model: Any) -> list[tuple[Any, ...]]:
    return [tuple(model.row_values(row)) for row in range(model.rowCount())]


def test_related_event_of_the_sample_is_listed(window: Any, qtbot: Any, qtmodeltester: Any) -> None:
    tab = _overview(window)
    assert _rows(tab.related.model) == [
        ("timed to coincide with", "9th meeting of the leaders of the BRICS countries", "Xiamen")
    ]
    qtmodeltester.check(tab.related.model)
    qtmodeltester.check(tab.organisers.model)


def test_add_an_organiser_then_undo_and_redo(window: Any, qtbot: Any) -> None:
    tab = _overview(window)
    assert _rows(tab.organisers.model) == []
    editor = RecordEditor(
        window.context,
        SPECS[EventOrganiser],
        fixed={"event_id": SEMINAR},
        scope={"event_id": SEMINAR},
    )
    qtbot.addWidget(editor)
    editor.widgets["organisation_id"].set_value(sample_uuid("academy"))
    qtbot.keyClicks(editor.widgets["role"].edit, "host")
    editor.save()
    assert editor.result() == RecordEditor.DialogCode.Accepted
    assert _rows(tab.organisers.model) == [("Chinese Academy of Governance", "host")]
    window.undo()
    assert _rows(tab.organisers.model) == []
    window.redo()
    assert _rows(tab.organisers.model) == [("Chinese Academy of Governance", "host")]
