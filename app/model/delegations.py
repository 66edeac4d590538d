"""Delegations sent to an event and their members."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.enums import DelegationRole, DelegationStatus
from app.model.events import Event
from app.model.people import Person
from app.model.reference import Country, Organisation


class Delegation(RecordMixin, Base):
    __tablename__ = "delegation"
    __table_args__ = (
        CheckConstraint(
            "country_id IS NOT NULL OR organisation_id IS NOT NULL OR name IS NOT NULL",
            name="names_sender",
        ),
    )

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    # A free label only where neither country nor organisation says it well.
    name: Mapped[str | None] = mapped_column(String(300))
    head_person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    arrival_at: Mapped[datetime | None] = mapped_column(DateTime)
    departure_at: Mapped[datetime | None] = mapped_column(DateTime)
    hotel: Mapped[str | None] = mapped_column(String(300))
    liaison_officer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default=DelegationStatus.INVITED.value)
    notes: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()
    country: Mapped[Country | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    head: Mapped[Person | None] = relationship(foreign_keys=[head_person_id])
    liaison_officer: Mapped[Person | None] = relationship(foreign_keys=[liaison_officer_id])
    members: Mapped[list[DelegationMember]] = relationship(
        back_populates="delegation", order_by="DelegationMember.sort_order"
    )

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.country is not None and self.organisation is not None:
            return f"{self.country.name_en} — {self.organisation.display_name}"
        if self.country is not None:
            return self.country.name_en
        if self.organisation is not None:
            return self.organisation.display_name
        return "(unnamed delegation)"

    def __repr__(self) -> str:
        return f"Delegation({self.display_name!r})"


class DelegationMember(RecordMixin, Base):
    __tablename__ = "delegation_member"

    delegation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("delegation.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=DelegationRole.MEMBER.value)
    # The order in which the sending side notified its members.
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    delegation: Mapped[Delegation] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
