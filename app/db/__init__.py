"""Opening, migrating and talking to the database (SQLite file or PostgreSQL)."""

from typing import TYPE_CHECKING

from app.db.database import Database, open_database
from app.db.location import DEFAULT_DB_ENV, default_database_path, resolve_database_url

if TYPE_CHECKING:
    # The type of what Database.session() opens, for annotations outside the core
    # (the desktop app's commands receive one) without importing SQLAlchemy there.
    from sqlalchemy.orm import Session as Session

__all__ = [
    "DEFAULT_DB_ENV",
    "Database",
    "default_database_path",
    "open_database",
    "resolve_database_url",
]
