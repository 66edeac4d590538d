"""`protocol-desk import participants EVENT FILE`: a participant list from CSV or XLSX."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database

MAX_ERRORS_SHOWN = 20


def delimiter_argument(text: str) -> str:
    """argparse type for --delimiter: a bad value is a usage error naming the option."""
    from app.io.tabular import parse_delimiter

    try:
        return parse_delimiter(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="read data from a file into the database")
    kinds = parser.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    participants = kinds.add_parser(
        "participants",
        help="import a participant list (CSV or XLSX) into an event's delegations",
        description="Columns are recognised by their headers (given_name, family_name, "
        "delegation, role, e-mail...). The whole file is imported in one transaction or "
        "not at all; --dry-run shows what each row would do and writes nothing.",
    )
    participants.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    participants.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    participants.add_argument(
        "--dry-run", action="store_true", help="show each row's outcome, write nothing"
    )
    participants.add_argument(
        "--encoding", metavar="ENC", help="CSV encoding (default: detected), e.g. cp1251"
    )
    participants.add_argument(
        "--delimiter",
        metavar="SEP",
        type=delimiter_argument,
        help="CSV delimiter (default: detected): ',' ';' or 'tab'",
    )
    participants.add_argument("--sheet", metavar="NAME", help="XLSX sheet (default: the first)")
    participants.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.participants import ImportRefusedError, apply_import, preview_import
    from app.io.tabular import read_table
    from app.services.lookup import resolve_event

    table = read_table(
        args.file, encoding=args.encoding, delimiter=args.delimiter, sheet=args.sheet
    )
    print(f"Read {args.file} as {table.guess.describe()}; {len(table.rows)} row(s).")
    db = database(args)
    if args.dry_run:
        with db.session() as session:
            event = resolve_event(session, args.event)
            preview = preview_import(session, event.id, table)
        print(preview.column_report())
        for outcome in preview.outcomes:
            print(outcome.describe())
        for change in preview.delegation_changes:
            print(f"delegation {change}")
        print(f"Dry run, nothing written: {preview.summary()}.")
        return 1 if preview.has_errors else 0
    from app.db.locks import WAITING_MESSAGE, import_transaction

    def say_waiting() -> None:
        print(f"protocol-desk: {WAITING_MESSAGE}", file=sys.stderr, flush=True)

    try:
        with import_transaction(db, on_wait=say_waiting) as session:
            event = resolve_event(session, args.event)
            preview = apply_import(session, event.id, table)
    except ImportRefusedError as refused:
        for outcome in refused.preview.errors[:MAX_ERRORS_SHOWN]:
            print(outcome.describe(), file=sys.stderr)
        raise
    print(preview.column_report())
    for outcome in preview.outcomes:
        if outcome.notes:
            print(outcome.describe())
    print(f"Imported into '{event.title}': {preview.summary()}.")
    return 0
