"""`protocol-desk history EVENT` and `protocol-desk revert OPERATION`: the change journal."""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, date, datetime
from typing import Any

from app.cli.common import database, print_json
from app.errors import AmbiguousReferenceError, DomainError, NotFoundError


def register(subparsers: Any) -> None:
    history = subparsers.add_parser(
        "history",
        help="what changed in an event: who, when, each field before and after",
        description="List the changes of EVENT (its records and the people taking part), "
        "oldest first.",
    )
    history.add_argument("event", metavar="EVENT", help="event id, id prefix or exact title")
    history.add_argument(
        "--since-last-pack",
        action="store_true",
        help="only changes after the last briefing pack printed for the event",
    )
    history.add_argument("--since", metavar="DATE", help="only changes on or after DATE (ISO)")
    history.add_argument("--json", action="store_true", help="print JSON (see README)")
    history.set_defaults(handler=run_history)

    revert = subparsers.add_parser(
        "revert",
        help="take back a past operation (an import, an edit) as a new operation",
        description="Undo OPERATION (an id or unique prefix from `history`), refusing if a "
        "later change is in the way.",
    )
    revert.add_argument("operation", metavar="OPERATION", help="operation id or id prefix")
    revert.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    revert.set_defaults(handler=run_revert)


def run_history(args: argparse.Namespace) -> int:
    from app.journal.history import ChangeFilter, event_changes, last_printed_pack
    from app.services.resolve import resolve_event

    since = _parse_since(args.since) if args.since else None
    db = database(args)
    with db.session() as session:
        event = resolve_event(session, args.event)
        since_seq = None
        if args.since_last_pack:
            pack = last_printed_pack(session, event.id)
            if pack is None:
                raise DomainError("--since-last-pack", f"no pack of '{event.title}' was printed")
            since_seq = pack.last_seq
        rows = event_changes(session, event.id, ChangeFilter(since_seq=since_seq, since=since))
    if args.json:
        print_json({"schema": 1, "changes": [row.to_json() for row in rows]})
        return 0
    if not rows:
        print(f"No changes recorded for '{event.title}' in that period.")
    for row in rows:
        print(f"{str(row.operation_id)[:8]}  {row.sentence()}")
    return 0


def run_revert(args: argparse.Namespace) -> int:
    from app.journal.revert import revert_operation

    db = database(args)
    operation_id, label = _resolve_operation(db, args.operation)
    result = revert_operation(db, operation_id, dry_run=args.dry_run)
    counted = sum(len(ids) for ids in result.changes.records.values())
    if args.dry_run:
        print(f"Dry run, nothing written: reverting '{label}' would change {counted} record(s).")
    else:
        print(f"Reverted '{label}': {counted} record(s) changed (operation {result.operation_id}).")
    return 0


def _resolve_operation(db: Any, reference: str) -> tuple[uuid.UUID, str]:
    """An operation by its id or a unique prefix of it (with or without dashes)."""
    from sqlalchemy import select

    from app.model import operation_table as table

    text = reference.strip().lower().replace("-", "")
    if len(text) < 4:
        raise DomainError("OPERATION", "give at least 4 characters of the operation id")
    with db.session() as session:
        rows = [
            r
            for r in session.execute(select(table.c.id, table.c.label))
            if r.id.hex.startswith(text)
        ]
    if len(rows) > 1:
        raise AmbiguousReferenceError("operation", reference, [f"{r.label} ({r.id})" for r in rows])
    if not rows:
        raise NotFoundError("operation", reference)
    return rows[0].id, rows[0].label


def _parse_since(text: str) -> datetime:
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DomainError("--since", f"'{text}' is not a date (YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
