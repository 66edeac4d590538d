"""The main lists: people, organisations, events, agreements, countries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Agreement, Country, Event, Organisation, Person
from app.services.dossier import event_dates_text
from app.textnorm import fold
from ui.models.base import RecordKeys, RecordTableModel, keys_from_rows, sort_text


def person_name(given: str | None, family: str | None, family_first: bool | None) -> str:
    parts = [family, given] if family_first else [given, family]
    return " ".join(p for p in parts if p)


class PeopleModel(RecordTableModel):
    headers = ("Name", "Native name", "Position", "Organisation", "Country")
    record_kind = Person
    depends_on = frozenset({"Organisation"})

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(
                Person.id,
                Person.family_name,
                Person.given_names,
                Person.native_name,
                Person.position,
                Organisation.name,
                Country.name_en,
                Person.search_key,
            )
            .outerjoin(Organisation, Person.organisation_id == Organisation.id)
            .outerjoin(Country, Person.country_id == Country.id)
        ).all()
        folded_names: dict[str | None, str] = {}

        def folded(name: str | None) -> str:
            if name not in folded_names:
                folded_names[name] = fold(name or "")
            return folded_names[name]

        ids = [r[0] for r in rows]
        names = [f"{sort_text(r[1])} {sort_text(r[2])}" for r in rows]
        sort_keys = [names, *([sort_text(r[c]) for r in rows] for c in (3, 4, 5, 6))]
        filters = [f"{r[7] or ''} | {sort_text(r[4])} | {folded(r[5])}" for r in rows]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(
                Person.id,
                Person.honorific,
                Person.given_names,
                Person.family_name,
                Person.family_name_first,
                Person.native_name,
                Person.position,
                Organisation.name,
                Country.name_en,
            )
            .outerjoin(Organisation, Person.organisation_id == Organisation.id)
            .outerjoin(Country, Person.country_id == Country.id)
            .where(Person.id.in_(ids))
        ).all()
        return {r[0]: (person_name(r[2], r[3], r[4]), r[5], r[6], r[7], r[8]) for r in rows}


class OrganisationsModel(RecordTableModel):
    headers = ("Name", "Acronym", "Native name", "Kind", "Country")
    record_kind = Organisation

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.acronym,
                Organisation.native_name,
                Organisation.kind,
                Country.name_en,
                Organisation.search_key,
            ).outerjoin(Country, Organisation.country_id == Country.id)
        ).all()
        return keys_from_rows(rows, 5, 6)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.acronym,
                Organisation.native_name,
                Organisation.kind,
                Country.name_en,
            )
            .outerjoin(Country, Organisation.country_id == Country.id)
            .where(Organisation.id.in_(ids))
        ).all()
        return {r[0]: tuple(r[1:]) for r in rows}


class EventsModel(RecordTableModel):
    headers = ("Title", "Dates", "City", "Kind", "Status")
    record_kind = Event
    depends_on = frozenset({"Country"})

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(
                Event.id,
                Event.title,
                Event.start_date,
                Event.city,
                Event.kind,
                Event.status,
                Event.search_key,
            ).order_by(Event.start_date.desc(), Event.title)
        ).all()
        return keys_from_rows(rows, 5, 6)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(
                Event.id,
                Event.title,
                Event.start_date,
                Event.end_date,
                Event.date_precision,
                Event.city,
                Event.kind,
                Event.status,
            ).where(Event.id.in_(ids))
        ).all()
        result: dict[Any, Sequence[Any]] = {}
        for r in rows:
            dates = event_dates_text(Event(start_date=r[2], end_date=r[3], date_precision=r[4]))
            result[r[0]] = (r[1], dates, r[5], r[6], r[7])
        return result


class AgreementsModel(RecordTableModel):
    headers = ("Title", "Kind", "Status", "Signed on", "Event")
    record_kind = Agreement
    depends_on = frozenset({"Event", "AgreementStatusChange"})

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(
                Agreement.id,
                Agreement.title,
                Agreement.kind,
                Agreement.status,
                Agreement.signed_on,
                Event.title,
                Agreement.search_key,
            ).outerjoin(Event, Agreement.event_id == Event.id)
        ).all()
        ids, sort_keys, _ = keys_from_rows(rows, 5, None)
        filters = [f"{r[6] or ''} | {fold(r[5] or '')}" for r in rows]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(
                Agreement.id,
                Agreement.title,
                Agreement.kind,
                Agreement.status,
                Agreement.signed_on,
                Event.title,
            )
            .outerjoin(Event, Agreement.event_id == Event.id)
            .where(Agreement.id.in_(ids))
        ).all()
        return {r[0]: tuple(r[1:]) for r in rows}


class CountriesModel(RecordTableModel):
    headers = ("Country", "Code")
    record_kind = Country

    def load_keys(self, session: Session) -> RecordKeys:
        rows = session.execute(
            select(Country.id, Country.name_en, Country.alpha3, Country.search_key).order_by(
                Country.name_en
            )
        ).all()
        return keys_from_rows(rows, 2, 3)

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        rows = session.execute(
            select(Country.id, Country.name_en, Country.alpha3).where(Country.id.in_(ids))
        ).all()
        return {r[0]: tuple(r[1:]) for r in rows}
