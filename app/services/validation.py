"""Per-record validation rules, run before anything reaches the database."""

from __future__ import annotations

import calendar
import importlib
import re
import uuid
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dates import MONTHS, PRECISION_LABELS, format_date
from app.errors import DomainError
from app.model import (
    Agreement,
    AgreementParty,
    Base,
    Country,
    Delegation,
    DelegationMember,
    Event,
    EventOrganiser,
    EventRelation,
    Gift,
    Organisation,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.model.enums import (
    AgreementKind,
    AgreementStatus,
    DatePrecision,
    DelegationRole,
    DelegationStatus,
    EventKind,
    EventStatus,
    GiftDirection,
    GiftDisposition,
    OrganisationKind,
    ProgrammeItemKind,
    SpeakingRoleKind,
    SpeakingStatus,
)

Validator = Callable[[Session, Any], None]
VALIDATORS: dict[type[Base], Validator] = {}


def validator(model: type[Base]) -> Callable[[Validator], Validator]:
    def register(function: Validator) -> Validator:
        VALIDATORS[model] = function
        return function

    return register


# Features that keep their rules beside their own code; imported before the first
# validation so that no path (generic editors, import, merge) can skip those rules.
FEATURE_VALIDATOR_MODULES = ("app.protocol.precedence",)


@cache
def _load_feature_validators() -> None:
    for name in FEATURE_VALIDATOR_MODULES:
        importlib.import_module(name)


def validate(session: Session, record: Base) -> None:
    _load_feature_validators()
    check = VALIDATORS.get(type(record))
    if check is not None:
        check(session, record)


def require_text(field: str, value: str | None, label: str) -> None:
    if value is None or not value.strip():
        raise DomainError(field, f"{label} must not be empty")


def require_choice(field: str, value: str | None, choices: type[StrEnum]) -> None:
    allowed = [member.value for member in choices]
    if value not in allowed:
        raise DomainError(field, f"'{value}' is not one of: {', '.join(allowed)}")


# Dates as officers type them. Day first where digits alone are used (3.2.2027 is the
# 3rd of February), as in most of the places protocol offices correspond with.
_NAMED_MONTH = r"([^\W\d_]+)\.?"
_DAY_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), "dmy"),
    (re.compile(rf"(\d{{1,2}})\s+{_NAMED_MONTH},?\s+(\d{{4}})"), "dMy"),
    (re.compile(rf"{_NAMED_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})"), "Mdy"),
)
_MONTH_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})[./](\d{4})"), "my"),
    (re.compile(rf"{_NAMED_MONTH},?\s+(\d{{4}})"), "My"),
)
_EXAMPLES = {
    "day": "3 February 2027 or 2027-02-03",
    "month": "February 2027 or 2027-02",
    "year": "2027",
}
_TIME = re.compile(r"(.*?)(?:[ T]+(\d{1,2})[:.](\d{2}))?")


def month_number(field: str, name: str) -> int:
    """1-12 for an English month name or its first three letters ('Sept.' too)."""
    folded = name.casefold()
    for number, month in enumerate(MONTHS, start=1):
        if len(folded) >= 3 and month.casefold().startswith(folded):
            return number
    raise DomainError(field, f"'{name}' is not a month")


def checked_date(field: str, year: int, month: int, day: int = 1) -> date:
    """The date, or what is really wrong with it: 'there is no 30 February 2027'."""
    if not 1 <= month <= 12:
        raise DomainError(field, f"there is no month {month}")
    if not 1 <= year <= 9999:
        raise DomainError(field, f"there is no year {year}")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DomainError(field, f"there is no {day} {MONTHS[month - 1]} {year}")
    return date(year, month, day)


def _fields(match: re.Match[str], order: str, field: str) -> tuple[int, int, int]:
    parts = dict(zip(order, match.groups(), strict=True))
    month = parts.get("m") or parts.get("M") or "1"
    number = month_number(field, month) if "M" in parts else int(month)
    return int(parts["y"]), number, int(parts.get("d", "1"))


