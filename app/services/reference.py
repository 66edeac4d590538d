"""Reference data: the list of countries, from pycountry's ISO 3166 tables."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Country, country_uuid


@cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def ensure_countries(session: Session) -> int:
    """Add any ISO country the database lacks; returns how many were added."""
    known = set(session.scalars(select(Country.alpha3).execution_options(include_deleted=True)))
    added = 0
    for entry in pycountry.countries:
        if entry.alpha_3 in known:
            continue
        name_en = getattr(entry, "common_name", None) or entry.name
        country = Country(
            id=country_uuid(entry.alpha_3),
            alpha2=entry.alpha_2,
            alpha3=entry.alpha_3,
            numeric=entry.numeric,
            name_en=name_en,
            name_fr=_french().gettext(entry.name),
            official_name_en=getattr(entry, "official_name", None),
        )
        session.add(country)
        added += 1
    return added
