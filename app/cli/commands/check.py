"""`protocol-desk check`: the database's integrity and the model's invariants, in plain words."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="check the database's integrity, references and the model's rules",
        description="Runs the integrity and foreign-key checks and the model's own rules "
        "and reports in plain words; exit status 0 when all is well, 1 when problems "
        "were found. Changes nothing.",
    )
    check.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.check import check_database
    from app.db import open_database

    # A mistyped path must not become a new, empty and "healthy" database.
    db = open_database(args.db, create=False)
    try:
        report = check_database(db)
    finally:
        db.close()
    print("\n".join(report.lines()))
    return 0 if report.ok else 1
