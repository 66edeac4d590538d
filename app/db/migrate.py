"""Schema migrations, applied when a database is opened.

Start-up cost matters (the desktop app opens the database before its first list
shows), so the current revision is read with one plain query and Alembic is only
imported when a migration is really needed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from app.errors import DatabaseError

# Kept in step with the newest file in migrations/versions; a test checks it.
HEAD_REVISION = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationOutcome:
    migrated: bool
    migrated_from: str | None
    safety_copy: Path | None


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine, sqlite_file: Path | None) -> MigrationOutcome:
    with engine.connect() as connection:
        revision = current_revision(connection)
        has_tables = bool(inspect(connection).get_table_names())
    if revision == HEAD_REVISION:
        return MigrationOutcome(False, revision, None)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"this database has schema revision {revision}, written by a newer Protocol Desk; "
            f"this version knows revisions up to {HEAD_REVISION}. Update the app to open it."
        )
    if revision is None and has_tables:
        raise DatabaseError("this database holds tables that are not Protocol Desk's")
    copy = None
    if revision is not None:
        _automatic_backup(engine)
        if sqlite_file is not None:
            copy = make_safety_copy(sqlite_file, revision)
    upgrade(engine, HEAD_REVISION)
    return MigrationOutcome(True, revision, copy)


def _automatic_backup(engine: Engine) -> None:
    from app.backups import backup_engine_before_migration

    try:
        backup_engine_before_migration(engine, engine.url.render_as_string(hide_password=False))
    except OSError as error:
        raise DatabaseError(
            f"could not save the automatic backup before upgrading the database: "
            f"{error.strerror or error}"
        ) from None


def make_safety_copy(sqlite_file: Path, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = sqlite_file.with_name(f"{sqlite_file.name}.before-{revision}-{stamp}.bak")
    copy_sqlite_file(sqlite_file, target)
    return target


def copy_sqlite_file(source_file: Path, target_file: Path) -> None:
    """A consistent copy through SQLite's backup API, even while WAL holds recent pages.

    The copy holds the same personal data, so it is created readable by the user only.
    """
    from app.io.private import create_private_file, make_private

    if not target_file.exists():
        create_private_file(target_file)
    make_private(target_file)
    source = sqlite3.connect(source_file)
    try:
        destination = sqlite3.connect(target_file)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    make_private(target_file)


def alembic_config(connection: Connection) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, target: str) -> None:
    """Run migrations up to ``target``.

    On SQLite, batch migrations recreate tables; with foreign keys on, dropping the old
    parent table fires ON DELETE CASCADE and silently empties child tables. So foreign
    keys are switched off for the migration and checked afterwards instead.
    """
    from alembic import command

    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if is_sqlite:
            # PRAGMA foreign_keys is a no-op inside a transaction, so set it first.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), target)  # type: ignore[arg-type]
            if is_sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseError(
                        f"migration left {len(problems)} broken references, first: {problems[0]}"
                    )
        finally:
            if is_sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
