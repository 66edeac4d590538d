"""`protocol-desk export alternat AGREEMENT -o FILE.pdf`: one signature page per original."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "alternat",
        help="alternat signature pages of an agreement: one per original, its keeper first",
    )
    parser.add_argument("agreement", metavar="AGREEMENT", help="UUID, unique prefix or exact title")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.pdf")
    parser.add_argument(
        "--no-collation-note", action="store_true",
        help="leave out the small note in the bottom margin naming the original and its keeper",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import atomic_output
    from app.reports.protocol.alternat import alternat_document, render_alternat
    from app.reports.protocol.common import output_file, warning_lines
    from app.services.resolve import resolve_agreement

    path = output_file(args.output, [".pdf"])
    with database(args).session() as session:
        agreement = resolve_agreement(session, args.agreement)
        document = alternat_document(session, agreement.id)
    if not document.originals:
        print(f"protocol-desk: '{document.title}' has no parties recorded", file=sys.stderr)
        return 1
    with atomic_output(path) as partial:
        rendered = render_alternat(document, partial, collation_note=not args.no_collation_note)
    for line in warning_lines(rendered):
        print(line, file=sys.stderr)
    print(f"Wrote {rendered.pages} signature page(s) of '{document.title}' to {path}.")
    return 0
