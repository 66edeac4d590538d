"""The programme as iCalendar (RFC 5545), one VEVENT per programme item.

Times are the venue's wall-clock times in the event's time zone, so the file carries
a VTIMEZONE and phones abroad show the right hour. An item known only by its day
becomes an all-day entry on that day (what a calendar user expects to see for
"Day 2: site visit"); an item with neither time nor day is left out and named in
``skipped``, since a calendar cannot place it. A file with no entry at all is not
written: RFC 5545 wants at least one component, and an empty calendar imports as
nothing without telling the user why.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import __version__
from app.errors import ProtocolDeskError
from app.model import Event, Person, ProgrammeItem, SigningCeremony
from app.model.enums import DatePrecision
from app.services import records
from app.services.dossier import programme_order

if TYPE_CHECKING:
    from icalendar import Component

PRODID = f"-//Protocol Desk//protocol-desk {__version__}//EN"
UID_DOMAIN = "protocol-desk"


class EmptyCalendarError(ProtocolDeskError):
    """No programme item can be placed in a calendar; nothing is written."""


@dataclass
class CalendarExport:
    data: bytes
    timed: int = 0
    all_day: int = 0
    skipped: list[str] = field(default_factory=list)


def item_uid(item: ProgrammeItem) -> str:
    """Stable across exports, so re-importing a new version updates the same entry."""
    return f"{item.id}@{UID_DOMAIN}"


def programme_calendar(
    session: Session, event_id: uuid.UUID, person_id: uuid.UUID | None = None
) -> CalendarExport:
    """The event's programme; with ``person_id``, only items where that person chairs,
    speaks, signs or witnesses (their own agenda, not the whole conference)."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    event = records.get(session, Event, event_id)
    person = records.get(session, Person, person_id) if person_id is not None else None
    zone = zoneinfo.ZoneInfo(event.timezone) if event.timezone else None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = event.title if person is None else f"{event.title} — {person.full_name}"
    calendar.add("x-wr-calname", name)
    if event.timezone:
        calendar.add("x-wr-timezone", event.timezone)
    export = CalendarExport(b"")
    years: set[int] = set()
    ceremony_people = _ceremony_people(session, event.id)
    for item in sorted(event.programme, key=programme_order):
        if person is not None and person.id not in _people_of(item, ceremony_people):
            continue
        entry = VEvent()
        entry.add("uid", item_uid(item))
        entry.add("dtstamp", _utc(item.updated_at))
        entry.add("last-modified", _utc(item.updated_at))
        entry.add("sequence", max(item.revision - 1, 0))
        entry.add("summary", item.title)
        if item.starts_at is not None:
            entry.add("dtstart", _local(item.starts_at, zone))
            # RFC 5545 wants DTEND after DTSTART; an item that ends as it starts (or
            # whose end is unknown) is a moment, which DTSTART alone says.
            if item.ends_at is not None and item.ends_at > item.starts_at:
                entry.add("dtend", _local(item.ends_at, zone))
            years.update(m.year for m in (item.starts_at, item.ends_at) if m is not None)
            export.timed += 1
        else:
            day = _item_day(event, item)
            if day is None:
                export.skipped.append(item.title)
                continue
            entry.add("dtstart", day)
            entry.add("dtend", day + timedelta(days=1))
            entry.add("transp", "TRANSPARENT")
            export.all_day += 1
        location = item.place or ", ".join(p for p in (event.venue, event.city) if p)
        if location:
            entry.add("location", location)
        entry.add("description", _description(item))
        entry.add("categories", [item.kind])
        calendar.add_component(entry)
    if not export.timed + export.all_day:
        whose = f" for {person.full_name}" if person is not None else ""
        left_out = f" ({len(export.skipped)} without a day or time)" if export.skipped else ""
        raise EmptyCalendarError(
            f"'{event.title}' has no programme item{whose} with a day or time{left_out}; "
            "no calendar written"
        )
    if years:
        # The VTIMEZONE covers the programme's years (icalendar's default stops in
        # 2038, which would put a later summer meeting an hour off) and stays small.
        calendar.add_missing_timezones(date(min(years), 1, 1), date(max(years) + 2, 1, 1))
        for vtimezone in calendar.walk("VTIMEZONE"):
            _correct_onsets(vtimezone)
    export.data = calendar.to_ical()
    return export


