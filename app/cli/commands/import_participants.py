"""`protocol-desk import participants EVENT FILE`: a participant list from CSV or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

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
        "not at all; --dry-run shows what each row would do and writes nothing; "
        "--skip-invalid imports the valid rows and writes the others, with what is wrong "
        "with each, to FILE's name with .rejected.csv beside it.",
    )
    participants.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    participants.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    participants.add_argument(
        "--dry-run", action="store_true", help="show each row's outcome, write nothing"
    )
    participants.add_argument(
        "--encoding",
        metavar="ENC",
        help="CSV encoding (default: detected), e.g. cp1251, or utf-8+cp1251 for a file "
        "mixing UTF-8 lines with Windows-1251 ones",
    )
    participants.add_argument(
        "--delimiter",
        metavar="SEP",
        type=delimiter_argument,
        help="CSV delimiter (default: detected): ',' ';' or 'tab'",
    )
    participants.add_argument("--sheet", metavar="NAME", help="XLSX sheet (default: the first)")
    participants.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid rows, write the rejected ones to NAME.rejected.csv",
    )
    participants.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.import_operation import import_participants
    from app.io.participants import ImportPreview, ImportRefusedError, preview_import
    from app.io.tabular import read_table
    from app.services.resolve import resolve_event

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
        _print_country_hints(preview)
        print(f"Dry run, nothing written: {preview.summary()}.")
        if args.skip_invalid:  # only an error of no row would still refuse the file
            return 1 if any(o.row == 0 for o in preview.errors) else 0
        return 1 if preview.has_errors else 0
    with db.session() as session:
        event = resolve_event(session, args.event)
    from app.backups import automatic_backup
    from app.db.locks import WAITING_MESSAGE

    def say_waiting() -> None:
        print(f"protocol-desk: {WAITING_MESSAGE}", file=sys.stderr, flush=True)

    automatic_backup(db, "before-import")
    try:
        rejected: list[Path | None] = [None]

        def write_rejected(preview: ImportPreview) -> None:
            # Before the commit: a rejected file that cannot be written imports nothing.
            rejected[0] = _write_rejected(table, preview, args.file)

        preview, _result = import_participants(
            db,
            event.id,
            table,
            skip_invalid=args.skip_invalid,
            before_commit=write_rejected,
            on_wait=say_waiting,
        )
        rejected_file = rejected[0]
    except ImportRefusedError as refused:
        for outcome in refused.preview.errors[:MAX_ERRORS_SHOWN]:
            print(outcome.describe(), file=sys.stderr)
        _print_country_hints(refused.preview, sys.stderr)
        raise
    print(preview.column_report())
    for outcome in preview.outcomes:
        if outcome.notes:
            print(outcome.describe())
    print(f"Imported into '{event.title}': {preview.summary()}.")
    if rejected_file is not None:
        for outcome in preview.rejected[:MAX_ERRORS_SHOWN]:
            print(outcome.describe(), file=sys.stderr)
        _print_country_hints(preview, sys.stderr)
        print(
            f"{len(preview.rejected)} row(s) left out, written with the reason for each to "
            f"{rejected_file}; correct them there and import that file."
        )
    return 0


def _write_rejected(table: Any, preview: Any, original: str) -> Path | None:
    from app.io.rejected import write_rejected

    return write_rejected(table, preview.rejected, original) if preview.rejected else None


def _print_country_hints(preview: Any, stream: TextIO | None = None) -> None:
    """An unknown country once per value, not once per row, with what it may be."""
    from app.services.countries import country_index

    stream = stream or sys.stdout
    labels = country_index().labels
    for value, suggestions in preview.unknown_countries.items():
        if suggestions:
            names = ", ".join(f"{labels.get(a, a)} ({a})" for a in suggestions)
            print(f"country '{value}': did you mean {names}?", file=stream)
