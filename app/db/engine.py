"""Engines with the connection settings each backend needs."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url

# An import holds the write lock for its whole run (see app.db.locks), which takes
# seconds for a few thousand rows: an ordinary edit waits that long rather than fail.
SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_MESSAGE = "the database is busy: another workstation is writing; try again"
# PostgreSQL states that mean "someone else holds what you need", not a fault.
_PG_BUSY_STATES = frozenset({"55P03", "40P01", "40001"})


def create_database_engine(url: str) -> Engine:
    """``hide_parameters`` keeps row values (names, e-mails) out of error messages and logs."""
    parsed = make_url(url)
    # Statement parameters are names and e-mails: never in an error message or log.
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _configure_sqlite_connection)
    else:
        if parsed.drivername == "postgresql":
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            parsed = parsed.set(drivername="postgresql+psycopg")
        # A row another workstation holds is waited for as long as SQLite would wait,
        # then given up with the same plain message, rather than waited for forever.
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            hide_parameters=True,
            connect_args={"options": f"-c lock_timeout={SQLITE_BUSY_TIMEOUT_MS}"},
        )
    event.listen(engine, "handle_error", _busy_as_plain_error)
    return engine


def is_busy_error(error: BaseException) -> bool:
    """Whether a driver error means another connection holds a lock we waited for."""
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        return "locked" in text or "busy" in text
    return getattr(error, "sqlstate", None) in _PG_BUSY_STATES


def _busy_as_plain_error(context: ExceptionContext) -> None:
    """Lock waits that give up become one plain sentence, never the driver's error."""
    if is_busy_error(context.original_exception):
        from app.errors import DatabaseBusyError

        raise DatabaseBusyError(BUSY_MESSAGE) from None


def _configure_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL lets the UI read while a background job writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
