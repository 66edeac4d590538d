"""One person as the duplicates dialog shows them: name forms, work, and what links to them."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, NamedTuple

from app.model import Person
from app.protocol.names import list_name, native_form

if TYPE_CHECKING:
    from app.db import Database


class PersonDossier(NamedTuple):
    name: str
    # (label, text) in the order shown; empty texts are for the caller to leave out.
    facts: list[tuple[str, str]]
    # What links to the person, in words ("heads 1 delegation(s)").
    links: list[str]


def person_dossier(db: Database, person_id: uuid.UUID) -> PersonDossier:
    from app.services import records

    with db.session() as session:
        person = records.get(session, Person, person_id)
        facts = [
            ("List form", list_name(person)),
            ("Native script", native_form(person) or ""),
            ("Other spellings", ", ".join(person.alt_spellings or [])),
            ("Honorific", person.honorific or ""),
            ("Position", person.position or ""),
            ("Organisation", person.organisation.display_name if person.organisation else ""),
            ("Country", person.country.name_en if person.country else ""),
            ("Email", person.email or ""),
            ("Phone", person.phone or ""),
        ]
        links = list(records.describe_dependents(session, Person, person_id))
        return PersonDossier(person.full_name, facts, links)


def full_names(db: Database, person_ids: list[uuid.UUID]) -> list[str]:
    """These people's names in natural order, in the order asked."""
    from app.services import records

    with db.session() as session:
        return [records.get(session, Person, key).full_name for key in person_ids]
