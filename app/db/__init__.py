"""Opening, migrating and talking to the database (SQLite file or PostgreSQL)."""

from app.db.database import Database, open_database
from app.db.location import DEFAULT_DB_ENV, default_database_path, resolve_database_url

__all__ = [
    "DEFAULT_DB_ENV",
    "Database",
    "default_database_path",
    "open_database",
    "resolve_database_url",
]
