"""Migrations: data survives every upgrade, a safety copy is made first, and the
model and the migrations describe the same schema on both backends."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, select

from app.db import open_database
from app.db.engine import SQLITE_BUSY_TIMEOUT_MS, create_database_engine
from app.db.migrate import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR, upgrade
from app.errors import DatabaseError
from app.model import Base, Delegation, DelegationMember, Person


def script_directory() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_head_revision_constant_matches_the_migration_files() -> None:
    scripts = script_directory()
    assert scripts.get_current_head() == HEAD_REVISION
    chain = [s.revision for s in scripts.walk_revisions()]
    assert sorted(chain) == sorted(KNOWN_REVISIONS)


def test_model_and_migrations_agree(db_url: str) -> None:
    database = open_database(db_url)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        database.close()


def _insert_rows_at_first_revision(path: Path) -> dict[str, list[str]]:
    engine = create_database_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    engine.dispose()
    ids = {
        "person": [uuid.uuid4().hex for _ in range(3)],
        "event": [uuid.uuid4().hex],
        "delegation": [uuid.uuid4().hex],
        "member": [uuid.uuid4().hex for _ in range(3)],
    }
    stamp = "2017-09-25 00:00:00.000000"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=ON")
    common = "created_at, updated_at, revision"
    for number, person_id in enumerate(ids["person"]):
        connection.execute(
            f"INSERT INTO person (id, family_name, family_name_first, alt_spellings, languages, "
            f"interpreter_needed, search_key, {common}) "
            "VALUES (?, ?, 0, '[]', '[]', 0, '', ?, ?, 1)",
            (person_id, f"Person {number}", stamp, stamp),
        )
    connection.execute(
        f"INSERT INTO event (id, title, kind, date_precision, status, search_key, {common}) "
        "VALUES (?, 'Seminar', 'seminar', 'unknown', 'planned', '', ?, ?, 1)",
        (ids["event"][0], stamp, stamp),
    )
    connection.execute(
        f"INSERT INTO delegation (id, event_id, name, head_person_id, status, {common}) "
        "VALUES (?, ?, 'Hub', ?, 'confirmed', ?, ?, 1)",
        (ids["delegation"][0], ids["event"][0], ids["person"][0], stamp, stamp),
    )
    for order, (member_id, person_id) in enumerate(zip(ids["member"], ids["person"], strict=True)):
        connection.execute(
            f"INSERT INTO delegation_member (id, delegation_id, person_id, role, sort_order, "
            f"{common}) VALUES (?, ?, ?, 'member', ?, ?, ?, 1)",
            (member_id, ids["delegation"][0], person_id, order, stamp, stamp),
        )
    connection.commit()
    connection.close()
    return ids


def test_upgrade_from_first_revision_keeps_every_row(sqlite_file: Path) -> None:
    ids = _insert_rows_at_first_revision(sqlite_file)

    database = open_database(str(sqlite_file))
    try:
        assert database.migrated_from == "0001"
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 3
            delegation = session.get(Delegation, uuid.UUID(ids["delegation"][0]))
            assert delegation is not None
            # The migration recreates the delegation table, the parent of members with
            # ON DELETE CASCADE: every member must still be there.
            assert sorted(m.id.hex for m in delegation.members) == sorted(ids["member"])
            assert session.scalar(select(func.count()).select_from(DelegationMember)) == 3
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()


def test_safety_copy_holds_the_database_as_it_was(sqlite_file: Path) -> None:
    ids = _insert_rows_at_first_revision(sqlite_file)
    database = open_database(str(sqlite_file))
    database.close()
    assert database.safety_copy is not None
    copy = sqlite3.connect(database.safety_copy)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        members = {row[0] for row in copy.execute("SELECT id FROM delegation_member")}
        assert members == set(ids["member"])
    finally:
        copy.close()


def test_new_database_needs_no_safety_copy_and_reopens_without_migrating(
    sqlite_file: Path,
) -> None:
    first = open_database(str(sqlite_file))
    first.close()
    assert first.safety_copy is None
    again = open_database(str(sqlite_file))
    again.close()
    assert again.migrated_from == HEAD_REVISION
    assert list(sqlite_file.parent.glob("*.bak")) == []


def test_database_from_a_newer_app_is_refused_untouched(sqlite_file: Path) -> None:
    open_database(str(sqlite_file)).close()
    connection = sqlite3.connect(sqlite_file)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = sqlite_file.read_bytes()
    with pytest.raises(DatabaseError, match="newer Protocol Desk"):
        open_database(str(sqlite_file))
    assert sqlite_file.read_bytes() == before


def test_foreign_file_is_not_taken_over(sqlite_file: Path) -> None:
    engine = create_engine(f"sqlite:///{sqlite_file}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(DatabaseError, match="not Protocol Desk"):
        open_database(str(sqlite_file))


def test_sqlite_connections_have_foreign_keys_wal_and_busy_timeout(sqlite_file: Path) -> None:
    database = open_database(str(sqlite_file))
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS
    finally:
        database.close()
