"""Helpers shared by subcommands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.db import Database, open_database


def database(args: argparse.Namespace) -> Database:
    from app.backups import daily_backup_if_due

    db = open_database(args.db)
    actor = (getattr(args, "actor", None) or "").strip()
    if actor:
        db.actor = actor[:120]
    daily_backup_if_due(db)
    return db


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")
