"""Finding a record from what a person types: a UUID, a unique prefix, or a title."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import AmbiguousReferenceError, NotFoundError
from app.model import Event, Person
from app.textnorm import fold

MAX_CANDIDATES_SHOWN = 10


def resolve_event(session: Session, reference: str) -> Event:
    """An event by UUID, unique UUID prefix, or exact title (case-insensitive)."""
    text = reference.strip()
    events = list(session.scalars(select(Event).order_by(Event.start_date, Event.title)))
    try:
        key = uuid.UUID(text)
    except ValueError:
        key = None
    if key is not None:
        for event in events:
            if event.id == key:
                return event
    wanted = fold(text)
    by_title = [e for e in events if fold(e.title) == wanted]
    if len(by_title) == 1:
        return by_title[0]
    compact = text.lower().replace("-", "")
    by_prefix = [e for e in events if e.id.hex.startswith(compact)] if len(compact) >= 4 else []
    matches = by_title or by_prefix
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousReferenceError("event", reference, [_label(e) for e in matches])
    raise NotFoundError("event", reference, [_label(e) for e in events[:MAX_CANDIDATES_SHOWN]])


def resolve_person(session: Session, reference: str) -> Person:
    """A person by UUID, unique prefix, or a name (any spelling they are known by)."""
    text = reference.strip()
    try:
        found = session.get(Person, uuid.UUID(text))
        if found is not None and found.deleted_at is None:
            return found
    except ValueError:
        pass
    wanted = fold(text)
    people = list(session.scalars(select(Person).where(Person.search_key.contains(wanted))))
    exact = [p for p in people if wanted in {fold(n) for n in _names(p)}]
    matches = exact or people
    if not matches and len(text) >= 4:
        compact = text.lower().replace("-", "")
        ids = [i for i in session.scalars(select(Person.id)) if i.hex.startswith(compact)]
        matches = [p for i in ids if (p := session.get(Person, i)) is not None]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousReferenceError(
            "person", reference, [f"{p.full_name} ({p.id})" for p in matches]
        )
    raise NotFoundError("person", reference)


def _names(person: Person) -> list[str]:
    names = [person.full_name, person.family_name]
    if person.native_name:
        names.append(person.native_name)
    names.extend(person.alt_spellings or [])
    return names


def _label(event: Event) -> str:
    return f"{event.title} ({str(event.id)[:8]})"
