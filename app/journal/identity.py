"""Who is changing the data, and on which workstation.

The actor is the officer's name: set in Preferences, or on the command line with
``--as NAME`` or ``PROTOCOL_DESK_ACTOR``; by default the operating system's user
name. The workstation id is made once per machine and kept in the user's config
folder, so the journal can tell two desks of the same officer apart.
"""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from pathlib import Path

ACTOR_ENV = "PROTOCOL_DESK_ACTOR"
MAX_ACTOR_CHARS = 120


def default_actor() -> str:
    named = os.environ.get(ACTOR_ENV, "").strip()
    if named:
        return named[:MAX_ACTOR_CHARS]
    try:
        return getpass.getuser()[:MAX_ACTOR_CHARS]
    except (KeyError, OSError):
        return "unknown officer"


def workstation_id() -> str:
    """``hostname-xxxxxxxx``: readable, and unique even when two desks share a hostname."""
    path = _workstation_file()
    try:
        saved = path.read_text(encoding="utf-8").strip()
    except OSError:
        saved = ""
    if saved:
        return saved
    made = f"{socket.gethostname()[:60]}-{uuid.uuid4().hex[:8]}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(made + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only home still gets a stable id for this process
    return made


def _workstation_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("protocol-desk", appauthor=False) / "workstation-id"
