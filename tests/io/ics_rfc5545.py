"""A strict RFC 5545 check of an .ics file's raw bytes, independent of the icalendar library.

Calendar clients differ in what they forgive; this checks what all of them rely on:
CRLF line endings, lines folded at 75 octets without splitting a UTF-8 character,
PRODID and VERSION:2.0, every VEVENT with UID, DTSTAMP (UTC) and DTSTART, DTEND after
DTSTART, all-day entries as VALUE=DATE lasting one day, and every TZID defined by a
VTIMEZONE in the same file whose offsets agree with the time zone database.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

MAX_OCTETS = 75
DATE = re.compile(r"^\d{8}$")
LOCAL_TIME = re.compile(r"^\d{8}T\d{6}$")
UTC_TIME = re.compile(r"^\d{8}T\d{6}Z$")
OFFSET = re.compile(r"^[+-]\d{4}$")


@dataclass
class ContentLine:
    name: str
    params: dict[str, str]
    value: str


@dataclass
class Component:
    name: str
    lines: list[ContentLine] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[ContentLine]:
        return [line for line in self.lines if line.name == name]

    def one(self, name: str) -> ContentLine | None:
        found = self.all(name)
        return found[0] if len(found) == 1 else None


def problems(data: bytes) -> list[str]:
    """Everything in ``data`` that a strict reader would reject; empty when valid."""
    found: list[str] = []
    physical = _physical_lines(data, found)
    logical = _unfold(physical, found)
    calendar = _structure(logical, found)
    if calendar is None:
        return found
    _check_calendar(calendar, found)
    return found


def _physical_lines(data: bytes, found: list[str]) -> list[str]:
    if not data.endswith(b"\r\n"):
        found.append("the file does not end with CRLF")
    bare = data.replace(b"\r\n", b"")
    if b"\n" in bare or b"\r" in bare:
        found.append("a line ends with a bare LF or CR instead of CRLF")
    lines: list[str] = []
    for number, raw in enumerate(data.split(b"\r\n")[:-1], start=1):
        if len(raw) > MAX_OCTETS:
            found.append(f"line {number} is {len(raw)} octets long (at most {MAX_OCTETS})")
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            # Each folded piece must hold whole characters, or clients show garbage.
            found.append(f"line {number} is not UTF-8 on its own (a fold split a character)")
            lines.append(raw.decode("utf-8", errors="replace"))
    return lines


def _unfold(lines: list[str], found: list[str]) -> list[str]:
    logical: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line[:1] in (" ", "\t"):
            if not logical:
                found.append("the file starts with a continuation line")
                continue
            logical[-1] += line[1:]
        elif line:
            logical.append(line)
        else:
            found.append(f"line {number} is empty")
    return logical


def _parse(line: str) -> ContentLine | None:
    parts: list[str] = []
    current, quoted = "", False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        if not quoted and char in ";:":
            parts.append(current)
            current = ""
            if char == ":":
                name, *params = parts
                values = dict(p.split("=", 1) for p in params if "=" in p)
                if len(values) != len(params) or not re.fullmatch(r"[A-Za-z0-9-]+", name):
                    return None
                return ContentLine(
                    name.upper(), {k.upper(): v for k, v in values.items()}, line[index + 1 :]
                )
            continue
        current += char
    return None


def _structure(lines: list[str], found: list[str]) -> Component | None:
    stack: list[Component] = []
    root: Component | None = None
    for line in lines:
        parsed = _parse(line)
        if parsed is None:
            found.append(f"not a content line: {line[:60]!r}")
            continue
        if parsed.name == "BEGIN":
            component = Component(parsed.value.upper())
            if stack:
                stack[-1].children.append(component)
            elif root is None:
                root = component
            else:
                found.append("content after END:VCALENDAR")
            stack.append(component)
        elif parsed.name == "END":
            if not stack or stack[-1].name != parsed.value.upper():
                found.append(f"END:{parsed.value} does not close the open component")
                return None
            stack.pop()
        elif not stack:
            found.append(f"{parsed.name} outside any component")
        else:
            stack[-1].lines.append(parsed)
    if stack:
        found.append(f"BEGIN:{stack[-1].name} is never closed")
    if root is None or root.name != "VCALENDAR":
        found.append("the file is not a VCALENDAR")
        return None
    return root


def _check_calendar(calendar: Component, found: list[str]) -> None:
    prodid, version = calendar.all("PRODID"), calendar.all("VERSION")
    if len(prodid) != 1 or not prodid[0].value:
        found.append("the calendar needs exactly one PRODID")
    if [v.value for v in version] != ["2.0"]:
        found.append("the calendar needs exactly one VERSION:2.0")
    if not calendar.children:
        found.append("the calendar has no component (RFC 5545 wants at least one)")
    zones: dict[str, Component] = {}
    for zone in (c for c in calendar.children if c.name == "VTIMEZONE"):
        tzid = zone.one("TZID")
        if tzid is None:
            found.append("a VTIMEZONE without exactly one TZID")
            continue
        zones[tzid.value] = zone
        _check_zone(zone, found)
    events = [c for c in calendar.children if c.name == "VEVENT"]
    uids = Counter(e.one("UID").value for e in events if e.one("UID") is not None)
    for uid, times in uids.items():
        if times > 1:
            found.append(f"UID {uid} is used by {times} events")
    for event in events:
        _check_event(event, zones, found)
    for component in calendar.children:
        for line in [*component.lines, *(x for c in component.children for x in c.lines)]:
            tzid = line.params.get("TZID")
            if tzid is not None and tzid not in zones:
                found.append(f"{line.name};TZID={tzid} but no VTIMEZONE with that TZID")


def _check_zone(zone: Component, found: list[str]) -> None:
    tzid = zone.one("TZID")
    assert tzid is not None
    observances = [c for c in zone.children if c.name in ("STANDARD", "DAYLIGHT")]
    if not observances:
        found.append(f"VTIMEZONE {tzid.value} has no STANDARD or DAYLIGHT part")
    for part in observances:
        start = part.one("DTSTART")
        if start is None or not LOCAL_TIME.match(start.value):
            found.append(f"VTIMEZONE {tzid.value}: {part.name} needs a local DTSTART")
        for name in ("TZOFFSETFROM", "TZOFFSETTO"):
            offset = part.one(name)
            if offset is None or not OFFSET.match(offset.value):
                found.append(f"VTIMEZONE {tzid.value}: {part.name} needs {name} as +HHMM")


def _check_event(event: Component, zones: dict[str, Component], found: list[str]) -> None:
    uid = event.one("UID")
    label = f"VEVENT {uid.value if uid else '(no UID)'}"
    for name in ("UID", "DTSTAMP", "DTSTART"):
        if event.one(name) is None:
            found.append(f"{label} needs exactly one {name}")
    stamp = event.one("DTSTAMP")
    if stamp is not None and not UTC_TIME.match(stamp.value):
        found.append(f"{label}: DTSTAMP {stamp.value} is not a UTC date-time")
    start, end = event.one("DTSTART"), event.one("DTEND")
    if len(event.all("DTEND")) > 1 or (end is not None and event.all("DURATION")):
        found.append(f"{label}: one DTEND, or a DURATION, not both")
    if start is None:
        return
    begins = _moment(start, zones, label, found)
    if start.params.get("VALUE") == "DATE":
        if end is None or end.params.get("VALUE") != "DATE":
            found.append(f"{label}: an all-day entry needs DTEND;VALUE=DATE (the next day)")
            return
        ends = _moment(end, zones, label, found)
        if isinstance(begins, date) and ends != begins + timedelta(days=1):
            found.append(f"{label}: all-day DTEND {end.value} is not the day after {start.value}")
        return
    if end is None:
        return
    ends = _moment(end, zones, label, found)
    if isinstance(begins, datetime) and isinstance(ends, datetime):
        if (begins.tzinfo is None) != (ends.tzinfo is None):
            found.append(f"{label}: DTSTART and DTEND mix floating and zoned times")
        elif ends <= begins:
            found.append(f"{label}: DTEND {end.value} is not after DTSTART {start.value}")


def _moment(
    line: ContentLine, zones: dict[str, Component], label: str, found: list[str]
) -> date | datetime | None:
    value, tzid = line.value, line.params.get("TZID")
    if line.params.get("VALUE") == "DATE":
        if not DATE.match(value) or tzid is not None:
            found.append(f"{label}: {line.name} {value} is not a plain DATE")
            return None
        return datetime.strptime(value, "%Y%m%d").date()
    if DATE.match(value):
        found.append(f"{label}: {line.name} {value} is a date without VALUE=DATE")
        return None
    if UTC_TIME.match(value) and tzid is None:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=zoneinfo.ZoneInfo("UTC"))
    if not LOCAL_TIME.match(value):
        found.append(f"{label}: {line.name} {value} is not a date-time")
        return None
    local = datetime.strptime(value, "%Y%m%dT%H%M%S")
    if tzid is None:
        return local  # floating: the reader's own time zone
    zone = zones.get(tzid)
    if zone is None:
        return None  # reported with every TZID reference
    offset = zone_offset(zone, local)
    if offset is None:
        found.append(f"{label}: {line.name} {value} is before every observance of {tzid}")
        return None
    expected = local.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).utcoffset()
    if offset != expected:
        found.append(
            f"{label}: VTIMEZONE {tzid} gives {line.name} {value} the offset {offset}, "
            f"the time zone database {expected}"
        )
    return (local - offset).replace(tzinfo=zoneinfo.ZoneInfo("UTC"))


def zone_offset(zone: Component, local: datetime) -> timedelta | None:
    """The UTC offset a VTIMEZONE gives a local time: that of the latest onset before it."""
    best: tuple[datetime, timedelta] | None = None
    for part in zone.children:
        start, to = part.one("DTSTART"), part.one("TZOFFSETTO")
        if start is None or to is None:
            continue
        first = datetime.strptime(start.value, "%Y%m%dT%H%M%S")
        onsets = [first]
        for rdate in part.all("RDATE"):
            onsets += [datetime.strptime(v, "%Y%m%dT%H%M%S") for v in rdate.value.split(",")]
        for rule in part.all("RRULE"):
            onsets += list(rrulestr(rule.value, dtstart=first).between(first, local, inc=True))
        sign = -1 if to.value[0] == "-" else 1
        offset = sign * timedelta(hours=int(to.value[1:3]), minutes=int(to.value[3:5]))
        for onset in onsets:
            if onset <= local and (best is None or onset > best[0]):
                best = (onset, offset)
    return best[1] if best else None