def parse_date(field: str, text: str | None, precision: str = "day") -> date | None:
    """A typed date at ``precision`` (day, month, year or unknown), or None when empty.

    A month-precise date is the first of its month and a year-precise one the first of
    January, as events store them. More precise text is accepted and cut down to the
    precision ('3 February 2027' as a month is February 2027); less precise is refused.
    """
    cleaned = " ".join((text or "").split())
    if not cleaned or precision == "unknown":
        return None
    candidates = {"day": _DAY_PATTERNS, "month": _MONTH_PATTERNS + _DAY_PATTERNS}
    for pattern, order in candidates.get(precision, _MONTH_PATTERNS + _DAY_PATTERNS):
        match = pattern.fullmatch(cleaned)
        if match is not None:
            year, month, day = _fields(match, order, field)
            found = checked_date(field, year, month, day)
            if precision == "year":
                return found.replace(month=1, day=1)
            return found.replace(day=1) if precision == "month" else found
    if precision == "year" and re.fullmatch(r"\d{4}", cleaned):
        return checked_date(field, int(cleaned), 1)
    example = _EXAMPLES.get(precision, _EXAMPLES["day"])
    _refuse_less_precise(field, cleaned, precision, example)
    raise DomainError(field, f"'{cleaned}' is not a date; write it like {example}")


def _refuse_less_precise(field: str, text: str, precision: str, example: str) -> None:
    """'February 2027' where a day is wanted: say so, and how to record only the month."""
    coarser = {"day": ("month", "year"), "month": ("year",)}.get(precision, ())
    for lower in coarser:
        try:
            parse_date(field, text, lower)
        except DomainError:
            continue
        raise DomainError(
            field,
            f"'{text}' gives only the {lower}; write the {precision} too, like {example}, "
            f'or choose "{PRECISION_LABELS[lower]}"',
        )


def parse_datetime(field: str, text: str | None) -> datetime | None:
    """A typed date and time ('2027-02-03 14:30', '3 February 2027 14:30'), or None."""
    cleaned = " ".join((text or "").replace("T", " ").split())
    if not cleaned:
        return None
    match = _TIME.fullmatch(cleaned)
    assert match is not None  # the pattern matches any text
    day = parse_date(field, match.group(1))
    assert day is not None
    hour, minute = int(match.group(2) or 0), int(match.group(3) or 0)
    if hour > 23 or minute > 59:
        raise DomainError(field, f"there is no time {hour:02d}:{minute:02d} in a day")
    return datetime(day.year, day.month, day.day, hour, minute)


def require_order(
    start_field: str, start: date | datetime | None, end_field: str, end: date | datetime | None
) -> None:
    if start is not None and end is not None and end < start:
        raise DomainError(end_field, f"ends {_moment(end)}, before it starts {_moment(start)}")


def _moment(value: date | datetime) -> str:
    """'on 1 May 2024' or 'at 14:30 on 1 May 2024', written as the editors write dates."""
    if isinstance(value, datetime):
        return f"at {value:%H:%M} on {format_date(value.date())}"
    return f"on {format_date(value)}"


def require_non_negative(field: str, value: int | float | None) -> None:
    if value is not None and value < 0:
        raise DomainError(field, f"must not be negative (got {value})")


def require_exists(session: Session, field: str, model: type[Base], key: uuid.UUID | None) -> None:
    if key is not None and session.get(model, key) is None:
        raise DomainError(field, f"refers to a {model.__name__.lower()} that does not exist")


@validator(Country)
def _country(_session: Session, country: Country) -> None:
    require_text("name_en", country.name_en, "the English name")


@validator(Organisation)
def _organisation(session: Session, organisation: Organisation) -> None:
    require_text("name", organisation.name, "the name")
    require_choice("kind", organisation.kind, OrganisationKind)
    require_exists(session, "country_id", Country, organisation.country_id)
    if organisation.parent_id is not None and organisation.parent_id == organisation.id:
        raise DomainError("parent_id", "an organisation cannot be its own parent")
    if organisation.founded_year is not None and not 1000 <= organisation.founded_year <= 2999:
        raise DomainError("founded_year", f"{organisation.founded_year} is not a plausible year")


