"""Protocol settings kept per event or programme item: order of precedence, seating plans."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.model.base import Base, RecordMixin


class Alphabet(StrEnum):
    """The language whose country names put the states in order."""

    ENGLISH = "en"
    FRENCH = "fr"
    HOST = "host"


class HostPlacement(StrEnum):
    FIRST = "first"
    LAST = "last"
    IN_ORDER = "in order"


class OrganisationOrder(StrEnum):
    """How international organisations are ordered among themselves, after the states."""

    NAME = "name"
    FOUNDING_YEAR = "founding year"


class PrecedenceSetting(RecordMixin, Base):
    """The order-of-precedence rule of one event, with the positions set by hand."""

    __tablename__ = "precedence_setting"

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    alphabet: Mapped[str] = mapped_column(String(10), default=Alphabet.ENGLISH.value)
    # With the host's language: a CLDR code ("kk", "ru", "de"); empty means the first
    # official language of the host country.
    language: Mapped[str | None] = mapped_column(String(20))
    # UN General Assembly practice: a letter or a country drawn by lot starts the list,
    # which wraps round to the beginning of the alphabet.
    draw_letter: Mapped[str | None] = mapped_column(String(10))
    draw_country_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("country.id", ondelete="SET NULL")
    )
    host_placement: Mapped[str] = mapped_column(String(10), default=HostPlacement.FIRST.value)
    organisation_order: Mapped[str] = mapped_column(
        String(20), default=OrganisationOrder.NAME.value
    )
    # {delegation id: {"position": int, "reason": str}}; reasons are kept for the record.
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)


class SeatingPlanRecord(RecordMixin, Base):
    """A seating plan of a programme item as last adjusted by hand."""

    __tablename__ = "seating_plan"

    programme_item_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programme_item.id", ondelete="CASCADE"), index=True
    )
    layout: Mapped[str] = mapped_column(String(30))
    # The options the plan was generated with, and its seats as plain dicts.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seats: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class DistinctPeople(RecordMixin, Base):
    """Two people the user has said are two people, not one: the possible-duplicate
    search leaves the pair out from then on, in every session and on every copy.

    The pair is kept in a canonical order (``first_id < second_id``). The columns are
    deliberately not foreign keys, which a merge would move to the kept person: a
    verdict must not stop a merge the user decides on later, and after a merge it stays
    with the record it was about (counting again if the merge is undone). The kept
    person may then be offered once more beside someone the merged record was set
    apart from: the safe side, a pair shown again rather than a duplicate hidden.
    """

    __tablename__ = "distinct_people"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)

    first_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # indexed by the unique constraint
    second_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)


class OfficeSetting(RecordMixin, Base):
    """A setting the whole office shares, kept with the data rather than on one
    workstation: e.g. the gift declaration thresholds, which are the ministry's rule,
    not a preference of whoever opened the register."""

    __tablename__ = "office_setting"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[Any] = mapped_column(JSON)
