"""People: delegates, speakers, signatories, liaison officers."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.files import StoredFile
from app.model.reference import Country, Organisation
from app.textnorm import search_key


class Person(RecordMixin, Base):
    __tablename__ = "person"
    # Covers the People list's ordered read (no row lookups for 50,000 people).
    __table_args__ = (
        Index("ix_person_sort_name", "family_name", "given_names", "deleted_at", "id"),
    )

    honorific: Mapped[str | None] = mapped_column(String(60))
    given_names: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    # Chinese, Korean, Hungarian... names are written family name first; protocol
    # forms must keep that order ("MA Jiantang", never "Jiantang MA").
    family_name_first: Mapped[bool] = mapped_column(Boolean, default=False)
    native_name: Mapped[str | None] = mapped_column(String(300))
    alt_spellings: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[str | None] = mapped_column(Text)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="SET NULL")
    )
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    dietary_needs: Mapped[str | None] = mapped_column(Text)
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(60))
    photo_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("stored_file.id", ondelete="SET NULL")
    )
    biography: Mapped[str | None] = mapped_column(Text)
    pronunciation: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation | None] = relationship()
    country: Mapped[Country | None] = relationship()
    photo: Mapped[StoredFile | None] = relationship()

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            [self.full_name, self.native_name, *(self.alt_spellings or [])]
        )

    @property
    def full_name(self) -> str:
        """The name in its natural order, without honorific."""
        parts = (
            [self.family_name, self.given_names]
            if self.family_name_first
            else [self.given_names, self.family_name]
        )
        return " ".join(p for p in parts if p)

    def __repr__(self) -> str:
        return f"Person({self.full_name!r})"
