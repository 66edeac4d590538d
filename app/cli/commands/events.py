"""`protocol-desk events`: list events."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import database, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("events", help="list events")
    parser.add_argument("--json", action="store_true", help="print JSON (see README)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.model import Event
    from app.services.dossier import event_dates_text

    db = database(args)
    with db.session() as session:
        events = list(session.scalars(select(Event).order_by(Event.start_date, Event.title)))
        rows = [
            {
                "id": str(e.id),
                "title": e.title,
                "kind": e.kind,
                "status": e.status,
                "city": e.city,
                "host_country": e.host_country.name_en if e.host_country else None,
                "start_date": e.start_date.isoformat() if e.start_date else None,
                "date_precision": e.date_precision,
                "dates_text": event_dates_text(e),
            }
            for e in events
        ]
    if args.json:
        print_json({"schema": 1, "events": rows})
    elif not rows:
        print("No events yet. Load the sample with: protocol-desk demo")
    else:
        for row in rows:
            place = ", ".join(p for p in (row["city"], row["host_country"]) if p)
            print(f"{str(row['id'])[:8]}  {row['title']} — {place} — {row['dates_text']}")
    return 0
