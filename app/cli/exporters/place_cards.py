"""`protocol-desk export place-cards EVENT --item ITEM -o FILE.pdf [--per-page 1|2]`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "place-cards", help="fold-over tent cards for the people seated at a programme item"
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    parser.add_argument(
        "--item", required=True, metavar="ITEM",
        help="programme item of the event: UUID, unique prefix or exact title",
    )  # fmt: skip
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.pdf")
    parser.add_argument(
        "--per-page", type=int, choices=[1, 2], default=1,
        help="1: one large card per A4 landscape sheet (default); 2: two smaller cards per A4",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import atomic_output
    from app.reports.protocol.common import output_file, warning_lines
    from app.reports.protocol.place_cards import place_card_entries, render_place_cards
    from app.services.resolve import resolve_event, resolve_item

    path = output_file(args.output, [".pdf"])
    with database(args).session() as session:
        event = resolve_event(session, args.event)
        item = resolve_item(session, event, args.item)
        entries = place_card_entries(session, item.id)
        title = item.title
    if not entries:
        print(f"protocol-desk: nobody is seated at '{title}'", file=sys.stderr)
        return 1
    with atomic_output(path) as partial:
        rendered = render_place_cards(
            entries, partial, title=f"Place cards — {title}", per_page=args.per_page
        )
    for line in warning_lines(rendered):
        print(line, file=sys.stderr)
    print(f"Wrote {rendered.items} place card(s) for '{title}' to {path}.")
    return 0
