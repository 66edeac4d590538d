"""Gifts exchanged at events: a register that offices must often declare."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.enums import GiftDirection, GiftDisposition
from app.model.events import Event
from app.model.people import Person
from app.model.reference import Organisation


class Gift(RecordMixin, Base):
    __tablename__ = "gift"

    event_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(30), default=GiftDirection.RECEIVED.value)
    giver_person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    giver_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    recipient_person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    recipient_organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    estimated_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    given_on: Mapped[date | None] = mapped_column(Date)
    disposition: Mapped[str] = mapped_column(String(30), default=GiftDisposition.PENDING.value)
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event | None] = relationship()
    giver_person: Mapped[Person | None] = relationship(foreign_keys=[giver_person_id])
    giver_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[giver_organisation_id]
    )
    recipient_person: Mapped[Person | None] = relationship(foreign_keys=[recipient_person_id])
    recipient_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[recipient_organisation_id]
    )

    @property
    def giver_name(self) -> str:
        return _party_name(self.giver_person, self.giver_organisation)

    @property
    def recipient_name(self) -> str:
        return _party_name(self.recipient_person, self.recipient_organisation)


def _party_name(person: Person | None, organisation: Organisation | None) -> str:
    names = [n for n in (person and person.full_name, organisation and organisation.name) if n]
    return ", ".join(names) if names else "(unknown)"
