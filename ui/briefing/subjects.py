"""Whom a pack can be for, and the words the tab uses about a finished build.

Qt-free on purpose: these are plain reads over a session and plain strings, so they
are quick to test and the widgets stay thin.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import (
    Delegation,
    DelegationMember,
    Event,
    Person,
    ProgrammeItem,
    Signatory,
    SigningCeremony,
    SpeakingRole,
    Witness,
)
from app.protocol.names import list_name, native_form, sort_people
from app.protocol.precedence import ordered_delegations
from app.reports.briefing import BriefingResult, PackKind
from app.reports.text import MissingGlyph


@dataclass(frozen=True)
class Subject:
    id: uuid.UUID
    label: str


def delegation_choices(session: Session, event_id: uuid.UUID) -> list[Subject]:
    """The event's delegations in its order of precedence (as the pack lists them)."""
    return [
        Subject(entry.delegation.id, entry.delegation.display_name)
        for entry in ordered_delegations(session, event_id)
    ]


def person_choices(session: Session, event_id: uuid.UUID) -> list[Subject]:
    """Everyone with a part in the event: members, liaison officers, chairs, speakers,
    signatories and witnesses; family name in capitals, native script beside it."""
    ids: set[uuid.UUID] = set()
    ids.update(
        session.scalars(
            select(DelegationMember.person_id)
            .join(Delegation, Delegation.id == DelegationMember.delegation_id)
            .where(Delegation.event_id == event_id)
        )
    )
    ids.update(
        session.scalars(
            select(Delegation.liaison_officer_id).where(
                Delegation.event_id == event_id, Delegation.liaison_officer_id.is_not(None)
            )
        )
    )
    ids.update(
        session.scalars(
            select(ProgrammeItem.chair_id).where(
                ProgrammeItem.event_id == event_id, ProgrammeItem.chair_id.is_not(None)
            )
        )
    )
    ids.update(
        session.scalars(
            select(SpeakingRole.person_id)
            .join(ProgrammeItem, ProgrammeItem.id == SpeakingRole.programme_item_id)
            .where(ProgrammeItem.event_id == event_id)
        )
    )
    for model in (Signatory, Witness):
        ids.update(
            session.scalars(
                select(model.person_id)
                .join(SigningCeremony, SigningCeremony.id == model.ceremony_id)
                .where(SigningCeremony.event_id == event_id)
            )
        )
    ids.discard(None)
    if not ids:
        return []
    people = sort_people(session.scalars(select(Person).where(Person.id.in_(ids))))
    return [Subject(person.id, _person_label(person)) for person in people]


def _person_label(person: Person) -> str:
    native = native_form(person)
    return f"{list_name(person)}  {native}" if native else list_name(person)


# Characters Windows, macOS or Linux refuse in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def export_file_name(event_title: str, kind: PackKind, subject: str | None, day: date) -> str:
    """'Founding Seminar - briefing - Kazakhstan - 2025-05-01.pdf'."""
    parts = [event_title, "briefing"]
    if kind is not PackKind.EVENT and subject:
        # Only the Latin form: the native name beside it makes file names unwieldy.
        parts.append(subject.split("  ")[0])
    parts.append(day.isoformat())
    name = " - ".join(" ".join(_UNSAFE.sub(" ", p).split()) for p in parts if p.strip())
    return f"{name.strip(' .')[:180]}.pdf"


def missing_characters_text(missing: Iterable[MissingGlyph]) -> str:
    """'2 characters could not be printed: 𓀀 in 'biography of X'; ☃ in 'event title''."""
    places: dict[str, list[str]] = {}
    for entry in missing:
        where = places.setdefault(entry.char, [])
        if entry.record_label and entry.record_label not in where:
            where.append(entry.record_label)
    if not places:
        return ""
    count = len(places)
    noun = "character" if count == 1 else "characters"
    details = []
    for char, where in places.items():
        shown = f"{char} (U+{ord(char):04X})"
        if where:
            shown += " in " + ", ".join(f"‘{w}’" for w in where[:3])
            if len(where) > 3:
                shown += f" and {len(where) - 3} more"
        details.append(shown)
    return (
        f"{count} {noun} could not be printed and show as [U+…] in the pack: "
        + "; ".join(details)
        + "."
    )


def result_notes(result: BriefingResult) -> list[str]:
    """What the user should know about a finished build, in plain words."""
    notes = []
    missing = missing_characters_text(result.missing_glyphs)
    if missing:
        notes.append(missing)
    glyph_lines = {str(entry) for entry in result.missing_glyphs}
    others = [w for w in result.warnings if w not in glyph_lines]
    for warning in others:
        notes.append(warning[:1].upper() + warning[1:] + ("" if warning.endswith(".") else "."))
    return notes


def event_title(session: Session, event_id: uuid.UUID) -> str:
    event = session.get(Event, event_id)
    return event.title if event is not None else "Event"
