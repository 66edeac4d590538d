"""Order of precedence: who comes first, and why, wherever delegations or parties are listed.

The rule is set per event (:class:`PrecedenceRule`, stored as a ``PrecedenceSetting``):

* states in alphabetical order of their names in English, in French or in the host's
  language, optionally starting from a letter or a country drawn by lot and wrapping
  round to the start of the alphabet (UN General Assembly practice);
* the host first, last, or in its alphabetical place;
* international organisations after the states, by name or by founding year, then any
  other participants by name;
* a position set by hand for any delegation, with the reason kept.

:func:`rank` is pure and works on :class:`Entrant` values, so the same rule orders
delegations (:func:`ordered_delegations`) and the parties of an agreement
(:func:`ordered_parties`). Every position carries its explanation in words.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.model import (
    Agreement,
    AgreementParty,
    Country,
    Delegation,
    DelegationMember,
    Event,
    Organisation,
    Person,
    PrecedenceSetting,
)
from app.model.enums import DelegationRole, OrganisationKind
from app.model.protocol import Alphabet, HostPlacement, OrganisationOrder
from app.protocol.collation import SortKey, collation_key
from app.services import records
from app.services.validation import require_choice, validator
from app.textnorm import normalise_text


class EntrantKind(StrEnum):
    STATE = "state"
    ORGANISATION = "international organisation"
    OTHER = "other participant"


@dataclass(frozen=True)
class Override:
    """A position set by hand; the reason is part of the record."""

    position: int
    reason: str


@dataclass(frozen=True)
class PrecedenceRule:
    alphabet: Alphabet = Alphabet.ENGLISH
    # The host-language code for Alphabet.HOST; None: the host country's first
    # official language.
    language: str | None = None
    draw_letter: str | None = None
    draw_country_id: uuid.UUID | None = None
    host_placement: HostPlacement = HostPlacement.FIRST
    organisation_order: OrganisationOrder = OrganisationOrder.NAME
    overrides: Mapping[uuid.UUID, Override] = field(default_factory=dict)


@dataclass(frozen=True)
class Entrant:
    """Whatever is placed in order: a delegation, an agreement party."""

    key: uuid.UUID
    kind: EntrantKind
    label: str
    country: Country | None = None
    organisation_name: str | None = None
    founded_year: int | None = None


@dataclass(frozen=True)
class Ranked:
    entrant: Entrant
    position: int
    rule_position: int
    explanation: str


@dataclass(frozen=True)
class RankedDelegation:
    delegation: Delegation
    position: int
    explanation: str
    # Head first, then in the order the sending side notified.
    members: list[DelegationMember]


@dataclass(frozen=True)
class RankedParty:
    party: AgreementParty
    position: int
    explanation: str


# --- the pure engine ------------------------------------------------------------


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise DomainError("language", f"'{code}' is not a language the app knows") from None


def language_name(code: str) -> str:
    """The English name of a language code: 'kk' -> 'Kazakh'."""
    name = _locale(code).get_display_name("en")
    return name or code


def host_language(host: Country | None) -> str | None:
    """The first official language of the host country, as CLDR lists it."""
    if host is None:
        return None
    languages = get_official_languages(host.alpha2)
    return languages[0] if languages else None


def effective_language(rule: PrecedenceRule, host: Country | None) -> str:
    if rule.alphabet is Alphabet.ENGLISH:
        return "en"
    if rule.alphabet is Alphabet.FRENCH:
        return "fr"
    code = rule.language or host_language(host)
    if code is None:
        raise DomainError(
            "language", "the host's language is unknown: set the host country or a language"
        )
    return code


def country_name(country: Country, language: str) -> str:
    """The country's name in ``language``: the stored English and French names, else CLDR's."""
    if language == "en":
        return country.name_en
    if language == "fr":
        return country.name_fr or country.name_en
    territories: Mapping[str, str] = _locale(language).territories
    return territories.get(country.alpha2) or country.name_en


def rank(
    entrants: Sequence[Entrant],
    rule: PrecedenceRule,
    *,
    host: Country | None = None,
    draw_country: Country | None = None,
) -> list[Ranked]:
    """Put ``entrants`` in order under ``rule`` and explain every position."""
    language = effective_language(rule, host) if entrants else "en"
    language_label = language_name(language)
    states = [e for e in entrants if e.kind is EntrantKind.STATE]
    hosts = [e for e in states if host is not None and _country_id(e) == host.id]
    placing_host = bool(hosts) and rule.host_placement is not HostPlacement.IN_ORDER
    if placing_host:
        states = [e for e in states if e not in hosts]

    def state_key(entrant: Entrant) -> SortKey:
        assert entrant.country is not None
        return collation_key(country_name(entrant.country, language), language)

    states.sort(key=state_key)
    draw_note = ""
    if (rule.draw_letter or draw_country is not None) and states:
        start_name = (
            country_name(draw_country, language) if draw_country is not None else rule.draw_letter
        )
        assert start_name is not None
        start = collation_key(start_name, language)
        index = next((i for i, e in enumerate(states) if state_key(e) >= start), 0)
        states = states[index:] + states[:index]
        draw_note = (
            f", after the draw starting at {start_name}"
            if draw_country is not None
            else f", after the draw starting at '{start_name}'"
        )
    host_note = f"; host placed {rule.host_placement.value}" if placing_host else ""

    explained: list[tuple[Entrant, str]] = []
    for state in states:
        assert state.country is not None
        name = country_name(state.country, language)
        host_mark = " (the host)" if state in hosts else ""
        explained.append(
            (state, f"alphabetical in {language_label} ('{name}'){host_mark}{draw_note}{host_note}")
        )
    for entrant in hosts if placing_host else []:
        assert entrant.country is not None
        text = f"host ({country_name(entrant.country, language)}), placed {rule.host_placement}"
        if rule.host_placement is HostPlacement.FIRST:
            explained.insert(0, (entrant, text))
        else:
            explained.append((entrant, text))
    explained.extend(_organisations(entrants, rule))
    others = sorted(
        (e for e in entrants if e.kind is EntrantKind.OTHER), key=lambda e: collation_key(e.label)
    )
    explained.extend(
        (e, f"other participant, after the states and organisations, by name ('{e.label}')")
        for e in others
    )
    return _apply_overrides(explained, rule.overrides)


def _organisations(entrants: Iterable[Entrant], rule: PrecedenceRule) -> list[tuple[Entrant, str]]:
    organisations = [e for e in entrants if e.kind is EntrantKind.ORGANISATION]

    def name_of(entrant: Entrant) -> str:
        return entrant.organisation_name or entrant.label

    if rule.organisation_order is OrganisationOrder.FOUNDING_YEAR:
        organisations.sort(
            key=lambda e: (e.founded_year is None, e.founded_year or 0, collation_key(name_of(e)))
        )
        return [
            (
                e,
                f"international organisation, after the states, by founding year ({e.founded_year})"
                if e.founded_year is not None
                else "international organisation, after the states; founding year unknown, "
                "so after those whose year is known",
            )
            for e in organisations
        ]
    organisations.sort(key=lambda e: collation_key(name_of(e)))
    return [
        (e, f"international organisation, after the states, by name ('{name_of(e)}')")
        for e in organisations
    ]


def _apply_overrides(
    explained: list[tuple[Entrant, str]], overrides: Mapping[uuid.UUID, Override]
) -> list[Ranked]:
    count = len(explained)
    rule_positions = {entrant.key: i + 1 for i, (entrant, _) in enumerate(explained)}
    slots: list[tuple[Entrant, str] | None] = [None] * count
    manual = sorted(
        (item for item in explained if item[0].key in overrides),
        key=lambda item: (overrides[item[0].key].position, rule_positions[item[0].key]),
    )
    for entrant, _ in manual:
        override = overrides[entrant.key]
        wanted = min(max(override.position, 1), count)
        slot = next(
            (i for i in range(wanted - 1, count) if slots[i] is None),
            next(i for i in range(count) if slots[i] is None),
        )
        taken = (
            "" if slot + 1 == override.position else f" (asked for {ordinal(override.position)})"
        )
        slots[slot] = (
            entrant,
            f"placed by hand{taken}: {override.reason}; "
            f"by the rule it would be {ordinal(rule_positions[entrant.key])}",
        )
    remaining = iter(item for item in explained if item[0].key not in overrides)
    for i in range(count):
        if slots[i] is None:
            entrant, reason = next(remaining)
            if i + 1 != rule_positions[entrant.key]:
                reason += f"; moved from {ordinal(rule_positions[entrant.key])} by a manual placing"
            slots[i] = (entrant, reason)
    ranked = []
    for i, filled in enumerate(slots):
        assert filled is not None
        entrant, reason = filled
        ranked.append(
            Ranked(entrant, i + 1, rule_positions[entrant.key], f"{ordinal(i + 1)}: {reason}")
        )
    return ranked


def _country_id(entrant: Entrant) -> uuid.UUID | None:
    return entrant.country.id if entrant.country is not None else None


def describe_rule(rule: PrecedenceRule, host: Country | None = None) -> str:
    """The whole rule in one sentence, e.g. for the head of a briefing list."""
    language = language_name(effective_language(rule, host))
    parts = [f"States in alphabetical order of their names in {language}"]
    if rule.draw_letter:
        parts.append(f"starting from the letter '{rule.draw_letter}' drawn by lot")
    elif rule.draw_country_id is not None:
        parts.append("starting from the country drawn by lot")
    text = ", ".join(parts)
    if rule.host_placement is HostPlacement.IN_ORDER:
        text += "; the host in its alphabetical place"
    else:
        text += f"; the host placed {rule.host_placement.value}"
    text += f"; international organisations after the states, by {rule.organisation_order.value}"
    if rule.overrides:
        text += f"; {len(rule.overrides)} position(s) set by hand"
    return text + "."


# --- entrants from the database ---------------------------------------------------


def _is_international(organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.INTERNATIONAL_ORGANISATION.value
    )


def delegation_entrant(delegation: Delegation) -> Entrant:
    """A delegation sent by an international organisation ranks as one, even when the
    organisation has a seat country; any other delegation with a country is a state's."""
    organisation = delegation.organisation
    if _is_international(organisation):
        assert organisation is not None
        return Entrant(
            delegation.id,
            EntrantKind.ORGANISATION,
            delegation.display_name,
            organisation_name=organisation.name,
            founded_year=organisation.founded_year,
        )
    if delegation.country is not None:
        return Entrant(
            delegation.id, EntrantKind.STATE, delegation.display_name, country=delegation.country
        )
    return Entrant(delegation.id, EntrantKind.OTHER, delegation.display_name)


