"""`export ical` files checked byte by byte against RFC 5545 (see ics_rfc5545), and read
by a second, independent parser (vobject) that builds its own time zones from the file."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from app.cli.main import main
from app.db import Database
from app.model import Event, Person, ProgrammeItem, SpeakingRole
from app.services import records
from tests.io import ics_rfc5545

LONG_TITLE = "Ouverture; séance plénière, salle A — 开幕式 — افتتاح — Ашылу салтанаты"
LONG_DESCRIPTION = "第一行\n第二行, with; commas " + "名" * 40 + " नमस्ते" * 12
# (label, time zone, first day): a zone with summer time, one without, none (floating
# times), and a summer meeting after 2038, past icalendar's default VTIMEZONE range.
EVENTS = [
    ("paris", "Europe/Paris", date(2024, 10, 26)),
    ("quanzhou", "Asia/Shanghai", date(2024, 5, 6)),
    ("floating", None, date(2024, 5, 6)),
    ("after-2038", "Europe/Paris", date(2040, 7, 2)),
]


def programme(db: Database, tz: str | None, first: date) -> uuid.UUID:
    """Items of every shape: timed with an end, an instant (end = start), no end, a
    day-only item, multi-script text long enough to be folded, and one without a day."""

    def day(offset: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(first + timedelta(days=offset), datetime.min.time()).replace(
            hour=hour, minute=minute
        )

    with db.transaction() as session:
        event = records.create(
            session,
            Event,
            title="Forum de la gouvernance — 治理论坛 — منتدى الحوكمة",
            kind="forum",
            start_date=first,
            end_date=first + timedelta(days=2),
            date_precision="day",
            timezone=tz,
            city="Quanzhou",
            venue="Centre de conférences",
        )
        speaker = records.create(
            session, Person, given_names="Jiantang", family_name="MA", native_name="马建堂"
        )
        opening = records.create(
            session,
            ProgrammeItem,
            event_id=event.id,
            title=LONG_TITLE,
            kind="opening ceremony",
            starts_at=day(0, 9),
            ends_at=day(0, 10, 30),
            place="Salle A",
            description=LONG_DESCRIPTION,
        )
        records.create(
            session,
            SpeakingRole,
            programme_item_id=opening.id,
            person_id=speaker.id,
            role="keynote",
            topic="الحوكمة " * 15,
        )
        records.create(
            session,
            ProgrammeItem,
            event_id=event.id,
            title="Family photo",
            kind="other",
            starts_at=day(1, 12),
            ends_at=day(1, 12),
        )
        records.create(
            session,
            ProgrammeItem,
            event_id=event.id,
            title="Dinner",
            kind="meal",
            starts_at=day(1, 20),
        )
        records.create(
            session,
            ProgrammeItem,
            event_id=event.id,
            title="Site visit",
            kind="visit",
            day_number=3,
        )
        records.create(session, ProgrammeItem, event_id=event.id, title="Gala", kind="meal")
        return event.id


def export(db: Database, event_id: uuid.UUID, path: Path) -> bytes:
    assert main(["--db", db.url, "export", "ical", str(event_id), "-o", str(path)]) == 0
    return path.read_bytes()


@pytest.mark.parametrize(("label", "tz", "first"), EVENTS, ids=[e[0] for e in EVENTS])
def test_exported_calendar_is_strictly_valid(
    sqlite_db: Database, tmp_path: Path, label: str, tz: str | None, first: date
) -> None:
    data = export(sqlite_db, programme(sqlite_db, tz, first), tmp_path / f"{label}.ics")
    assert ics_rfc5545.problems(data) == []
    text = data.decode("utf-8")
    assert text.count("BEGIN:VEVENT") == 4  # the item without a day is left out
    assert max(len(line.encode()) for line in text.split("\r\n")) > 60  # folding was exercised
    if tz is None:
        assert "TZID" not in text
        assert "BEGIN:VTIMEZONE" not in text
    else:
        assert f"DTSTART;TZID={tz}:" in text
    visit = first + timedelta(days=2)
    assert f"DTSTART;VALUE=DATE:{visit:%Y%m%d}\r\n" in text
    assert f"DTEND;VALUE=DATE:{visit + timedelta(days=1):%Y%m%d}\r\n" in text


def test_second_opinion_vobject_reads_the_same_times(sqlite_db: Database, tmp_path: Path) -> None:
    """vobject turns the file's own VTIMEZONE into offsets; they must put each item at
    the instant the time zone database gives for the venue's wall-clock time."""
    first = date(2040, 7, 2)
    data = export(sqlite_db, programme(sqlite_db, "Europe/Paris", first), tmp_path / "p.ics")
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    assert calendar.version.value == "2.0"
    events = {e.summary.value: e for e in calendar.vevent_list}
    assert set(events) == {LONG_TITLE, "Family photo", "Dinner", "Site visit"}
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    opening = events[LONG_TITLE]
    assert opening.dtstart.value.astimezone(UTC) == datetime(2040, 7, 2, 9, tzinfo=paris)
    assert opening.dtend.value - opening.dtstart.value == timedelta(minutes=90)
    assert opening.description.value.startswith("Opening ceremony\nKeynote: ")
    assert LONG_DESCRIPTION in opening.description.value
    photo = events["Family photo"]
    assert photo.dtstart.value.astimezone(UTC) == datetime(2040, 7, 3, 12, tzinfo=paris)
    assert not hasattr(photo, "dtend")  # an instant: DTEND equal to DTSTART is invalid
    visit = events["Site visit"]
    assert visit.dtstart.value == date(2040, 7, 4)
    assert visit.dtend.value == date(2040, 7, 5)
    assert all(e.dtstamp.value.utcoffset() == timedelta(0) for e in events.values())


