"""One resolver from what a person types to a record, for every command and dialog.

A reference is, in this order of preference: a UUID; an exact name (case and accents
ignored: a title, any recorded spelling of a person, a country's English or French
name or ISO alpha-2/alpha-3 code, an organisation's name, acronym or other name, a
delegation's head); a unique prefix of the id (at least four characters); and, for
people and delegations, a part of a name. Nothing found, or more than one record
found at the first step that finds any, is an error that lists the candidates.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AmbiguousReferenceError, NotFoundError
from app.model import Agreement, Country, Delegation, Event, Organisation, Person, ProgrammeItem
from app.textnorm import fold

# Candidates named in a "not found" message.
MAX_CANDIDATES_SHOWN = 10
# A shorter id prefix would match too much by accident.
MIN_PREFIX = 4


@dataclass(frozen=True)
class Candidate[R]:
    record: R
    id: uuid.UUID
    label: str
    # Folded forms the record is known by exactly.
    names: frozenset[str]
    # Folded text a part of a name is looked for in ("" for kinds found by exact names only).
    search: str = ""


def pick[R](kind: str, reference: str, candidates: Sequence[Candidate[R]]) -> R:
    """The one candidate ``reference`` names; see the module's docstring for the order."""
    text = reference.strip()
    try:
        key: uuid.UUID | None = uuid.UUID(text)
    except ValueError:
        key = None
    wanted = fold(text)
    compact = text.lower().replace("-", "")
    steps: list[Callable[[Candidate[R]], bool]] = [
        lambda c: c.id == key,
        lambda c: wanted in c.names,
        lambda c: len(compact) >= MIN_PREFIX and c.id.hex.startswith(compact),
        lambda c: bool(wanted) and wanted in c.search,
    ]
    for step in steps:
        matches = [c for c in candidates if step(c)]
        if len(matches) == 1:
            return matches[0].record
        if matches:
            raise AmbiguousReferenceError(kind, reference, [c.label for c in matches])
    shown = [c.label for c in candidates[:MAX_CANDIDATES_SHOWN]]
    raise NotFoundError(kind, reference, shown)


def _folded(names: Iterable[str | None]) -> frozenset[str]:
    return frozenset(fold(n) for n in names if n)


def _short_label(title: str, key: uuid.UUID) -> str:
    return f"{title} ({str(key)[:8]})"


def resolve_event(session: Session, reference: str) -> Event:
    """An event by UUID, unique prefix, or exact title."""
    events = session.scalars(select(Event).order_by(Event.start_date, Event.title))
    return pick(
        "event",
        reference,
        [Candidate(e, e.id, _short_label(e.title, e.id), _folded([e.title])) for e in events],
    )


def resolve_item(session: Session, event: Event | uuid.UUID, reference: str) -> ProgrammeItem:
    """A programme item of ``event`` by UUID, unique prefix or exact title."""
    event_id = event.id if isinstance(event, Event) else event
    items = session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.event_id == event_id)
        .order_by(ProgrammeItem.sort_order, ProgrammeItem.starts_at, ProgrammeItem.title)
    )
    return pick(
        "programme item",
        reference,
        [Candidate(i, i.id, _short_label(i.title, i.id), _folded([i.title])) for i in items],
    )


def resolve_agreement(session: Session, reference: str) -> Agreement:
    """An agreement by UUID, unique prefix or exact title."""
    agreements = session.scalars(select(Agreement).order_by(Agreement.title))
    return pick(
        "agreement",
        reference,
        [Candidate(a, a.id, _short_label(a.title, a.id), _folded([a.title])) for a in agreements],
    )


def person_names(person: Person) -> list[str | None]:
    """Every form a person is known by: natural order, family name, native, other spellings."""
    return [person.full_name, person.family_name, person.native_name, *(person.alt_spellings or [])]


def resolve_person(session: Session, reference: str) -> Person:
    """A person by UUID, unique prefix, or a name (any spelling they are known by)."""
    wanted = fold(reference.strip())
    statement = select(Person).order_by(Person.family_name, Person.given_names)
    try:
        found = session.get(Person, uuid.UUID(reference.strip()))
        people: Sequence[Person] = [found] if found is not None and not found.is_deleted else []
    except ValueError:
        # The stored folded key narrows the candidates in the database.
        people = session.scalars(statement.where(Person.search_key.contains(wanted))).all()
    if not people:
        # An id prefix, looked for among the ids only: an office has many people.
        compact = reference.strip().lower().replace("-", "")
        ids = [i for i in session.scalars(select(Person.id)) if i.hex.startswith(compact)]
        limited = statement.where(Person.id.in_(ids)) if len(compact) >= MIN_PREFIX else None
        people = session.scalars(
            limited if limited is not None and ids else statement.limit(MAX_CANDIDATES_SHOWN)
        ).all()
    return pick(
        "person",
        reference,
        [
            Candidate(p, p.id, f"{p.full_name} ({p.id})", _folded(person_names(p)), p.search_key)
            for p in people
        ],
    )


def country_names(country: Country | None) -> list[str | None]:
    if country is None:
        return []
    return [country.name_en, country.name_fr, country.alpha2, country.alpha3]


def organisation_names(organisation: Organisation | None) -> list[str | None]:
    if organisation is None:
        return []
    return [organisation.name, organisation.acronym, *(organisation.alt_names or [])]


def delegation_names(delegation: Delegation) -> list[str | None]:
    """Every form a delegation is known by: its name, its country (names, ISO codes), its
    organisation (name, acronym, other names) and its head's names."""
    head = delegation.head
    return [
        delegation.display_name,
        delegation.name,
        *country_names(delegation.country),
        *organisation_names(delegation.organisation),
        *(person_names(head) if head is not None else []),
    ]


def resolve_delegation(session: Session, event: Event | uuid.UUID, reference: str) -> Delegation:
    """A delegation of ``event`` by UUID, unique prefix, name, country (name or ISO code),
    organisation (name or acronym), its head's name, or a part of its name."""
    event_id = event.id if isinstance(event, Event) else event
    delegations = session.scalars(select(Delegation).where(Delegation.event_id == event_id))
    candidates: list[Candidate[Delegation]] = []
    for d in delegations:
        names = _folded(delegation_names(d))
        candidates.append(Candidate(d, d.id, f"{d.display_name} ({d.id})", names, _joined(names)))
    candidates.sort(key=lambda c: c.label.casefold())
    return pick("delegation", reference, candidates)


def _joined(names: Any) -> str:
    return " | ".join(sorted(names))
