"""Everything known about one event, as plain data: for `show`, JSON and reports.

The dictionary shape is the documented, stable JSON contract of `protocol-desk show
EVENT --json`: keys are only ever added, never renamed or removed.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import dates_text
from app.model import (
    Agreement,
    Delegation,
    Event,
    EventRelation,
    Gift,
    Person,
    ProgrammeItem,
    SigningCeremony,
)
from app.model.enums import DatePrecision

JSON_SCHEMA_VERSION = 1


def event_dates_text(event: Event) -> str:
    """The dates as far as they are known, never inventing a day."""
    return dates_text(event.start_date, event.end_date, DatePrecision(event.date_precision))


def programme_order(item: ProgrammeItem) -> tuple[object, ...]:
    """Dated items by time, then items known only by day, then undated ones, each by order."""
    return (
        item.day_number is None and item.starts_at is None,
        item.starts_at.date() if item.starts_at else date.min,
        item.day_number or 0,
        item.starts_at or datetime.min,
        item.sort_order,
    )


def person_data(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "id": str(person.id),
        "name": person.full_name,
        "honorific": person.honorific,
        "given_names": person.given_names,
        "family_name": person.family_name,
        "family_name_first": person.family_name_first,
        "native_name": person.native_name,
        "alt_spellings": list(person.alt_spellings or []),
        "position": person.position,
        "organisation": person.organisation.name if person.organisation else None,
        "country": person.country.alpha3 if person.country else None,
    }


def event_dossier(session: Session, event: Event) -> dict[str, Any]:
    programme = sorted(
        session.scalars(select(ProgrammeItem).where(ProgrammeItem.event_id == event.id)),
        key=programme_order,
    )
    delegations = list(session.scalars(select(Delegation).where(Delegation.event_id == event.id)))
    delegations.sort(key=lambda d: d.display_name.casefold())
    ceremonies = list(
        session.scalars(select(SigningCeremony).where(SigningCeremony.event_id == event.id))
    )
    agreements = list(session.scalars(select(Agreement).where(Agreement.event_id == event.id)))
    for ceremony in ceremonies:
        if ceremony.agreement not in agreements:
            agreements.append(ceremony.agreement)
    gifts = list(session.scalars(select(Gift).where(Gift.event_id == event.id)))
    relations = list(
        session.scalars(select(EventRelation).where(EventRelation.event_id == event.id))
    )
    return {
        "schema": JSON_SCHEMA_VERSION,
        "event": _event_data(event),
        "related_events": [
            {"relation": r.relation, **_event_summary(r.related_event)} for r in relations
        ],
        "organisers": [
            {"name": o.organisation.display_name, "role": o.role} for o in event.organisers
        ],
        "programme": [_item_data(item) for item in programme],
        "delegations": [_delegation_data(d) for d in delegations],
        "agreements": [_agreement_data(a) for a in agreements],
        "signing_ceremonies": [_ceremony_data(c) for c in ceremonies],
        "gifts": [_gift_data(g) for g in gifts],
    }


def _event_summary(event: Event) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "city": event.city,
        "host_country": event.host_country.name_en if event.host_country else None,
        "start_date": _iso(event.start_date),
        "end_date": _iso(event.end_date),
        "date_precision": event.date_precision,
        "dates_text": event_dates_text(event),
    }


def _event_data(event: Event) -> dict[str, Any]:
    return {
        **_event_summary(event),
        "theme": event.theme,
        "auspices": event.auspices,
        "venue": event.venue,
        "duration_days": event.duration_days,
        "timezone": event.timezone,
        "expected_participants": event.expected_participants,
        "expected_countries": event.expected_countries,
        "participation_note": event.participation_note,
        "description": event.description,
        "classification": event.classification,
    }


def _item_data(item: ProgrammeItem) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "title": item.title,
        "kind": item.kind,
        "day_number": item.day_number,
        "starts_at": _iso(item.starts_at),
        "ends_at": _iso(item.ends_at),
        "place": item.place,
        "chair": person_data(item.chair),
        "dress_code": item.dress_code,
        "description": item.description,
        "speakers": [
            {
                "person": person_data(role.person),
                "role": role.role,
                "topic": role.topic,
                "planned_minutes": role.planned_minutes,
                "status": role.status,
            }
            for role in item.speakers
        ],
    }


def _delegation_data(delegation: Delegation) -> dict[str, Any]:
    members = sorted(
        delegation.members, key=lambda m: (m.person_id != delegation.head_person_id, m.sort_order)
    )
    return {
        "id": str(delegation.id),
        "name": delegation.display_name,
        "country": delegation.country.alpha3 if delegation.country else None,
        "organisation": delegation.organisation.name if delegation.organisation else None,
        "status": delegation.status,
        "head": person_data(delegation.head),
        "members": [{"role": m.role, "person": person_data(m.person)} for m in members],
        "arrival_at": _iso(delegation.arrival_at),
        "departure_at": _iso(delegation.departure_at),
        "hotel": delegation.hotel,
        "liaison_officer": person_data(delegation.liaison_officer),
        "notes": delegation.notes,
    }


def _agreement_data(agreement: Agreement) -> dict[str, Any]:
    return {
        "id": str(agreement.id),
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "parties": [p.display_name for p in agreement.parties],
        "languages": list(agreement.languages or []),
        "originals_count": agreement.originals_count,
        "signed_on": _iso(agreement.signed_on),
        "signed_place": agreement.signed_place,
        "valid_from": _iso(agreement.valid_from),
        "valid_until": _iso(agreement.valid_until),
        "areas": list(agreement.areas or []),
        "notes": agreement.notes,
    }


def _ceremony_data(ceremony: SigningCeremony) -> dict[str, Any]:
    return {
        "id": str(ceremony.id),
        "agreement": ceremony.agreement.title,
        "programme_item": ceremony.programme_item.title if ceremony.programme_item else None,
        "signatories": [
            {
                "person": person_data(s.person),
                "party": s.party.display_name,
                "order": s.sort_order,
                "seat": s.seat,
                "aide": person_data(s.aide) if s.aide is not None else None,
            }
            for s in ceremony.signatories
        ],
        "witnesses": [
            {"person": person_data(w.person), "role": w.role} for w in ceremony.witnesses
        ],
        "notes": ceremony.notes,
    }


def _gift_data(gift: Gift) -> dict[str, Any]:
    return {
        "id": str(gift.id),
        "description": gift.description,
        "direction": gift.direction,
        "given_by": gift.giver_name,
        "received_by": gift.recipient_name,
        "estimated_value": _decimal(gift.estimated_value),
        "currency": gift.currency,
        "given_on": _iso(gift.given_on),
        "disposition": gift.disposition,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None
