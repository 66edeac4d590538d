"""Countries and organisations: who can send a delegation or be party to an agreement."""

from __future__ import annotations

import uuid

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.enums import OrganisationKind
from app.textnorm import search_key

# Country keys are derived from the ISO code, so two databases seeded apart agree
# on them and merging copies never duplicates a country.
COUNTRY_NAMESPACE = uuid.UUID("6f1c5a43-8f0e-4d55-9a55-1b0f6c9e2f10")


def country_uuid(alpha3: str) -> uuid.UUID:
    return uuid.uuid5(COUNTRY_NAMESPACE, alpha3.upper())


class Country(RecordMixin, Base):
    __tablename__ = "country"

    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    numeric: Mapped[str] = mapped_column(String(3))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    official_name_en: Mapped[str | None] = mapped_column(String(300))
    search_key: Mapped[str] = mapped_column(Text, default="")

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            [self.name_en, self.name_fr, self.official_name_en, self.alpha2, self.alpha3]
        )

    def __repr__(self) -> str:
        return f"Country({self.alpha3} {self.name_en})"


class Organisation(RecordMixin, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str | None] = mapped_column(String(50))
    native_name: Mapped[str | None] = mapped_column(String(300))
    alt_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(40), default=OrganisationKind.OTHER.value)
    country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="SET NULL")
    )
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    founded_year: Mapped[int | None] = mapped_column(Integer)
    member_count_note: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")

    country: Mapped[Country | None] = relationship()
    parent: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")

    def refresh_search_key(self) -> None:
        self.search_key = search_key(
            [self.name, self.acronym, self.native_name, *(self.alt_names or [])]
        )

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def __repr__(self) -> str:
        return f"Organisation({self.name!r})"
