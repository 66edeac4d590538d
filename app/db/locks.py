"""The import lock: imports into one database run one after the other, never together.

Two imports of the same file planned at the same moment each find nobody and both
create everyone; one after the other, the second finds the first's people and updates
them. So an import takes a database-wide lock before it reads anything, held until
its transaction ends: on SQLite the write lock itself (``BEGIN IMMEDIATE``), on
PostgreSQL a transaction-level advisory lock on a fixed key.

The lock is tried once without waiting; if another import holds it, ``on_wait`` is
called (the command line prints it, the import assistant shows it) before waiting.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from app.db.engine import SQLITE_BUSY_TIMEOUT_MS, is_busy_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.db.database import Database

WAITING_MESSAGE = "waiting for another import to finish"
# "PDIM": any fixed number works, as long as every workstation uses the same one.
IMPORT_LOCK_KEY = 0x5044494D
# How often a wait wakes to see whether the user pressed Cancel.
_POLL_SECONDS = 0.25


def acquire_import_lock(
    session: Session,
    *,
    on_wait: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bool:
    """Take the import lock for ``session``'s transaction; True if it had to wait.

    Must come before the transaction writes anything. Held until commit or rollback.
    ``cancelled`` returning True stops the wait (raising ``Cancelled``).
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw: Any = connection.connection.driver_connection
        return _sqlite_begin_immediate(raw, on_wait, cancelled)
    return _postgres_advisory_lock(session, on_wait, cancelled)


@contextmanager
def import_transaction(
    db: Database,
    *,
    on_wait: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Session]:
    """``db.transaction()`` holding the import lock from its first statement."""
    with db.transaction() as session:
        acquire_import_lock(session, on_wait=on_wait, cancelled=cancelled)
        yield session


def _sqlite_begin_immediate(
    raw: sqlite3.Connection,
    on_wait: Callable[[], None] | None,
    cancelled: Callable[[], bool] | None,
) -> bool:
    # pysqlite opens transactions itself, deferred, at the first write; reads before
    # that run outside any transaction. So nothing is open yet, and an explicit BEGIN
    # IMMEDIATE becomes the transaction that SQLAlchemy commits or rolls back.
    if raw.in_transaction:
        raise RuntimeError("the import lock must be taken before the transaction writes")
    waited = False
    try:
        raw.execute("PRAGMA busy_timeout=0")
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return waited
            except sqlite3.OperationalError as error:
                if not is_busy_error(error):
                    raise
            if not waited:
                waited = True
                if on_wait is not None:
                    on_wait()
                raw.execute(f"PRAGMA busy_timeout={int(_POLL_SECONDS * 1000)}")
            _stop_if_cancelled(cancelled)
    finally:
        raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _postgres_advisory_lock(
    session: Session, on_wait: Callable[[], None] | None, cancelled: Callable[[], bool] | None
) -> bool:
    # pg_advisory_xact_lock cannot be interrupted for Cancel, and a lock_timeout would
    # abort the transaction; polling the try-variant keeps both the wait and Cancel.
    attempt = text("SELECT pg_try_advisory_xact_lock(:key)")
    waited = False
    while not session.scalar(attempt, {"key": IMPORT_LOCK_KEY}):
        if not waited:
            waited = True
            if on_wait is not None:
                on_wait()
        _stop_if_cancelled(cancelled)
        time.sleep(_POLL_SECONDS)
    return waited


def _stop_if_cancelled(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        from app.io.tasks import Cancelled

        raise Cancelled()
