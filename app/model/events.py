"""Events and their programme: sessions and who speaks in them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.model.base import Base, RecordMixin
from app.model.enums import (
    DatePrecision,
    EventKind,
    EventStatus,
    SpeakingStatus,
)
from app.model.people import Person
from app.model.reference import Country, Organisation
from app.textnorm import search_key


class Event(RecordMixin, Base):
    __tablename__ = "event"

    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default=EventKind.SEMINAR.value)
    auspices: Mapped[str | None] = mapped_column(String(200))
    host_country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="SET NULL")
    )
    city: Mapped[str | None] = mapped_column(String(200))
    venue: Mapped[str | None] = mapped_column(String(300))
    # With a precision coarser than a day, start_date holds the first day of the
    # known month or year and the app prints only what is known.
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default=DatePrecision.UNKNOWN.value)
    duration_days: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str | None] = mapped_column(String(64))
    expected_participants: Mapped[int | None] = mapped_column(Integer)
    expected_countries: Mapped[int | None] = mapped_column(Integer)
    participation_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.PLANNED.value)
    description: Mapped[str | None] = mapped_column(Text)
    classification: Mapped[str | None] = mapped_column(String(100))
    search_key: Mapped[str] = mapped_column(Text, default="")

    host_country: Mapped[Country | None] = relationship()
    organisers: Mapped[list[EventOrganiser]] = relationship(
        back_populates="event", order_by="EventOrganiser.sort_order"
    )
    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="event", order_by="ProgrammeItem.sort_order"
    )

    def refresh_search_key(self) -> None:
        self.search_key = search_key([self.title, self.theme, self.city, self.auspices])

    def __repr__(self) -> str:
        return f"Event({self.title!r})"


class EventOrganiser(RecordMixin, Base):
    __tablename__ = "event_organiser"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE")
    )
    role: Mapped[str | None] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="organisers")
    organisation: Mapped[Organisation] = relationship()


class EventRelation(RecordMixin, Base):
    """One event linked to another, e.g. a seminar timed to coincide with a summit."""

    __tablename__ = "event_relation"

    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    related_event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(200))

    event: Mapped[Event] = relationship(foreign_keys=[event_id])
    related_event: Mapped[Event] = relationship(foreign_keys=[related_event_id])


class ProgrammeItem(RecordMixin, Base):
    __tablename__ = "programme_item"

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    # Local wall-clock times at the venue; the event's time zone gives them meaning.
    starts_at: Mapped[datetime | None] = mapped_column(DateTime)
    ends_at: Mapped[datetime | None] = mapped_column(DateTime)
    day_number: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(300))
    chair_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    dress_code: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="programme")
    chair: Mapped[Person | None] = relationship()
    speakers: Mapped[list[SpeakingRole]] = relationship(
        back_populates="programme_item", order_by="SpeakingRole.sort_order"
    )


class SpeakingRole(RecordMixin, Base):
    __tablename__ = "speaking_role"

    programme_item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str | None] = mapped_column(Text)
    planned_minutes: Mapped[int | None] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default=SpeakingStatus.INVITED.value)

    programme_item: Mapped[ProgrammeItem] = relationship(back_populates="speakers")
    person: Mapped[Person] = relationship()
