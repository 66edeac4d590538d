"""The time zone an event's host city suggests, from the records the editor holds."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.model import Country
from app.timezones import suggest_zone


def host_city_zone(session: Session, country_id: uuid.UUID | None, city: str | None) -> str | None:
    """The zone for an event in ``city`` of the country ``country_id``, if one is known."""
    country = session.get(Country, country_id) if country_id is not None else None
    return suggest_zone(country.alpha2 if country is not None else None, city)
