"""Binary files kept inside the database (photos, agreement texts).

Stored in the database rather than beside it so that a copy of one file (or one
PostgreSQL database) carries everything; the bytes load only when asked for.
"""

from __future__ import annotations

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.model.base import Base, RecordMixin


class StoredFile(RecordMixin, Base):
    __tablename__ = "stored_file"

    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
