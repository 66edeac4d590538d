"""The one rule that hides soft-deleted rows, for ORM and Core reads alike.

The ORM applies it to every query of a session (``app.db.hooks``); listings that read
with Core apply it to each table they name (``app.listing``). Light on purpose: the
first list is read before the ORM is imported.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

DELETED_AT = "deleted_at"


def live(target: Any) -> ColumnElement[bool]:
    """True for rows that are not soft-deleted, of a Core table (or alias) or an ORM class."""
    columns = getattr(target, "c", None)
    column = columns[DELETED_AT] if columns is not None else getattr(target, DELETED_AT)
    return column.is_(None)  # type: ignore[no-any-return]
