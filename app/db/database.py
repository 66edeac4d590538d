"""The open database: one engine, a session factory and one transaction per use case."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.db.engine import create_database_engine
from app.db.location import describe, resolve_database_url, sqlite_path
from app.db.migrate import ensure_schema
from app.journal.identity import default_actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.journal.operations import Operation
    from app.journal.undo import UndoHistory


@dataclass
class Database:
    """Opening needs only SQLAlchemy Core; the ORM (sessions, the soft-delete hook) is
    imported with the first session, so the desktop app can show a Core-read list first.
    """

    url: str
    engine: Engine
    migrated_from: str | None = None
    safety_copy: str | None = None
    # The officer whose name goes on every change made through this connection.
    actor: str = field(default_factory=default_actor)
    _session_factory: sessionmaker[Session] | None = field(default=None, repr=False)
    _workstation: str | None = field(default=None, repr=False)
    _undo: UndoHistory | None = field(default=None, repr=False)

    @property
    def workstation(self) -> str:
        if self._workstation is None:
            from app.journal.identity import workstation_id

            self._workstation = workstation_id()
        return self._workstation

    @property
    def undo(self) -> UndoHistory:
        if self._undo is None:
            from app.journal.undo import UndoHistory

            self._undo = UndoHistory(self)
        return self._undo

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._session_factory is None:
            from sqlalchemy.orm import sessionmaker

            import app.db.hooks  # noqa: F401 - registers the session-wide listeners first

            self._session_factory = sessionmaker(self.engine, expire_on_commit=False)
        return self._session_factory

    @property
    def display_url(self) -> str:
        return describe(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        return self.session_factory()

    def operation(self, label: str, *, undoable: bool = True) -> AbstractContextManager[Operation]:
        """A named, journaled unit of work (see ``app.journal.operations``)."""
        from app.journal.operations import operation

        return operation(self, label, undoable=undoable)

    @contextmanager
    def transaction(self, label: str = "Change") -> Iterator[Session]:
        """A session whose work commits as one journaled operation, or not at all.

        For scripts and set-up: journaled like any change, but not offered by the
        desktop's Edit > Undo, which lists what the officer did in the app.
        """
        with self.operation(label, undoable=False) as op:
            yield op.session

    def close(self) -> None:
        self.engine.dispose()


def _is_default(path: Path) -> bool:
    """The default file predates private modes; the app owns it, so it may tighten it."""
    from app.db.location import default_database_path

    return path.resolve() == default_database_path().resolve()


def open_database(
    reference: str | os.PathLike[str] | None = None, *, create: bool = True
) -> Database:
    """Open (creating and migrating as needed) the database named by ``reference``.

    ``reference`` is a file path or SQLAlchemy URL; None means ``PROTOCOL_DESK_DB`` or the
    default file in the user's data folder.
    """
    url = resolve_database_url(reference)
    path = sqlite_path(url)
    if path is not None:
        from app.errors import DatabaseError

        if not path.exists() and not create:
            raise DatabaseError(f"database file not found: {path}")
        if path.exists() and path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        from app.io.private import FOLDER_MODE, create_private_file, make_private, private_folder

        private_folder(path.parent)
        if not path.exists():
            # SQLite creates its -wal and -shm with the database file's mode.
            create_private_file(path)
        if _is_default(path):
            make_private(path)
            os.chmod(path.parent, FOLDER_MODE)
    engine = create_database_engine(url)
    outcome = ensure_schema(engine, path)
    database = Database(
        url=url,
        engine=engine,
        migrated_from=outcome.migrated_from,
        safety_copy=str(outcome.safety_copy) if outcome.safety_copy else None,
    )
    if outcome.migrated:
        from app.journal.operations import unjournaled
        from app.services.reference import ensure_countries

        # Reference data the app ships, not an officer's change.
        with unjournaled(database, "reference countries") as session:
            ensure_countries(session)
    return database
