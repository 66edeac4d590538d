"""`protocol-desk export badges EVENT -o FILE.pdf [--layout 2x4|2x5|single]
[--offset-x MM --offset-y MM]`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "badges", help="name badges as PDF, in order of precedence (several per A4 sheet)"
    )
    parser.add_argument("event", metavar="EVENT", help="UUID, unique prefix or title")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.pdf")
    parser.add_argument(
        "--layout",
        choices=["2x4", "2x5", "single"],
        default="2x4",
        help="2x4: eight 95×65 mm badges per A4; 2x5: ten 86×54 mm (card size); "
        "single: one A6 badge per page (default: 2x4)",
    )
    parser.add_argument(
        "--offset-x", type=float, default=0.0, metavar="MM",
        help="printer calibration: move the print right by MM (negative: left)",
    )  # fmt: skip
    parser.add_argument(
        "--offset-y", type=float, default=0.0, metavar="MM",
        help="printer calibration: move the print down by MM (negative: up)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import atomic_output
    from app.reports.protocol.badges import badge_entries, render_badges
    from app.reports.protocol.common import output_file, warning_lines
    from app.services.resolve import resolve_event

    path = output_file(args.output, [".pdf"])
    with database(args).session() as session:
        event = resolve_event(session, args.event)
        entries = badge_entries(session, event.id)
        title = event.title
    with atomic_output(path) as partial:
        rendered = render_badges(
            entries, partial, event_title=title, layout=args.layout,
            offset_mm=(args.offset_x, args.offset_y),
        )  # fmt: skip
    for line in warning_lines(rendered):
        print(line, file=sys.stderr)
    print(f"Wrote {rendered.items} badge(s) on {rendered.pages} page(s) for '{title}' to {path}.")
    return 0
