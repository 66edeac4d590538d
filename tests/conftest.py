"""Shared fixtures: real SQLite files in temporary folders, a real PostgreSQL server
when one is configured, and no test ever touching the user's own data folders."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ENV = "PROTOCOL_DESK_TEST_PG_URL"


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redirect data, config, cache and log folders so tests never see the user's files."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.delenv("PROTOCOL_DESK_DB", raising=False)


def postgres_admin_url() -> str | None:
    return os.environ.get(PG_ENV)


def _fresh_postgres_database() -> Iterator[str]:
    admin_url = postgres_admin_url()
    if not admin_url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must test PostgreSQL: set {PG_ENV} (.ci/run starts a server)")
        pytest.skip(f"no PostgreSQL server configured ({PG_ENV})")
    name = f"pd_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on each backend: a SQLite file and a PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "protocol-desk.sqlite3")
    else:
        yield from _fresh_postgres_database()


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "protocol-desk.sqlite3"


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    from app.db import open_database

    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def sqlite_db(sqlite_file: Path):  # type: ignore[no-untyped-def]
    from app.db import open_database

    database = open_database(str(sqlite_file))
    yield database
    database.close()


@pytest.fixture
def session(db) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        yield s


@pytest.fixture
def sample_db(sqlite_db):  # type: ignore[no-untyped-def]
    """A SQLite database holding the founding seminar."""
    from app.seed.sample import load_sample

    with sqlite_db.transaction() as s:
        load_sample(s)
    return sqlite_db
