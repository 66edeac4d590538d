"""One event at a glance: the workspace's heading and its Overview tab, as plain text."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import func, select

from app.listing.base import live
from app.model import Delegation, Event, Gift, ProgrammeItem
from app.services.dossier import event_dates_text

if TYPE_CHECKING:
    from app.db import Database


class EventHeading(NamedTuple):
    title: str
    dates: str
    city: str | None


class EventOverview(NamedTuple):
    title: str
    # (label, text) in the order shown; empty texts are for the caller to leave out.
    facts: list[tuple[str, str | None]]


def event_heading(db: Database, event_id: uuid.UUID) -> EventHeading | None:
    """None when the event is gone (deleted, or not there)."""
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.is_deleted:
            return None
        return EventHeading(event.title, event_dates_text(event), event.city)


def event_overview(db: Database, event_id: uuid.UUID) -> EventOverview | None:
    """None when the event is gone (deleted, or not there)."""
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.is_deleted:
            return None
        counts = {}
        for label, model in (
            ("delegations", Delegation),
            ("programme items", ProgrammeItem),
            ("gifts", Gift),
        ):
            table = model.__table__
            counts[label] = session.connection().scalar(
                select(func.count())
                .select_from(table)
                .where(table.c.event_id == event.id, live(table))
            )
        place = ", ".join(
            p
            for p in (event.venue, event.city, event.host_country and event.host_country.name_en)
            if p
        )
        facts: list[tuple[str, str | None]] = [
            ("Dates", event_dates_text(event)),
            ("Place", place),
            ("Kind", event.kind.capitalize()),
            ("Status", event.status.capitalize()),
            ("Theme", event.theme),
            ("Under the auspices of", event.auspices),
            ("Expected", event.participation_note),
            *((label.capitalize(), str(n)) for label, n in counts.items()),
            ("Description", event.description),
        ]
        return EventOverview(event.title, facts)


def member_order(db: Database, delegation_id: uuid.UUID) -> list[uuid.UUID]:
    """Person ids of a delegation's members in their stored (notified) order."""
    from app.services import records

    with db.session() as session:
        delegation = records.get(session, Delegation, delegation_id)
        return [m.person_id for m in delegation.members]


def ceremony_agreement(db: Database, ceremony_id: uuid.UUID) -> uuid.UUID:
    """The agreement a signing ceremony is for."""
    from app.model import SigningCeremony
    from app.services import records

    with db.session() as session:
        return records.get(session, SigningCeremony, ceremony_id).agreement_id