def _correct_onsets(vtimezone: Component) -> None:
    """Give each observance's DTSTART and RDATE in the offset *before* the change.

    RFC 5545 combines an observance's DTSTART with its TZOFFSETFROM, so the spring
    change in Paris starts at 02:00. icalendar (7.x) writes the later of the two wall
    times, 03:00, which a strict reader takes for an hour after the change.
    """
    zone = zoneinfo.ZoneInfo(str(vtimezone["TZID"]))
    for observance in vtimezone.subcomponents:
        offset_from: timedelta = observance.decoded("TZOFFSETFROM")
        offset_to: timedelta = observance.decoded("TZOFFSETTO")
        onsets: list[datetime] = [observance.decoded("DTSTART")]
        rdates: Any = observance.get("RDATE", [])  # one list property, or several
        for listed in rdates if isinstance(rdates, list) else [rdates]:
            onsets += [value.dt for value in listed.dts]
        fixed = [_onset(zone, wall, offset_from, offset_to) for wall in onsets]
        del observance["DTSTART"]
        observance.add("DTSTART", fixed[0])
        if "RDATE" in observance:
            del observance["RDATE"]
            for wall in fixed[1:]:
                observance.add("RDATE", wall)


def _onset(
    zone: zoneinfo.ZoneInfo, wall: datetime, offset_from: timedelta, offset_to: timedelta
) -> datetime:
    """The local time, in ``offset_from``, of the change near ``wall`` (``wall`` when
    no change of zone offsets fits, as for a zone's first observance)."""
    for offset in (offset_from, offset_to):
        instant = (wall - offset).replace(tzinfo=UTC)
        before = (instant - timedelta(seconds=1)).astimezone(zone).utcoffset()
        after = instant.astimezone(zone).utcoffset()
        if before == offset_from and after == offset_to:
            return (instant + offset_from).replace(tzinfo=None)
    return wall


def _ceremony_people(session: Session, event_id: uuid.UUID) -> dict[uuid.UUID, set[uuid.UUID]]:
    people: dict[uuid.UUID, set[uuid.UUID]] = {}
    ceremonies = session.scalars(
        select(SigningCeremony).where(
            SigningCeremony.event_id == event_id, SigningCeremony.programme_item_id.is_not(None)
        )
    )
    for ceremony in ceremonies:
        assert ceremony.programme_item_id is not None
        found = people.setdefault(ceremony.programme_item_id, set())
        found.update(s.person_id for s in ceremony.signatories)
        found.update(w.person_id for w in ceremony.witnesses)
    return people


def _people_of(
    item: ProgrammeItem, ceremony_people: dict[uuid.UUID, set[uuid.UUID]]
) -> set[uuid.UUID]:
    people = {s.person_id for s in item.speakers}
    if item.chair_id is not None:
        people.add(item.chair_id)
    return people | ceremony_people.get(item.id, set())


def _item_day(event: Event, item: ProgrammeItem) -> date | None:
    if item.day_number is None or event.start_date is None:
        return None
    if event.date_precision != DatePrecision.DAY.value:
        return None
    return event.start_date + timedelta(days=item.day_number - 1)


def _local(moment: datetime, zone: zoneinfo.ZoneInfo | None) -> datetime:
    # Without a time zone on the event the times stay "floating": the phone's own zone.
    return moment.replace(tzinfo=zone) if zone is not None else moment


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive UTC; PostgreSQL an aware value.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _description(item: ProgrammeItem) -> str:
    lines = [item.kind.capitalize()]
    if item.chair is not None:
        lines.append(f"Chair: {item.chair.full_name}")
    for speaker in item.speakers:
        if speaker.is_deleted:
            continue
        topic = f" — {speaker.topic}" if speaker.topic else ""
        lines.append(f"{speaker.role.capitalize()}: {speaker.person.full_name}{topic}")
    if item.dress_code:
        lines.append(f"Dress code: {item.dress_code}")
    if item.description:
        lines += ["", item.description]
    return "\n".join(lines)
