"""`protocol-desk demo`: load the founding seminar as sample data."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import database


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="load the founding seminar (Quanzhou, 2017) as sample data"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.seed.sample import load_sample

    db = database(args)
    with db.transaction() as session:
        result = load_sample(session)
    if result.created:
        print(f"Loaded the sample seminar into {db.display_url} ({result.created} records).")
    else:
        print(f"The sample seminar is already in {db.display_url}; nothing changed.")
    return 0
