"""Settings the whole office shares, stored with the data (see ``OfficeSetting``).

Values are JSON: each feature owns its name and the shape of its value, and checks
it before writing; these functions only keep one live row per name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import OfficeSetting


def read_setting(session: Session, name: str) -> Any | None:
    """The stored value, or None when the office has not set it."""
    return session.scalar(select(OfficeSetting.value).where(OfficeSetting.name == name))


def write_setting(session: Session, name: str, value: Any) -> None:
    """Store ``value`` under ``name`` (a removed setting comes back with the new value)."""
    row = session.scalars(
        select(OfficeSetting)
        .where(OfficeSetting.name == name)
        .execution_options(include_deleted=True)
    ).first()
    if row is None:
        session.add(OfficeSetting(name=name, value=value))
    else:
        row.value = value
        row.deleted_at = None
    session.flush()
