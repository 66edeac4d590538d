"""Declarative base and the columns every record carries.

Every row has a UUID key, creation and update times, a revision number and a soft
delete, so that copies of a database made on travelling laptops can later be merged
back: rows are identified globally, changes are ordered and deletions travel.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """UUID key, timestamps, optimistic revision and soft delete."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utc_now, onupdate=utc_now
    )
    revision: Mapped[int] = mapped_column(Integer, default=1)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:
        # The revision doubles as SQLAlchemy's version counter: a stale edit from a
        # second window or a second office workstation fails instead of overwriting.
        table = cls.__table__  # type: ignore[attr-defined]
        return {"version_id_col": table.c.revision}

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
