"""Migration 0003: the model and the schema agree, and an 0002 database upgrades with its data."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.db import open_database
from app.db.migrate import HEAD_REVISION, upgrade
from app.model import Base


def test_head_schema_matches_the_model(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "head.sqlite3"))
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == HEAD_REVISION
    finally:
        database.close()


def test_an_0002_database_gains_the_tables_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO event (id, title, kind, date_precision, status, search_key, "
                "created_at, updated_at, revision) VALUES ('00000000000000000000000000000001', "
                "'Kept', 'seminar', 'unknown', 'planned', '', '2026-01-01', '2026-01-01', 1)"
            )
        )
        assert not inspect(connection).has_table("precedence_setting")
    engine.dispose()
    database = open_database(str(path))
    try:
        assert database.migrated_from == "0002"
        with database.engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            assert {"precedence_setting", "seating_plan"} <= set(tables)
            assert connection.execute(text("SELECT title FROM event")).scalar() == "Kept"
    finally:
        database.close()