def party_entrant(party: AgreementParty) -> Entrant:
    if party.country is not None:
        return Entrant(party.id, EntrantKind.STATE, party.display_name, country=party.country)
    organisation = party.organisation
    kind = EntrantKind.ORGANISATION if _is_international(organisation) else EntrantKind.OTHER
    return Entrant(
        party.id,
        kind,
        party.display_name,
        organisation_name=organisation.name if organisation else None,
        founded_year=organisation.founded_year if organisation else None,
    )


def members_in_order(delegation: Delegation) -> list[DelegationMember]:
    """The head first, then the other members in the order the sending side notified."""
    return sorted(
        (m for m in delegation.members if not m.is_deleted),
        key=lambda m: (
            m.person_id != delegation.head_person_id and m.role != DelegationRole.HEAD.value,
            m.sort_order,
        ),
    )


def ordered_members(session: Session, delegation_id: uuid.UUID) -> list[Person]:
    delegation = records.get(session, Delegation, delegation_id)
    return [member.person for member in members_in_order(delegation)]


# --- the stored rule ----------------------------------------------------------------


def _setting(session: Session, event_id: uuid.UUID) -> PrecedenceSetting | None:
    return session.scalars(
        select(PrecedenceSetting)
        .where(PrecedenceSetting.event_id == event_id)
        .order_by(PrecedenceSetting.created_at)
    ).first()


