"""The crash log: where the code failed, never what the data was.

Exception messages can quote a record (a database error carries the SQL statement and
often the offending values; a ValueError may repeat the name it could not parse), so
the log keeps each exception's type and the stack of file, line and function, and
leaves messages out unless they come from the app's own errors, whose messages are
written for the user. The file is 0600 in a 0700 folder, capped and rotated.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.errors import ProtocolDeskError
from app.io.private import FILE_MODE, FOLDER_MODE, private_folder

MAX_BYTES = 256 * 1024
BACKUP_COUNT = 3
LOGGER_NAME = "protocol_desk.crash"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating handler whose files are created, and kept, readable by the user only."""

    def _open(self):  # type: ignore[no-untyped-def]
        handle = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        # A log written by an older version may be world-readable: tighten it too.
        os.chmod(self.baseFilename, FILE_MODE)
        return open(handle, self.mode, encoding=self.encoding, errors=self.errors)


def log_path() -> Path:
    from platformdirs import user_log_path

    return user_log_path("protocol-desk", appauthor=False) / "crash.log"


def safe_summary(error: BaseException) -> str:
    """One line for the user: the type, and the message only for the app's own errors."""
    if isinstance(error, ProtocolDeskError):
        return f"{type(error).__name__}: {error}"
    return type(error).__name__


def scrubbed_traceback(error: BaseException) -> str:
    """The traceback of ``error`` and its causes, each with its type but not its message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{safe_summary(current)}\n")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\nCaused by / during handling of:\n".join(reversed(parts))


def write_crash_log(error: BaseException) -> Path:
    path = log_path()
    os.chmod(private_folder(path.parent), FOLDER_MODE)  # the app owns this folder
    logger = logging.getLogger(LOGGER_NAME)
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    try:
        logger.error("%s", scrubbed_traceback(error))
    finally:
        logger.removeHandler(handler)
        handler.close()
    return path
