"""`protocol-desk export KIND ...`: every export registers itself here."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.exporters import EXPORTER_MODULES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export", help="write a file from the database")
    kinds = parser.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    for module in EXPORTER_MODULES:
        module.register(kinds)
    parser.set_defaults(handler=_missing_kind)


def _missing_kind(_args: argparse.Namespace) -> int:
    return 2
