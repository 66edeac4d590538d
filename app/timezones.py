"""Time zones for events: every IANA zone to choose from, and the host city's suggested.

Qt-free and ORM-free. The country-to-zone table is the tz database's own zone.tab,
read from the tzdata package (the source zoneinfo itself falls back on), so the list
and the suggestions come from one place and need no network.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources

from app.textnorm import fold

# Where a country spans several zones and zone.tab lists another first, the zone of the
# capital, where official events mostly take place (Ottawa, Canberra, Brasília...).
CAPITAL_ZONES = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "FM": "Pacific/Pohnpei",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}


@cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone name a user may choose, sorted, without the legacy aliases."""
    # tzdata's own list reads in a millisecond; available_timezones() walks every zone
    # directory (about 150 ms, felt the first time an event editor opens).
    try:
        listed = resources.files("tzdata").joinpath("zones").read_text("utf-8")
        names = set(listed.split())
    except (ModuleNotFoundError, FileNotFoundError):
        names = zoneinfo.available_timezones()
    # 'EST5EDT', 'Etc/GMT+3' (whose sign is inverted) and the like only mislead.
    chosen = {name for name in names if "/" in name and not name.startswith(("Etc/", "SystemV/"))}
    return tuple(sorted(chosen | {"UTC"}))


@cache
def zones_by_country() -> dict[str, tuple[tuple[str, str], ...]]:
    """ISO alpha-2 code -> (zone, comment) rows in zone.tab order."""
    table: dict[str, list[tuple[str, str]]] = {}
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        columns = line.split("\t")
        comment = columns[3] if len(columns) > 3 else ""
        table.setdefault(columns[0], []).append((columns[2], comment))
    return {code: tuple(rows) for code, rows in table.items()}


def suggest_zone(country_alpha2: str | None, city: str | None = None) -> str | None:
    """The zone an event in ``city`` of that country most likely keeps its clocks by.

    A zone named after the city, or whose description names it, wins (Novosibirsk,
    São Paulo); otherwise the capital's zone, or the country's only zone.
    """
    rows = zones_by_country().get((country_alpha2 or "").upper(), ())
    if not rows:
        return None
    place = fold(city or "")
    if place:
        for zone, comment in rows:
            named = fold(zone.rsplit("/", 1)[-1].replace("_", " "))
            # zone.tab describes zones by the places they cover: 'MSK+00 - Kirov'.
            words = "".join(c if c.isalnum() else " " for c in fold(comment))
            if named == place or f" {place} " in f" {' '.join(words.split())} ":
                return zone
    return CAPITAL_ZONES.get(country_alpha2 or "", rows[0][0])


def zone_label(zone: str) -> str:
    """'America/New_York' as people read it: 'America/New York'."""
    return zone.replace("_", " ")
