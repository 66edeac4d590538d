"""Agreements, their parties, and the ceremonies at which they are signed."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.enums import AgreementKind, AgreementStatus
from app.model.events import Event, ProgrammeItem
from app.model.files import StoredFile
from app.model.people import Person
from app.model.reference import Country, Organisation
from app.textnorm import search_key


class Agreement(RecordMixin, Base):
    __tablename__ = "agreement"

    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default=AgreementKind.MEMORANDUM.value)
    status: Mapped[str] = mapped_column(String(20), default=AgreementStatus.DRAFT.value)
    event_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    originals_count: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    signed_place: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    validity_note: Mapped[str | None] = mapped_column(Text)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    search_key: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event | None] = relationship()
    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", order_by="AgreementParty.sort_order"
    )
    status_changes: Mapped[list[AgreementStatusChange]] = relationship(
        back_populates="agreement", order_by="AgreementStatusChange.changed_at"
    )

    def refresh_search_key(self) -> None:
        self.search_key = search_key([self.title, *(self.areas or [])])

    def __repr__(self) -> str:
        return f"Agreement({self.title!r})"


class AgreementParty(RecordMixin, Base):
    """A country or an organisation that is party to an agreement."""

    __tablename__ = "agreement_party"

    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE")
    )
    country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="CASCADE")
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organisation: Mapped[Organisation | None] = relationship()
    country: Mapped[Country | None] = relationship()

    @property
    def display_name(self) -> str:
        if self.organisation is not None:
            return self.organisation.display_name
        if self.country is not None:
            return self.country.name_en
        return "(unknown party)"


class AgreementStatusChange(RecordMixin, Base):
    """The lifecycle history; a forced step keeps the reason given for it."""

    __tablename__ = "agreement_status_change"

    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="status_changes")


class AgreementDocument(RecordMixin, Base):
    __tablename__ = "agreement_document"

    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    file_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"))
    language: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)

    file: Mapped[StoredFile] = relationship()


class SigningCeremony(RecordMixin, Base):
    __tablename__ = "signing_ceremony"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    programme_item_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("programme_item.id", ondelete="SET NULL")
    )
    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id", ondelete="CASCADE"))
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
    programme_item: Mapped[ProgrammeItem | None] = relationship()
    agreement: Mapped[Agreement] = relationship()
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="ceremony", order_by="Signatory.sort_order"
    )
    witnesses: Mapped[list[Witness]] = relationship(back_populates="ceremony")


class Signatory(RecordMixin, Base):
    __tablename__ = "signatory"

    ceremony_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signing_ceremony.id", ondelete="CASCADE")
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    party_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("agreement_party.id", ondelete="CASCADE")
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    seat: Mapped[str | None] = mapped_column(String(40))
    # Who stands behind the signatory, turns the pages and blots the signature.
    aide_person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )

    ceremony: Mapped[SigningCeremony] = relationship(back_populates="signatories")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    party: Mapped[AgreementParty] = relationship()
    aide: Mapped[Person | None] = relationship(foreign_keys=[aide_person_id])


class Witness(RecordMixin, Base):
    __tablename__ = "witness"

    ceremony_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("signing_ceremony.id", ondelete="CASCADE")
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    role: Mapped[str | None] = mapped_column(String(100))

    ceremony: Mapped[SigningCeremony] = relationship(back_populates="witnesses")
    person: Mapped[Person] = relationship()
