"""What the desktop app offers to choose from: events, countries, delegations, people,
programme items, years. Plain named rows of ids and labels, in the order shown.

Each function opens its own short session: the caller holds a ``Database`` and ids.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select

from app.listing.base import live
from app.model import (
    Country,
    Delegation,
    DelegationMember,
    Event,
    Gift,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.protocol.gifts import gift_date
from app.protocol.names import list_name, native_form, sort_people
from app.protocol.precedence import ordered_delegations

if TYPE_CHECKING:
    from app.db import Database

EVENT = Event.__table__
COUNTRY = Country.__table__
ITEM = ProgrammeItem.__table__


class Choice(NamedTuple):
    id: uuid.UUID
    label: str


class EventChoice(NamedTuple):
    id: uuid.UUID
    title: str
    start_date: date | None

    @property
    def label(self) -> str:
        """'Founding seminar (2017)'."""
        return f"{self.title} ({self.start_date:%Y})" if self.start_date else self.title


class ItemChoice(NamedTuple):
    id: uuid.UUID
    title: str
    kind: str


def events(db: Database) -> list[EventChoice]:
    """Every event, newest first."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(EVENT.c.id, EVENT.c.title, EVENT.c.start_date)
            .where(live(EVENT))
            .order_by(EVENT.c.start_date.desc(), EVENT.c.title)
        )
        return [EventChoice(*row) for row in rows]


def countries(db: Database) -> list[Choice]:
    """Every country by its English name."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(COUNTRY.c.id, COUNTRY.c.name_en).where(live(COUNTRY)).order_by(COUNTRY.c.name_en)
        )
        return [Choice(*row) for row in rows]


def programme_items(db: Database, event_id: uuid.UUID) -> list[ItemChoice]:
    """The event's programme items in agenda order."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(ITEM.c.id, ITEM.c.title, ITEM.c.kind)
            .where(ITEM.c.event_id == event_id, live(ITEM))
            .order_by(ITEM.c.day_number, ITEM.c.starts_at, ITEM.c.sort_order, ITEM.c.title)
        )
        return [ItemChoice(*row) for row in rows]


def delegations_by_precedence(db: Database, event_id: uuid.UUID) -> list[Choice]:
    """The event's delegations in its order of precedence (as the pack lists them)."""
    with db.session() as session:
        return [
            Choice(entry.delegation.id, entry.delegation.display_name)
            for entry in ordered_delegations(session, event_id)
        ]


def guest_delegations(db: Database, event_id: uuid.UUID) -> list[Choice]:
    """Delegations other than the host country's, in order of precedence."""
    with db.session() as session:
        return [
            Choice(r.delegation.id, r.delegation.display_name)
            for r in ordered_delegations(session, event_id)
            if r.delegation.country_id is None
            or r.delegation.country_id != r.delegation.event.host_country_id
        ]


def delegations_in_notified_order(db: Database, event_id: uuid.UUID) -> list[Choice]:
    """The event's delegations as the participants export lists them."""
    from app.io.participants_export import ordered_delegations as notified

    with db.session() as session:
        return [Choice(d.id, d.display_name) for d, _members in notified(session, event_id)]


def people_in_event(db: Database, event_id: uuid.UUID) -> list[Choice]:
    """Everyone with a part in the event: members, liaison officers, chairs, speakers,
    signatories and witnesses; family name in capitals, native script beside it."""
    parts = [
        select(DelegationMember.person_id)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.event_id == event_id),
        select(Delegation.liaison_officer_id).where(Delegation.event_id == event_id),
        select(ProgrammeItem.chair_id).where(ProgrammeItem.event_id == event_id),
        select(SpeakingRole.person_id)
        .join(ProgrammeItem, ProgrammeItem.id == SpeakingRole.programme_item_id)
        .where(ProgrammeItem.event_id == event_id),
        *(
            select(model.person_id)
            .join(SigningCeremony, SigningCeremony.id == model.ceremony_id)
            .where(SigningCeremony.event_id == event_id)
            for model in (Signatory, Witness)
        ),
    ]
    with db.session() as session:
        ids = {i for part in parts for i in session.scalars(part) if i is not None}
        if not ids:
            return []
        people = sort_people(session.scalars(select(Person).where(Person.id.in_(ids))))
        return [Choice(person.id, _person_label(person)) for person in people]


def _person_label(person: Person) -> str:
    native = native_form(person)
    return f"{list_name(person)}  {native}" if native else list_name(person)


def programme_people(db: Database, event_id: uuid.UUID) -> list[Choice]:
    """Chairs and speakers of the event's programme: whose own agenda can be exported."""
    speakers = (
        select(SpeakingRole.person_id).join(ProgrammeItem).where(ProgrammeItem.event_id == event_id)
    )
    chairs = select(ProgrammeItem.chair_id).where(ProgrammeItem.event_id == event_id)
    with db.session() as session:
        people = session.scalars(
            select(Person).where(Person.id.in_(speakers.union(chairs).scalar_subquery()))
        ).all()
        return sorted((Choice(p.id, p.full_name) for p in people), key=lambda c: c.label.casefold())


def native_names(db: Database, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The native-script form of each of these people's names, where they have one."""
    if not person_ids:
        return {}
    with db.session() as session:
        found = {}
        for person in session.scalars(select(Person).where(Person.id.in_(person_ids))):
            native = native_form(person)
            if native:
                found[person.id] = native
        return found


def gift_years(db: Database) -> list[int]:
    """The years in which recorded gifts were given, oldest first."""
    with db.session() as session:
        gifts = session.scalars(select(Gift)).all()
        return sorted({when.year for gift in gifts if (when := gift_date(gift)) is not None})


def event_title(db: Database, event_id: uuid.UUID) -> str:
    with db.session() as session:
        event = session.get(Event, event_id)
        return event.title if event is not None else "Event"


def event_classification(db: Database, event_id: uuid.UUID) -> str:
    with db.session() as session:
        event = session.get(Event, event_id)
        return (event.classification or "") if event is not None else ""