@validator(Person)
def _person(session: Session, person: Person) -> None:
    require_text("family_name", person.family_name, "the family name")
    require_exists(session, "organisation_id", Organisation, person.organisation_id)
    require_exists(session, "country_id", Country, person.country_id)
    if person.email and ("@" not in person.email or " " in person.email.strip()):
        raise DomainError("email", f"'{person.email}' is not an e-mail address")


@validator(Event)
def _event(session: Session, event: Event) -> None:
    require_text("title", event.title, "the title")
    require_choice("kind", event.kind, EventKind)
    require_choice("status", event.status, EventStatus)
    require_choice("date_precision", event.date_precision, DatePrecision)
    require_order("start_date", event.start_date, "end_date", event.end_date)
    require_non_negative("expected_participants", event.expected_participants)
    require_non_negative("expected_countries", event.expected_countries)
    if event.duration_days is not None and event.duration_days < 1:
        raise DomainError("duration_days", "an event lasts at least one day")
    if event.timezone:
        try:
            zoneinfo.ZoneInfo(event.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise DomainError("timezone", f"'{event.timezone}' is not a known time zone") from None
    require_exists(session, "host_country_id", Country, event.host_country_id)


@validator(EventOrganiser)
def _organiser(session: Session, link: EventOrganiser) -> None:
    require_exists(session, "organisation_id", Organisation, link.organisation_id)


@validator(EventRelation)
def _relation(_session: Session, link: EventRelation) -> None:
    if link.event_id == link.related_event_id:
        raise DomainError("related_event_id", "an event cannot be related to itself")
    require_text("relation", link.relation, "the relation")


def event_window(event: Event) -> tuple[date, date] | None:
    """The first and last day an item of ``event`` may fall on, as far as known."""
    if event.start_date is None:
        return None
    precision = DatePrecision(event.date_precision)
    first = event.start_date
    if precision is DatePrecision.DAY:
        return first, event.end_date or first
    if precision is DatePrecision.MONTH:
        last_day = calendar.monthrange(first.year, first.month)[1]
        return first.replace(day=1), first.replace(day=last_day)
    if precision is DatePrecision.YEAR:
        return first.replace(month=1, day=1), first.replace(month=12, day=31)
    return None


@validator(ProgrammeItem)
def _programme_item(session: Session, item: ProgrammeItem) -> None:
    require_text("title", item.title, "the title")
    require_choice("kind", item.kind, ProgrammeItemKind)
    require_order("starts_at", item.starts_at, "ends_at", item.ends_at)
    event = item.event if item.event is not None else session.get(Event, item.event_id)
    if event is None:
        raise DomainError("event_id", "the programme item needs an event")
    window = event_window(event)
    for field, moment in (("starts_at", item.starts_at), ("ends_at", item.ends_at)):
        if moment is not None and window is not None:
            first, last = window
            if not first <= moment.date() <= last:
                raise DomainError(
                    field,
                    f"{moment:%Y-%m-%d %H:%M} is outside the event's dates ({first} to {last})",
                )
    if item.day_number is not None:
        days = event.duration_days or (
            (event.end_date - event.start_date).days + 1
            if event.start_date and event.end_date
            else None
        )
        if item.day_number < 1 or (days is not None and item.day_number > days):
            raise DomainError("day_number", f"day {item.day_number} is not a day of the event")
    require_exists(session, "chair_id", Person, item.chair_id)


@validator(SpeakingRole)
def _speaking_role(session: Session, role: SpeakingRole) -> None:
    require_choice("role", role.role, SpeakingRoleKind)
    require_choice("status", role.status, SpeakingStatus)
    require_non_negative("planned_minutes", role.planned_minutes)
    require_exists(session, "person_id", Person, role.person_id)


@validator(Delegation)
def _delegation(session: Session, delegation: Delegation) -> None:
    require_choice("status", delegation.status, DelegationStatus)
    if not (delegation.country_id or delegation.organisation_id or (delegation.name or "").strip()):
        raise DomainError("country_id", "a delegation needs a country, an organisation or a name")
    require_order("arrival_at", delegation.arrival_at, "departure_at", delegation.departure_at)
    require_exists(session, "country_id", Country, delegation.country_id)
    require_exists(session, "organisation_id", Organisation, delegation.organisation_id)
    if delegation.head_person_id is not None:
        # A query, not the members collection: a delegation may hold thousands.
        is_member = session.scalar(
            select(DelegationMember.id).where(
                DelegationMember.delegation_id == delegation.id,
                DelegationMember.person_id == delegation.head_person_id,
                DelegationMember.deleted_at.is_(None),
            )
        )
        if is_member is None:
            head = session.get(Person, delegation.head_person_id)
            name = head.full_name if head else "that person"
            raise DomainError("head_person_id", f"{name} is not a member of the delegation")


@validator(DelegationMember)
def _member(session: Session, member: DelegationMember) -> None:
    require_choice("role", member.role, DelegationRole)
    require_exists(session, "person_id", Person, member.person_id)
    twice = session.scalar(
        select(DelegationMember.id).where(
            DelegationMember.delegation_id == member.delegation_id,
            DelegationMember.person_id == member.person_id,
            DelegationMember.id != member.id,
        )
    )
    if twice is not None:
        person = session.get(Person, member.person_id)
        name = person.full_name if person else "this person"
        raise DomainError("person_id", f"{name} is already a member of this delegation")


@validator(Agreement)
def _agreement(_session: Session, agreement: Agreement) -> None:
    require_text("title", agreement.title, "the title")
    require_choice("kind", agreement.kind, AgreementKind)
    require_choice("status", agreement.status, AgreementStatus)
    require_order("valid_from", agreement.valid_from, "valid_until", agreement.valid_until)
    if agreement.originals_count is not None and agreement.originals_count < 1:
        raise DomainError("originals_count", "there is at least one original")


@validator(AgreementParty)
def _party(session: Session, party: AgreementParty) -> None:
    if (party.organisation_id is None) == (party.country_id is None):
        raise DomainError("organisation_id", "a party is either a country or an organisation")
    require_exists(session, "organisation_id", Organisation, party.organisation_id)
    require_exists(session, "country_id", Country, party.country_id)


@validator(SigningCeremony)
def _ceremony(session: Session, ceremony: SigningCeremony) -> None:
    require_exists(session, "agreement_id", Agreement, ceremony.agreement_id)
    if ceremony.programme_item_id is not None:
        item = session.get(ProgrammeItem, ceremony.programme_item_id)
        if item is None or item.event_id != ceremony.event_id:
            raise DomainError("programme_item_id", "the programme item is not part of this event")


@validator(Signatory)
def _signatory(session: Session, signatory: Signatory) -> None:
    require_exists(session, "person_id", Person, signatory.person_id)
    ceremony = signatory.ceremony or session.get(SigningCeremony, signatory.ceremony_id)
    party = session.get(AgreementParty, signatory.party_id)
    if ceremony is None:
        raise DomainError("ceremony_id", "the signatory needs a signing ceremony")
    if party is None or party.agreement_id != ceremony.agreement_id:
        raise DomainError("party_id", "the signatory must sign for a party of the agreement")
    require_exists(session, "aide_person_id", Person, signatory.aide_person_id)
    if signatory.aide_person_id is not None and signatory.aide_person_id == signatory.person_id:
        raise DomainError(
            "aide_person_id", "the aide stands behind the signatory and cannot be the signatory"
        )


@validator(Witness)
def _witness(session: Session, witness: Witness) -> None:
    require_exists(session, "person_id", Person, witness.person_id)


@validator(Gift)
def _gift(_session: Session, gift: Gift) -> None:
    require_text("description", gift.description, "the description")
    require_choice("direction", gift.direction, GiftDirection)
    require_choice("disposition", gift.disposition, GiftDisposition)
    if gift.estimated_value is not None:
        if gift.estimated_value < 0:
            raise DomainError("estimated_value", "must not be negative")
        if not gift.currency:
            raise DomainError("currency", "a value needs its currency")
    if gift.currency and (len(gift.currency) != 3 or not gift.currency.isalpha()):
        raise DomainError("currency", f"'{gift.currency}' is not a three-letter currency code")
