"""`protocol-desk export gifts-register --year YYYY -o FILE.pdf|FILE.csv
[--threshold AMOUNT CUR ...]`; without ``--threshold``, the office's stored thresholds."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import database


def register(kinds: Any) -> None:
    parser = kinds.add_parser(
        "gifts-register", help="the gifts of a year as PDF or CSV, gifts to declare flagged"
    )
    parser.add_argument("--year", type=int, required=True, metavar="YYYY")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.pdf or .csv")
    parser.add_argument(
        "--threshold", nargs=2, action="append", default=[], metavar=("AMOUNT", "CUR"),
        help="declaration threshold per currency, e.g. --threshold 150 EUR --threshold 200 USD;"
        " without it, the thresholds stored for the office (Tools > Gifts register)",
    )  # fmt: skip
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.io.private import atomic_output
    from app.protocol.gifts import (
        DeclarationPolicy,
        gifts_register,
        stored_thresholds,
        write_gifts_csv,
    )
    from app.reports.protocol.common import output_file, warning_lines
    from app.reports.protocol.gifts_pdf import render_gifts_register

    path = output_file(args.output, [".pdf", ".csv"])
    policy = DeclarationPolicy.parse(", ".join(f"{cur}={amount}" for amount, cur in args.threshold))
    with database(args).session() as session:
        if not args.threshold:
            policy = DeclarationPolicy(stored_thresholds(session) or {})
        entries = gifts_register(session, args.year, policy)
    flagged = sum(1 for e in entries if e.declare)
    if path.suffix.lower() == ".csv":
        with atomic_output(path) as partial, partial.open("w", encoding="utf-8", newline="") as f:
            write_gifts_csv(entries, f)
    else:
        with atomic_output(path) as partial:
            rendered = render_gifts_register(
                entries, partial, year=args.year, thresholds=policy.thresholds
            )
        for line in warning_lines(rendered):
            print(line, file=sys.stderr)
    print(f"Wrote {len(entries)} gift(s) of {args.year}, {flagged} to declare, to {path}.")
    return 0
