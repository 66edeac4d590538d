"""Contacts as vCard 4.0 (RFC 6350), written by hand: escaping, UTF-8-safe line folding.

A small format, so no extra dependency: the rules that matter are escaping
``\\ , ; newline`` in values and folding lines at 75 octets without cutting a
multi-byte character in two (Chinese and Arabic names).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.model import Delegation, Event, Person
from app.model.enums import DelegationRole
from app.services import records

MAX_LINE_OCTETS = 75
ROLE_TITLES = {DelegationRole.HEAD.value: "Head of delegation"}


def escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold_line(line: str) -> str:
    """Split at 75 octets on character boundaries; continuation lines start with a space."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def person_vcard(person: Person, *, role: str | None = None, with_photo: bool = True) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:{person.id}"]
    if person.native_name:
        lines.append(f"FN;ALTID=1:{escape(person.full_name)}")
        lines.append(f"FN;ALTID=1:{escape(person.native_name)}")
    else:
        lines.append(f"FN:{escape(person.full_name)}")
    n_parts = [person.family_name, person.given_names or "", "", person.honorific or "", ""]
    lines.append("N:" + ";".join(escape(p) for p in n_parts))
    if person.organisation is not None:
        lines.append(f"ORG:{escape(person.organisation.name)}")
    if person.position:
        lines.append(f"TITLE:{escape(person.position)}")
    if role:
        lines.append(f"ROLE:{escape(role)}")
    if person.email:
        lines.append(f"EMAIL;TYPE=work:{escape(person.email)}")
    if person.phone:
        compact = "".join(c for c in person.phone if c.isdigit() or c == "+")
        lines.append(f"TEL;VALUE=uri;TYPE=work:tel:{compact}")
    if person.languages:
        lines.append(f"NOTE:{escape('Languages: ' + ', '.join(person.languages))}")
    if with_photo and person.photo is not None and person.photo.media_type.startswith("image/"):
        encoded = base64.b64encode(person.photo.content).decode("ascii")
        lines.append(f"PHOTO:data:{person.photo.media_type};base64,{encoded}")
    updated = person.updated_at
    stamp = updated.replace(tzinfo=UTC) if updated.tzinfo is None else updated.astimezone(UTC)
    lines.append(f"REV:{stamp:%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def vcards(entries: Iterable[tuple[Person, str | None]]) -> str:
    return "".join(person_vcard(person, role=role) for person, role in entries)


def delegation_contacts(session: Session, delegation_id: uuid.UUID) -> str:
    """Every member of a delegation, head first, with their role in it."""
    from app.io.participants_export import ordered_delegations

    delegation = records.get(session, Delegation, delegation_id)
    for found, members in ordered_delegations(session, delegation.event_id):
        if found.id == delegation.id:
            return vcards(
                (
                    m.person,
                    f"{ROLE_TITLES.get(m.role, m.role.capitalize())}, {delegation.display_name}",
                )
                for m in members
            )
    return ""


def liaison_officer_contacts(session: Session, event_id: uuid.UUID) -> str:
    """The event's liaison officers, each once, with the delegations they look after."""
    records.get(session, Event, event_id)
    looked_after: dict[uuid.UUID, list[str]] = {}
    officers: dict[uuid.UUID, Person] = {}
    delegations = session.scalars(
        select(Delegation).where(
            Delegation.event_id == event_id, Delegation.liaison_officer_id.is_not(None)
        )
    )
    for delegation in delegations:
        officer = delegation.liaison_officer
        if officer is None:
            continue
        officers[officer.id] = officer
        looked_after.setdefault(officer.id, []).append(delegation.display_name)
    return vcards(
        (officers[pid], "Liaison officer for " + ", ".join(sorted(names)))
        for pid, names in looked_after.items()
    )
