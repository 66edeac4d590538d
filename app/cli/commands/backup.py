"""`protocol-desk backup -o FILE` and `protocol-desk restore FILE --db NEW_DB [--force]`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import database


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="write the whole database (stored files included) to one archive",
        description="A consistent snapshot in a portable format: restores into SQLite "
        "or PostgreSQL alike.",
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE", help="archive to write")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="restore a backup archive into a new database",
        description="Checks the whole archive first; refuses to overwrite an existing "
        "database unless --force is given.",
    )
    restore.add_argument("archive", metavar="FILE", help="a file written by `backup`")
    restore.add_argument(
        "--db",
        dest="target_db",
        required=True,
        metavar="NEW_DB",
        help="database file path or URL to create",
    )
    restore.add_argument(
        "--force", action="store_true", help="replace the target database if it exists"
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from app.io.backup import create_backup

    db = database(args)
    manifest = create_backup(db, args.output)
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(
        f"Backed up {db.display_url} to {args.output}: {rows} rows in "
        f"{len(manifest['tables'])} tables, {len(manifest['files'])} stored files "
        f"(schema {manifest['schema_revision']})."
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.db.location import describe, resolve_database_url
    from app.io.backup import restore_backup

    manifest = restore_backup(args.archive, args.target_db, force=args.force)
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(
        f"Restored {rows} rows and {len(manifest['files'])} stored files from {args.archive} "
        f"(taken {manifest['created_at']}) into {describe(resolve_database_url(args.target_db))}."
    )
    return 0
