"""`protocol-desk export ical EVENT -o FILE.ics [--person NAME_OR_ID]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "ical",
        help="the programme as an iCalendar file (one entry per programme item)",
        description="Items with a time use the event's time zone; items known only by "
        "their day become all-day entries; items with neither are left out (listed).",
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.ics")
    parser.add_argument(
        "--person",
        metavar="NAME_OR_ID",
        help="only the items this person chairs, speaks at, signs or witnesses",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.ical import programme_calendar
    from app.io.private import write_private_bytes
    from app.services.resolve import resolve_event, resolve_person

    with database(args).session() as session:
        event = resolve_event(session, args.event)
        person = resolve_person(session, args.person) if args.person else None
        export = programme_calendar(session, event.id, person.id if person else None)
    write_private_bytes(Path(args.output), export.data)
    print(
        f"Wrote {export.timed + export.all_day} programme item(s) to {args.output} "
        f"({export.timed} timed, {export.all_day} all-day)."
    )
    for title in export.skipped:
        print(f"note: '{title}' has no date or time yet and was left out", file=sys.stderr)
    return 0