def test_empty_calendar_is_refused_not_written(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_db.transaction() as session:
        event = records.create(session, Event, title="Talks", kind="forum")
        records.create(session, ProgrammeItem, event_id=event.id, title="Tea", kind="meal")
        event_id = event.id
    path = tmp_path / "empty.ics"
    assert main(["--db", sqlite_db.url, "export", "ical", str(event_id), "-o", str(path)]) == 1
    assert "'Talks' has no programme item with a day or time (1 without a day or time)" in (
        capsys.readouterr().err
    )
    assert not path.exists()


GOOD = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:20240101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;TZID=Asia/Shanghai:20240506T090000\r\nDTEND;TZID=Asia/Shanghai:20240506T103000\r\n"
    "SUMMARY:x\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@t\r\nDTSTAMP:20240101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20240507\r\nDTEND;VALUE=DATE:20240508\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (lambda s: s.replace("\r\n", "\n"), "bare LF"),
        (lambda s: s.replace("SUMMARY:x", "SUMMARY:" + "x" * 80), "octets long"),
        (lambda s: s.replace("VERSION:2.0", "VERSION:1.0"), "VERSION:2.0"),
        (lambda s: s.replace("PRODID:-//t//t//EN\r\n", ""), "PRODID"),
        (lambda s: s.replace("DTSTAMP:20240101T000000Z\r\n", "", 1), "exactly one DTSTAMP"),
        (lambda s: s.replace("DTSTAMP:20240101T000000Z", "DTSTAMP:20240101T000000", 1), "UTC"),
        (lambda s: s.replace("UID:b@t", "UID:a@t"), "used by 2 events"),
        (lambda s: s.replace("T103000", "T083000"), "is not after DTSTART"),
        (lambda s: s.replace("T103000", "T090000"), "is not after DTSTART"),
        (lambda s: s.replace("TZID:Asia/Shanghai", "TZID:Asia/Tokyo"), "no VTIMEZONE"),
        (lambda s: s.replace("TZOFFSETTO:+0800", "TZOFFSETTO:+0900"), "the time zone database"),
        (lambda s: s.replace("DTSTART;VALUE=DATE:", "DTSTART:"), "without VALUE=DATE"),
        (lambda s: s.replace("20240508", "20240509"), "not the day after"),
        (lambda s: s.replace("DTEND;VALUE=DATE:20240508\r\n", ""), "all-day entry needs DTEND"),
        (lambda s: s.replace("END:VEVENT\r\nEND:VCALENDAR", "END:VCALENDAR"), "does not close"),
    ],
)
def test_the_checker_catches_what_clients_reject(
    broken: Callable[[str], str], problem: str
) -> None:
    assert ics_rfc5545.problems(GOOD.encode()) == []
    found = ics_rfc5545.problems(broken(GOOD).encode())
    assert any(problem in p for p in found), found


def test_the_checker_catches_a_fold_inside_a_character() -> None:
    name = "名".encode()
    unfolded = GOOD.encode().replace(b"SUMMARY:x", b"SUMMARY:" + name * 3)
    assert ics_rfc5545.problems(unfolded) == []
    split = unfolded.replace(name * 3, name + name[:1] + b"\r\n " + name[1:] + name)
    assert any("a fold split a character" in p for p in ics_rfc5545.problems(split))


@pytest.mark.parametrize(
    ("tz", "first"),
    [
        ("Europe/Paris", date(2024, 10, 26)),
        ("America/New_York", date(2027, 5, 3)),
        ("Australia/Sydney", date(2027, 9, 20)),  # summer time starts in October there
    ],
)
def test_each_change_of_offset_starts_at_its_real_instant(
    sqlite_db: Database, tmp_path: Path, tz: str, first: date
) -> None:
    """RFC 5545 reads an observance's DTSTART (and RDATE) in its TZOFFSETFROM: the spring
    change in Paris is written 02:00, not the 03:00 the clocks show just after it."""
    data = export(sqlite_db, programme(sqlite_db, tz, first), tmp_path / "zone.ics")
    calendar = icalendar.Calendar.from_ical(data)
    zone = zoneinfo.ZoneInfo(tz)
    changes = 0
    for vtimezone in calendar.walk("VTIMEZONE"):
        for observance in vtimezone.subcomponents:
            offset_from = observance.decoded("TZOFFSETFROM")
            offset_to = observance.decoded("TZOFFSETTO")
            if offset_from == offset_to:
                continue
            walls = [observance.decoded("DTSTART")]
            rdates = observance.get("RDATE", [])
            for listed in rdates if isinstance(rdates, list) else [rdates]:
                walls += [value.dt for value in listed.dts]
            for wall in walls:
                instant = (wall - offset_from).replace(tzinfo=UTC)
                assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == offset_from
                assert instant.astimezone(zone).utcoffset() == offset_to
                changes += 1
    assert changes >= 4  # two changes a year, over the years the file covers
