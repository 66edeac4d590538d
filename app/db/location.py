"""Where the database lives: a file path or URL from the user, or the per-user default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DEFAULT_DB_ENV = "PROTOCOL_DESK_DB"
APP_NAME = "protocol-desk"
DEFAULT_FILENAME = "protocol-desk.sqlite3"


def default_database_path() -> Path:
    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_FILENAME


def resolve_database_url(reference: str | os.PathLike[str] | None = None) -> str:
    """A SQLAlchemy URL from ``--db``, then ``PROTOCOL_DESK_DB``, then the default file.

    A reference with ``://`` is taken as a URL as is; anything else is a file path.
    """
    given = os.fspath(reference) if reference is not None else ""
    chosen = given or os.environ.get(DEFAULT_DB_ENV) or str(default_database_path())
    if "://" in chosen:
        return chosen
    return sqlite_url(Path(chosen))


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for another backend or an in-memory DB."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def describe(url: str) -> str:
    """The URL with any password hidden, for messages and the About box."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
