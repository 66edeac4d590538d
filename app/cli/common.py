"""Helpers shared by subcommands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, TextIO

from app.db import Database, open_database
from app.textnorm import safe_for_terminal

# What json.dumps leaves raw with ensure_ascii=False but a terminal would obey (C1
# controls, bidi overrides); written as \\uXXXX the JSON still holds the same data.
_JSON_HOSTILE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def database(args: argparse.Namespace) -> Database:
    from app.backups import daily_backup_if_due

    db = open_database(args.db)
    actor = (getattr(args, "actor", None) or "").strip()
    if actor:
        db.actor = actor[:120]
    daily_backup_if_due(db)
    return db


def print_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write(_JSON_HOSTILE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


class TerminalSafeStream:
    """A text stream that shows control characters and bidi overrides as ``[U+XXXX]``.

    The command line prints names, titles and file contents that came from outside;
    every subcommand's output goes through this, so none of it can drive the terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(safe_for_terminal(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
