"""`protocol-desk export briefing EVENT -o FILE.pdf`: the briefing pack of an event."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.common import database
from app.errors import DomainError


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "briefing",
        help="the briefing pack PDF of an event, a delegation or a person",
        description="Write the briefing pack of EVENT as a PDF: the whole event, or only "
        "what concerns one delegation or one person.",
    )
    parser.add_argument("event", metavar="EVENT", help="event id, id prefix or exact title")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF to write")
    subject = parser.add_mutually_exclusive_group()
    subject.add_argument("--delegation", metavar="NAME_OR_ID", help="pack for one delegation")
    subject.add_argument("--person", metavar="NAME_OR_ID", help="pack for one person")
    parser.add_argument(
        "--classification",
        metavar="TEXT",
        help="marking on every page (default: the event's own; '' for none)",
    )
    parser.add_argument("--paper", choices=["a4", "letter"], default="a4")
    parser.add_argument("--notes-pages", action="store_true", help="add blank notes pages")
    parser.add_argument(
        "--changes-page",
        action="store_true",
        help="add a page of the changes since the previous pack, after the contents",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.journal.packs import changes_since_last_pack, pack_position, record_printed_pack
    from app.reports.briefing import BriefingOptions, PackKind, Paper, build_briefing
    from app.services.resolve import resolve_delegation, resolve_event, resolve_person

    output = Path(args.output)
    _check_output(output)
    db = database(args)
    with db.session() as session:
        event = resolve_event(session, args.event)
        kind, subject = PackKind.EVENT, None
        if args.delegation:
            kind, subject = (
                PackKind.DELEGATION,
                resolve_delegation(session, event, args.delegation).id,
            )
        elif args.person:
            kind, subject = PackKind.PERSON, resolve_person(session, args.person).id
        position = pack_position(session)
        changes = (
            changes_since_last_pack(session, event.id, kind.value, subject)
            if args.changes_page
            else None
        )
        options = BriefingOptions(
            kind=kind,
            subject_id=subject,
            classification=args.classification,
            paper=Paper(args.paper),
            include_notes_pages=args.notes_pages,
            changes=changes,
        )
        try:
            result = build_briefing(session, event.id, output, options)
        except PermissionError as error:
            raise DomainError("output", f"cannot write {output}: {error.strerror}") from error
    record_printed_pack(db, event.id, kind.value, subject, output.name, position)
    print(result.path)
    if result.missing_characters:
        shown = " ".join(f"U+{ord(c):04X}" for c in result.missing_characters)
        # On stderr, as every other export says it (README): stdout keeps the file name.
        print(
            f"warning: no font for these characters, printed as [U+XXXX]: {shown}", file=sys.stderr
        )
    return 0


def _check_output(output: Path) -> None:
    """Refuse before any work an output the user cannot mean or we cannot write."""
    if output.is_dir():
        raise DomainError("output", f"{output} is a folder; give a file name ending in .pdf")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise DomainError("output", f"folder {folder} does not exist")

    if not os.access(folder, os.W_OK):
        raise DomainError("output", f"folder {folder} is not writable")