def get_rule(session: Session, event_id: uuid.UUID) -> PrecedenceRule:
    """The event's rule; an event without one uses the default (English, host first)."""
    records.get(session, Event, event_id)
    setting = _setting(session, event_id)
    if setting is None:
        return PrecedenceRule()
    return _rule_from(setting)


def _rule_from(setting: PrecedenceSetting) -> PrecedenceRule:
    overrides = {
        uuid.UUID(key): Override(int(value["position"]), str(value["reason"]))
        for key, value in (setting.overrides or {}).items()
    }
    return PrecedenceRule(
        alphabet=Alphabet(setting.alphabet),
        language=setting.language,
        draw_letter=setting.draw_letter,
        draw_country_id=setting.draw_country_id,
        host_placement=HostPlacement(setting.host_placement),
        organisation_order=OrganisationOrder(setting.organisation_order),
        overrides=overrides,
    )


def _stored_overrides(overrides: Mapping[uuid.UUID, Override]) -> dict[str, Any]:
    return {
        str(key): {"position": value.position, "reason": value.reason}
        for key, value in sorted(overrides.items(), key=lambda item: str(item[0]))
    }


def set_rule(session: Session, event_id: uuid.UUID, rule: PrecedenceRule) -> PrecedenceSetting:
    """Store ``rule`` (overrides included) as the event's order of precedence."""
    event = records.get(session, Event, event_id)
    fields: dict[str, Any] = {
        "alphabet": Alphabet(rule.alphabet).value,
        "language": rule.language,
        "draw_letter": rule.draw_letter,
        "draw_country_id": rule.draw_country_id,
        "host_placement": HostPlacement(rule.host_placement).value,
        "organisation_order": OrganisationOrder(rule.organisation_order).value,
        "overrides": _stored_overrides(rule.overrides),
    }
    _check_overrides(session, event.id, rule.overrides)
    setting = _setting(session, event.id)
    if setting is None:
        stored = records.create(session, PrecedenceSetting, event_id=event.id, **fields)
    else:
        stored = records.update(session, PrecedenceSetting, setting.id, **fields)
    # The language must resolve now, not when a list is printed.
    effective_language(_rule_from(stored), event.host_country)
    return stored


