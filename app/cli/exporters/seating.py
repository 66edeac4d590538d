"""`protocol-desk export seating EVENT --item ITEM -o FILE.pdf [--layout ...]`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database

LAYOUT_CHOICES = {
    "signing-table": "signing table",
    "head-table": "head table",
    "u-shape": "U-shape",
    "bilateral": "bilateral",
    "theatre": "theatre",
}
# The layout an item is seated in unless asked otherwise, by its kind.
DEFAULT_BY_KIND = {
    "signing ceremony": "signing table",
    "bilateral meeting": "bilateral",
    "opening ceremony": "head table",
    "closing ceremony": "head table",
    "panel": "head table",
}


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "seating", help="seating plan diagram of a programme item (the kept plan if adjusted)"
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    parser.add_argument(
        "--item", required=True, metavar="ITEM",
        help="programme item of the event: UUID, unique prefix or exact title",
    )  # fmt: skip
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.pdf")
    parser.add_argument(
        "--layout", choices=list(LAYOUT_CHOICES),
        help="default: by the item's kind (signing ceremony: signing-table, bilateral "
        "meeting: bilateral, ceremonies and panels: head-table, else u-shape)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import atomic_output
    from app.protocol.seating import Layout, load_plan, plan_for_item, with_native_names
    from app.reports.protocol.common import output_file, warning_lines
    from app.reports.protocol.seating_pdf import DiagramHeading, render_seating
    from app.services.resolve import resolve_event, resolve_item

    path = output_file(args.output, [".pdf"])
    with database(args).session() as session:
        event = resolve_event(session, args.event)
        item = resolve_item(session, event, args.item)
        name = LAYOUT_CHOICES[args.layout] if args.layout else DEFAULT_BY_KIND.get(item.kind)
        layout = Layout(name or "U-shape")
        plan = load_plan(session, item.id, layout) or plan_for_item(session, item.id, layout)
        plan = with_native_names(session, plan)
        when = f"{item.starts_at:%d %B %Y, %H:%M}" if item.starts_at else ""
        subtitle = " · ".join(t for t in (event.title, when, item.place or "") if t)
        heading = DiagramHeading(item.title, subtitle)
    with atomic_output(path) as partial:
        rendered = render_seating([(heading, plan)], partial)
    for line in warning_lines(rendered):
        print(line, file=sys.stderr)
    print(f"Wrote the {layout.value} plan of '{item.title}' ({rendered.items} seats) to {path}.")
    return 0
