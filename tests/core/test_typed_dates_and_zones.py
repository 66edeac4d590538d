"""Dates as officers type them, with what is really wrong named, and the time zone an
event's host city suggests: core rules the editors, the command line and imports share."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.dates import format_date
from app.errors import DomainError
from app.services.validation import parse_date, parse_datetime
from app.timezones import all_zones, suggest_zone


@pytest.mark.parametrize(
    ("text", "precision", "expected"),
    [
        ("2027-02-03", "day", date(2027, 2, 3)),
        ("3 February 2027", "day", date(2027, 2, 3)),
        ("3 feb. 2027", "day", date(2027, 2, 3)),
        ("February 3, 2027", "day", date(2027, 2, 3)),
        ("03.02.2027", "day", date(2027, 2, 3)),  # day first
        ("29 February 2028", "day", date(2028, 2, 29)),
        ("September 2017", "month", date(2017, 9, 1)),
        ("2017-09", "month", date(2017, 9, 1)),
        ("14 September 2017", "month", date(2017, 9, 1)),
        ("2017", "year", date(2017, 1, 1)),
        ("anything at all", "unknown", None),
        ("  ", "day", None),
    ],
)
def test_typed_dates_are_read_at_their_precision(
    text: str, precision: str, expected: date | None
) -> None:
    assert parse_date("start_date", text, precision) == expected
    if expected is not None:
        again = parse_date("start_date", format_date(expected, precision), precision)
        assert again == expected


@pytest.mark.parametrize(
    ("text", "precision", "reason"),
    [
        ("2027-02-30", "day", "there is no 30 February 2027"),
        ("30 February 2027", "day", "there is no 30 February 2027"),
        ("29.02.2027", "day", "there is no 29 February 2027"),
        ("31 April 2027", "day", "there is no 31 April 2027"),
        ("2027-13-01", "day", "there is no month 13"),
        ("Febuary 2027", "month", "'Febuary' is not a month"),
        (
            "next week",
            "day",
            "'next week' is not a date; write it like 3 February 2027 or 2027-02-03",
        ),
    ],
)
def test_mistakes_are_named_for_what_they_are(text: str, precision: str, reason: str) -> None:
    with pytest.raises(DomainError) as raised:
        parse_date("start_date", text, precision)
    assert raised.value.field == "start_date"
    assert raised.value.reason == reason


def test_times_are_checked_too() -> None:
    assert parse_datetime("starts_at", "2027-02-03 14:30") == datetime(2027, 2, 3, 14, 30)
    assert parse_datetime("starts_at", "3 February 2027 9.05") == datetime(2027, 2, 3, 9, 5)
    with pytest.raises(DomainError, match="there is no 30 February 2027"):
        parse_datetime("starts_at", "2027-02-30 10:00")
    with pytest.raises(DomainError, match="there is no time 25:00 in a day"):
        parse_datetime("starts_at", "2027-02-03 25:00")


@pytest.mark.parametrize(
    ("country", "city", "zone"),
    [
        ("CN", "Quanzhou", "Asia/Shanghai"),
        ("KZ", "Astana", "Asia/Almaty"),
        ("KZ", "Aktobe", "Asia/Aqtobe"),  # named in the zone's description
        ("RU", "Novosibirsk", "Asia/Novosibirsk"),
        ("RU", "Saint Petersburg", "Europe/Moscow"),  # the capital's zone
        ("BR", "São Paulo", "America/Sao_Paulo"),
        ("US", "Los Angeles", "America/Los_Angeles"),
        ("FR", None, "Europe/Paris"),
        ("XX", "Nowhere", None),
        (None, None, None),
    ],
)
def test_the_host_city_suggests_its_zone(
    country: str | None, city: str | None, zone: str | None
) -> None:
    assert suggest_zone(country, city) == zone


def test_the_zone_list_is_the_iana_list_without_legacy_aliases() -> None:
    zones = all_zones()
    assert {"Asia/Shanghai", "America/New_York", "UTC"} <= set(zones)
    assert not any(z.startswith("Etc/") or "/" not in z for z in zones if z != "UTC")
    assert all(suggest_zone(code) in zones for code in ("CN", "KZ", "RU", "BR", "AU", "CA"))
