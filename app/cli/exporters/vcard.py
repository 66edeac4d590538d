"""`protocol-desk export vcard EVENT (--delegation NAME | --liaison-officers) -o FILE.vcf`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "vcard", help="contacts (vCard 4.0) of a delegation or liaison officers"
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--delegation",
        metavar="NAME_OR_ID",
        help="delegation by id, name, country (name or ISO code), organisation or head",
    )
    which.add_argument(
        "--liaison-officers", action="store_true", help="the event's liaison officers"
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.vcf")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import write_private_bytes
    from app.io.vcard import delegation_contacts, liaison_officer_contacts
    from app.services.resolve import resolve_delegation, resolve_event

    with database(args).session() as session:
        event = resolve_event(session, args.event)
        if args.liaison_officers:
            text = liaison_officer_contacts(session, event.id)
        else:
            delegation = resolve_delegation(session, event, args.delegation)
            text = delegation_contacts(session, delegation.id)
    write_private_bytes(Path(args.output), text.encode("utf-8"))
    count = text.count("BEGIN:VCARD")
    print(f"Wrote {count} contact(s) to {args.output}.")
    return 0
