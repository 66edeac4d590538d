"""`protocol-desk export participants EVENT -o FILE.xlsx|FILE.csv`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "participants",
        help="participant list as XLSX or CSV (same columns as the import)",
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.participants_export import export_participants
    from app.services.resolve import resolve_event

    with database(args).session() as session:
        event = resolve_event(session, args.event)
        count = export_participants(session, event.id, args.output)
    print(f"Wrote {count} participant(s) of '{event.title}' to {args.output}.")
    return 0
