"""The New event editor as a new user meets it: dates from a calendar at the precision
known, mistakes named for what they are, zones from a list, labels instead of values."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from app.model import Event, country_uuid
from app.seed.sample import sample_uuid
from ui.editors.dialog import RecordEditor
from ui.editors.specs import SPECS
from ui.models.events_list import EventsModel


def _editor(window, qtbot, record_id=None) -> RecordEditor:  # type: ignore[no-untyped-def]
    editor = RecordEditor(window.context, SPECS[Event], record_id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _count(window) -> int:  # type: ignore[no-untyped-def]
    with window.context.db.session() as session:
        return session.query(Event).count()


def test_30_february_is_refused_for_what_it_is(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = _count(window)
    editor = _editor(window, qtbot)
    qtbot.keyClicks(editor.widgets["title"].edit, "Astana Civil Service Forum")
    qtbot.keyClicks(editor.widgets["start_date"].edit, "2027-02-30")
    editor.save()
    assert editor.result() != RecordEditor.DialogCode.Accepted
    assert editor.errors["start_date"].isVisibleTo(editor)
    assert editor.errors["start_date"].text() == "There is no 30 February 2027."
    assert _count(window) == before


def test_month_precision_is_kept_and_the_end_date_waits_for_exact_days(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window, qtbot)
    qtbot.keyClicks(editor.widgets["title"].edit, "Astana Civil Service Forum")
    start, end = editor.widgets["start_date"], editor.widgets["end_date"]
    precision = editor.widgets["date_precision"]
    start.pick(QDate(2027, 9, 14))  # from the calendar
    assert start.edit.text() == "14 September 2027"
    precision.set_value("month")
    assert start.edit.text() == "September 2027"
    assert not end.edit.isEnabled()
    editor.save()
    assert editor.result() == RecordEditor.DialogCode.Accepted
    with window.context.db.session() as session:
        event = session.get(Event, editor.command.record_id)  # type: ignore[union-attr]
        assert (event.start_date, event.date_precision) == (date(2027, 9, 1), "month")
        assert event.end_date is None
    model = EventsModel(window.context)
    row = model.row_of(editor.command.record_id)  # type: ignore[union-attr]
    assert model.row_values(row)[1] == "September 2027 (exact dates to be confirmed)"


def test_an_existing_event_opens_at_its_precision_and_unknown_dates_are_not_saved(
    window, qtbot
) -> None:  # type: ignore[no-untyped-def]
    seminar = sample_uuid("seminar")
    editor = _editor(window, qtbot, seminar)
    assert editor.widgets["date_precision"].combo.currentText() == "Month only"
    assert editor.widgets["start_date"].edit.text() == "September 2017"
    editor.widgets["date_precision"].set_value("unknown")
    assert not editor.widgets["start_date"].edit.isEnabled()
    editor.save()
    with window.context.db.session() as session:
        event = session.get(Event, seminar)
        assert (event.date_precision, event.start_date) == ("unknown", None)


def test_a_day_where_only_the_month_is_known_is_explained(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window, qtbot)
    qtbot.keyClicks(editor.widgets["title"].edit, "Forum")
    qtbot.keyClicks(editor.widgets["start_date"].edit, "February 2027")
    editor.save()
    assert editor.errors["start_date"].text() == (
        "'February 2027' gives only the month; write the day too, like 3 February 2027 "
        'or 2027-02-03, or choose "Month only".'
    )


def test_the_host_citys_zone_is_suggested_and_any_zone_can_be_found(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window, qtbot)
    qtbot.keyClicks(editor.widgets["title"].edit, "Almaty Forum")
    zone = editor.widgets["timezone"]
    country = editor.widgets["host_country_id"]
    country.set_value(country_uuid("KAZ"))
    country.edited.emit()  # as when the officer picks the country
    assert zone.value() == "Asia/Almaty"
    completer = zone.combo.completer()
    completer.setCompletionPrefix("new york")
    assert completer.currentCompletion() == "America/New York"
    zone.combo.setCurrentIndex(zone.combo.findData("America/New_York"))
    zone.combo.activated.emit(zone.combo.currentIndex())
    assert zone.hint.isVisibleTo(editor)
    assert "Use Asia/Almaty" in zone.hint.text()
    zone.hint.linkActivated.emit("use")
    assert zone.value() == "Asia/Almaty"
    editor.save()
    with window.context.db.session() as session:
        assert session.get(Event, editor.command.record_id).timezone == "Asia/Almaty"  # type: ignore[union-attr]


def test_a_zone_that_does_not_exist_is_named(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window, qtbot)
    qtbot.keyClicks(editor.widgets["title"].edit, "Forum")
    zone = editor.widgets["timezone"]
    zone.combo.setEditText("ho chi minh")  # typed, not chosen from the list: one fits
    assert zone.value() == "Asia/Ho_Chi_Minh"
    zone.combo.setEditText("Mars/Olympus")
    editor.save()
    assert editor.errors["timezone"].text() == "'Mars/Olympus' is not a known time zone."


def test_kinds_and_statuses_read_as_the_lists_show_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window, qtbot, sample_uuid("seminar"))
    kind, status = editor.widgets["kind"].combo, editor.widgets["status"].combo
    model = EventsModel(window.context)
    listed = model.row_values(model.row_of(sample_uuid("seminar")))
    assert (kind.currentText(), status.currentText()) == (listed[3], listed[4])
    assert kind.currentText() == "Seminar"
    assert kind.itemText(kind.findData("official visit")) == "Official visit"
    assert kind.currentData() == "seminar"
