"""Builders for protocol tests: an event with delegations of real countries."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.model import Country, Delegation, Event, Organisation, Person, country_uuid
from app.services import records
from app.services.delegations import add_member


@pytest.fixture
def tx(sqlite_db: Database) -> Iterator[Session]:
    """One transaction on a real SQLite file, committed at the end of the test."""
    with sqlite_db.transaction() as session:
        yield session


def make_event(session: Session, host: str | None = None, title: str = "Test conference") -> Event:
    return records.create(
        session,
        Event,
        title=title,
        kind="conference",
        host_country_id=country_uuid(host) if host else None,
        start_date=date(2027, 3, 1),
        end_date=date(2027, 3, 3),
        date_precision="day",
    )


def add_state(session: Session, event: Event, alpha3: str) -> Delegation:
    return records.create(session, Delegation, event_id=event.id, country_id=country_uuid(alpha3))


def add_organisation(
    session: Session, event: Event, name: str, acronym: str, founded: int | None
) -> Delegation:
    organisation = records.create(
        session,
        Organisation,
        name=name,
        acronym=acronym,
        kind="international organisation",
        founded_year=founded,
    )
    return records.create(session, Delegation, event_id=event.id, organisation_id=organisation.id)


def make_person(
    session: Session, family: str, given: str | None = None, **fields: object
) -> Person:
    return records.create(session, Person, family_name=family, given_names=given, **fields)


def add_person_to(
    session: Session, delegation: Delegation, family: str, given: str, role: str = "member"
) -> Person:
    person = make_person(session, family, given)
    add_member(session, delegation.id, person.id, role)
    return person


def country(session: Session, alpha3: str) -> Country:
    found = session.scalars(select(Country).where(Country.alpha3 == alpha3)).one()
    return found


def new_id() -> uuid.UUID:
    return uuid.uuid4()