def set_override(
    session: Session, event_id: uuid.UUID, delegation_id: uuid.UUID, position: int, reason: str
) -> PrecedenceSetting:
    """Place one delegation by hand at ``position`` (1 = first); the reason is required."""
    rule = get_rule(session, event_id)
    overrides = dict(rule.overrides)
    overrides[delegation_id] = Override(position, normalise_text(reason))
    return set_rule(session, event_id, replace(rule, overrides=overrides))


def clear_override(
    session: Session, event_id: uuid.UUID, delegation_id: uuid.UUID
) -> PrecedenceSetting:
    rule = get_rule(session, event_id)
    overrides = {k: v for k, v in rule.overrides.items() if k != delegation_id}
    return set_rule(session, event_id, replace(rule, overrides=overrides))


def _check_overrides(
    session: Session, event_id: uuid.UUID, overrides: Mapping[uuid.UUID, Override]
) -> None:
    for delegation_id, override in overrides.items():
        delegation = session.get(Delegation, delegation_id)
        if delegation is None or delegation.event_id != event_id:
            raise DomainError(
                "overrides", "a position set by hand names a delegation of another event"
            )
        if override.position < 1:
            raise DomainError("overrides", f"position {override.position} is not a position")
        if not override.reason.strip():
            raise DomainError(
                "overrides", f"placing {delegation.display_name} by hand needs a reason"
            )


@validator(PrecedenceSetting)
def _precedence_setting(session: Session, setting: PrecedenceSetting) -> None:
    require_choice("alphabet", setting.alphabet, Alphabet)
    require_choice("host_placement", setting.host_placement, HostPlacement)
    require_choice("organisation_order", setting.organisation_order, OrganisationOrder)
    if setting.language:
        _locale(setting.language)
    if setting.draw_letter is not None and not setting.draw_letter.strip():
        setting.draw_letter = None
    if setting.draw_letter and setting.draw_country_id:
        raise DomainError("draw_letter", "the draw starts at a letter or at a country, not both")
    if setting.draw_letter and not setting.draw_letter[0].isalpha():
        raise DomainError("draw_letter", f"'{setting.draw_letter}' does not start with a letter")
    if (
        setting.draw_country_id is not None
        and session.get(Country, setting.draw_country_id) is None
    ):
        raise DomainError("draw_country_id", "refers to a country that does not exist")


# --- ordered lists ------------------------------------------------------------------


def ordered_delegations(session: Session, event_id: uuid.UUID) -> list[RankedDelegation]:
    """The event's delegations in order of precedence, each with its reason and members."""
    event = records.get(session, Event, event_id)
    rule = get_rule(session, event.id)
    delegations = {
        d.id: d for d in session.scalars(select(Delegation).where(Delegation.event_id == event.id))
    }
    ranked = rank(
        [delegation_entrant(d) for d in delegations.values()],
        _live_overrides(rule, delegations),
        host=event.host_country,
        draw_country=_draw_country(session, rule),
    )
    return [
        RankedDelegation(
            delegations[r.entrant.key],
            r.position,
            r.explanation,
            members_in_order(delegations[r.entrant.key]),
        )
        for r in ranked
    ]


def ordered_parties(session: Session, agreement_id: uuid.UUID) -> list[RankedParty]:
    """An agreement's parties in the precedence of the event it belongs to (default rule
    without one). Overrides are per delegation and do not apply to parties."""
    agreement = records.get(session, Agreement, agreement_id)
    event = agreement.event
    rule = get_rule(session, event.id) if event is not None else PrecedenceRule()
    parties = {p.id: p for p in agreement.parties}
    ranked = rank(
        [party_entrant(p) for p in parties.values()],
        replace(rule, overrides={}),
        host=event.host_country if event is not None else None,
        draw_country=_draw_country(session, rule),
    )
    return [RankedParty(parties[r.entrant.key], r.position, r.explanation) for r in ranked]


def _live_overrides(
    rule: PrecedenceRule, delegations: Mapping[uuid.UUID, Delegation]
) -> PrecedenceRule:
    # A delegation deleted since it was placed by hand leaves its override behind.
    return replace(rule, overrides={k: v for k, v in rule.overrides.items() if k in delegations})


def _draw_country(session: Session, rule: PrecedenceRule) -> Country | None:
    if rule.draw_country_id is None:
        return None
    return session.get(Country, rule.draw_country_id)
