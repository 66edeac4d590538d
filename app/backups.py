"""Automatic backups, as Anki keeps them: before every risky change, and once a day.

Taken before a migration, a forced restore, a duplicate merge and a participant
import, and at most once a day when the app or the command line opens a database.
They go to ``backups/<key>/`` in the user's data folder (0700; files 0600), where
``<key>`` is a hash of the database URL without its password, so each database keeps its
own series. Rotation keeps the last :data:`KEEP_LAST` plus the newest of every month.

Format: the portable backup archive (:mod:`app.io.backup`) for SQLite and PostgreSQL
alike. One format means one restore path (``restore`` and File › Restore take any of
them), a SQLite laptop's backup restores onto the office server, and the archive is
checksummed; SQLite's backup API would be faster but gives a file only SQLite can use.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, MetaData, func, select
from sqlalchemy.engine import URL, make_url

from app.db import Database
from app.db.location import APP_NAME, sqlite_path
from app.errors import DatabaseError
from app.io.private import create_private_file, make_private, private_folder

KEEP_LAST = 10
DAILY_EVERY = timedelta(days=1)
SUFFIX = ".zip"
REASONS = {
    "daily": "daily",
    "before-migration": "before a database upgrade",
    "before-restore": "before a restore replaced it",
    "before-merge": "before merging duplicates",
    "before-import": "before a participant import",
}
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z-]+)\.(?P<ext>zip|raw)$")
log = logging.getLogger("protocol_desk")


@dataclass(frozen=True)
class AutomaticBackup:
    path: Path
    taken_at: datetime
    reason: str
    size: int

    @property
    def description(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def restorable(self) -> bool:
        """A raw copy (a replaced file that was not a database) is kept, not restored."""
        return self.path.suffix == SUFFIX


def database_key(url: str) -> str:
    """Stable per database: backend, host, port, name; no password, no driver."""
    parsed = make_url(url)
    plain = URL.create(
        parsed.get_backend_name(),
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
    )
    return hashlib.sha256(plain.render_as_string(hide_password=False).encode()).hexdigest()[:16]


def backups_folder(url: str) -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "backups" / database_key(url)


def list_backups(url: str) -> list[AutomaticBackup]:
    """Every automatic backup of the database at ``url``, newest first."""
    folder = backups_folder(url)
    found = []
    for path in folder.glob("*") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match is None:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        found.append(AutomaticBackup(path, taken, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _new_path(url: str, reason: str, ext: str = "zip") -> Path:
    folder = private_folder(backups_folder(url))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"{stamp}-{reason}.{ext}"


def automatic_backup(db: Database, reason: str) -> Path:
    """Back up ``db`` now into its automatic series, then rotate; returns the archive.

    Raises :class:`DatabaseError` with a plain message if it cannot be written: the
    change it protects should not go ahead without it.
    """
    from app.io.backup import create_backup

    path = _new_path(db.url, reason)
    try:
        create_backup(db, path)
    except OSError as error:
        raise DatabaseError(
            f"could not save the automatic backup ({REASONS.get(reason, reason)}) in "
            f"{path.parent}: {error.strerror or error}"
        ) from None
    rotate(db.url)
    return path


def backup_engine_before_migration(engine: Engine, url: str) -> Path:
    """Before a migration the model is newer than the tables: archive what is there."""
    from app.io.backup import write_archive

    path = _new_path(url, "before-migration")
    reflected = MetaData()
    reflected.reflect(engine)
    from app.model import Base

    tables = [t for t in reflected.sorted_tables if t.name in Base.metadata.tables]
    from app.io.private import atomic_output

    with atomic_output(path) as partial:
        write_archive(engine, partial, engine.dialect.name, None, tables)
    rotate(url)
    return path


def daily_backup_if_due(db: Database) -> Path | None:
    """The daily backup when the newest one is a day old or more; never fails the caller."""
    try:
        existing = list_backups(db.url)
        if existing and datetime.now(UTC) - existing[0].taken_at < DAILY_EVERY:
            return None
        if _is_empty(db):
            return None
        return automatic_backup(db, "daily")
    except Exception as error:  # a missed daily backup must not stop the app
        # One line, the type only: a traceback or message could quote SQL or records.
        log.warning(
            "protocol-desk: warning: the daily automatic backup was not saved (%s)",
            type(error).__name__,
        )
        return None


def start_daily_backup(db: Database) -> threading.Thread:
    """The daily backup in a background thread, for the desktop app's start-up.

    A daemon thread: quitting the app mid-backup leaves a part file that the next
    backup into the folder sweeps away.
    """
    thread = threading.Thread(
        target=daily_backup_if_due, args=(db,), name="daily-backup", daemon=True
    )
    thread.start()
    return thread


def _is_empty(db: Database) -> bool:
    from app.model import Base

    with db.engine.connect() as connection:
        for name in ("person", "event", "organisation"):
            table = Base.metadata.tables[name]
            if connection.execute(select(func.count()).select_from(table)).scalar():
                return False
    return True


def backup_before_replacing(url: str) -> Path | None:
    """Keep what a forced restore is about to replace; a non-database file is copied raw."""
    from app.db import open_database

    path = sqlite_path(url)
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        return None
    try:
        db = open_database(url, create=False)
    except Exception:  # not a database we can read: keep its bytes instead
        if path is None:
            return None
        copy = _new_path(url, "before-restore", "raw")
        create_private_file(copy)
        shutil.copyfile(path, copy)
        make_private(copy)
        return copy
    try:
        if not db.is_sqlite and _is_empty(db):
            return None
        return automatic_backup(db, "before-restore")
    finally:
        db.close()


def rotate(url: str, keep_last: int = KEEP_LAST) -> list[Path]:
    """Delete all but the last ``keep_last`` and the newest of each month; returns deleted."""
    backups = list_backups(url)
    keep = {b.path for b in backups[:keep_last]}
    newest_of_month: dict[str, Path] = {}
    for backup in backups:  # newest first, so the first seen per month is its newest
        newest_of_month.setdefault(f"{backup.taken_at:%Y-%m}", backup.path)
    keep |= set(newest_of_month.values())
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
