"""Printed packs and what changed since: "12 changes since the pack printed on 3 Dec".

Exporting a briefing pack records the event, whose pack it was, who printed it and
the newest journal change it included. The digest below turns the journal rows
after that point into the lines a principal's officer wants first: people added or
withdrawn, programme items moved, positions and titles changed, signatories changed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.journal.history import (
    ChangeFilter,
    HistoryRow,
    PrintedPack,
    event_changes,
    field_words,
    last_printed_pack,
    latest_seq,
    show_value,
)
from app.model import Delegation, DelegationMember, Person, Signatory, printed_pack_table, utc_now

if TYPE_CHECKING:
    from app.db.database import Database

PEOPLE, PROGRAMME, POSITIONS, SIGNATORIES, OTHER = (
    "People added or withdrawn",
    "Programme items moved or changed",
    "Positions and titles changed",
    "Signatories changed",
    "Other changes",
)
GROUP_ORDER = (PEOPLE, PROGRAMME, POSITIONS, SIGNATORIES, OTHER)
TITLE_FIELDS = frozenset({"position", "honorific", "family_name", "given_names", "native_name"})
MAX_LINES_PER_GROUP = 60


@dataclass
class PackChanges:
    previous: PrintedPack | None
    count: int = 0
    groups: dict[str, list[str]] = field(default_factory=dict)

    def ordered(self) -> list[tuple[str, list[str]]]:
        return [(name, self.groups[name]) for name in GROUP_ORDER if self.groups.get(name)]

    def headline(self) -> str:
        if self.previous is None:
            return "No pack of this kind has been printed yet."
        noun = "change" if self.count == 1 else "changes"
        return f"{self.count} {noun} since the pack printed on {self.previous.describe()}"

    def texts(self) -> list[str]:
        return [self.headline(), *GROUP_ORDER, *(line for _g, ls in self.ordered() for line in ls)]


def record_printed_pack(
    db: Database,
    event_id: uuid.UUID,
    scope: str,
    subject_id: uuid.UUID | None,
    file_name: str | None,
    last_seq: int,
) -> None:
    """Remember a printed pack. Not an officer's edit of the data, so not journaled."""
    with db.engine.begin() as connection:
        connection.execute(
            insert(printed_pack_table).values(
                id=uuid.uuid4(),
                event_id=event_id,
                scope=scope,
                subject_id=subject_id,
                actor=db.actor,
                workstation=db.workstation,
                at=utc_now(),
                last_seq=last_seq,
                file_name=file_name,
            )
        )


def pack_position(session: Session) -> int:
    """Read before building a pack: changes after this one are not in it."""
    return latest_seq(session)


def changes_since_last_pack(
    session: Session,
    event_id: uuid.UUID,
    scope: str = "event",
    subject_id: uuid.UUID | None = None,
) -> PackChanges:
    previous = last_printed_pack(session, event_id, scope, subject_id)
    if previous is None:
        return PackChanges(None)
    rows = event_changes(session, event_id, ChangeFilter(since_seq=previous.last_seq))
    digest = PackChanges(previous)
    names = _person_names(session, rows)
    for row in _net(rows):
        group, line = _describe(row, names)
        if line:
            digest.count += 1
            lines = digest.groups.setdefault(group, [])
            if len(lines) < MAX_LINES_PER_GROUP:
                lines.append(line)
    return digest


def _net(rows: list[HistoryRow]) -> list[HistoryRow]:
    """One row per record: first value before, last value after; no-ops dropped."""
    merged: dict[uuid.UUID, HistoryRow] = {}
    for row in rows:
        known = merged.get(row.record_id)
        if known is None:
            merged[row.record_id] = HistoryRow(**{**row.__dict__, "fields": dict(row.fields)})
            continue
        fields = dict(known.fields)
        for name, (before, after) in row.fields.items():
            fields[name] = [fields[name][0] if name in fields else before, after]
        action = known.action if known.action == "create" else row.action
        if known.action == "create" and row.action == "delete":
            action = "gone"
        merged[row.record_id] = HistoryRow(**{**known.__dict__, "fields": fields, "action": action})
    result = []
    for row in merged.values():
        fields = {k: v for k, v in row.fields.items() if v[0] != v[1]}
        if row.action != "gone" and (fields or row.action != "update"):
            result.append(HistoryRow(**{**row.__dict__, "fields": fields}))
    return result


def _person_names(session: Session, rows: list[HistoryRow]) -> dict[uuid.UUID, str]:
    """Names of the people behind member and signatory rows, and their delegations."""
    wanted: set[uuid.UUID] = set()
    for row in rows:
        for name in ("person_id", "delegation_id"):
            value = row.fields.get(name)
            if value and value[1]:
                wanted.add(uuid.UUID(value[1]))
        if row.kind in ("DelegationMember", "Signatory", "Person"):
            wanted.add(row.record_id)
    names: dict[uuid.UUID, str] = {}
    ids = list(wanted)
    for person in session.scalars(
        select(Person).where(Person.id.in_(ids)).execution_options(include_deleted=True)
    ):
        # Names print as the pack prints them: in Latin letters and in their own script.
        native = f" {person.native_name}" if person.native_name else ""
        names[person.id] = person.full_name + native
    for delegation in session.scalars(
        select(Delegation).where(Delegation.id.in_(ids)).execution_options(include_deleted=True)
    ):
        names[delegation.id] = delegation.display_name
    for model in (DelegationMember, Signatory):
        for row_id, person_id in session.execute(
            select(model.id, model.person_id).where(model.id.in_(ids))
        ):
            names[row_id] = names.get(person_id) or _name_of(session, person_id)
    return names


def _name_of(session: Session, person_id: uuid.UUID) -> str:
    person = session.get(Person, person_id, execution_options={"include_deleted": True})
    if person is None:
        return ""
    return person.full_name + (f" {person.native_name}" if person.native_name else "")


def _describe(row: HistoryRow, names: dict[uuid.UUID, str]) -> tuple[str, str]:
    verb = {"create": "added", "delete": "withdrawn", "restore": "back"}.get(row.action)
    if row.kind == "DelegationMember":
        delegation = _ref(row, "delegation_id", names)
        where = f" ({delegation})" if delegation else ""
        return PEOPLE, f"{names.get(row.record_id, row.name)}{where}: {verb or 'role changed'}"
    if row.kind == "Person" and verb:
        # A person joins an event through a membership (or a speaking role or a
        # signature), which has its own line; a new record alone says nothing more.
        return PEOPLE, ""
    if row.kind == "Delegation" and verb:
        return PEOPLE, f"Delegation {row.name}: {verb}"
    if row.kind == "Person" and set(row.fields) & TITLE_FIELDS:
        name = names.get(row.record_id, row.name)
        return POSITIONS, f"{name}: " + _fields(row, only=TITLE_FIELDS)
    if row.kind in ("ProgrammeItem", "SpeakingRole"):
        detail = verb or _fields(row)
        return PROGRAMME, f"{row.name or 'Speaker'}: {detail}"
    if row.kind == "Signatory":
        return SIGNATORIES, f"{names.get(row.record_id, row.name)}: {verb or _fields(row)}"
    label = "".join(f" {c.lower()}" if c.isupper() else c for c in row.kind).strip()
    return OTHER, f"{label.capitalize()} {row.name}: {verb or _fields(row)}".replace(" :", ":")


def _fields(row: HistoryRow, only: frozenset[str] | None = None) -> str:
    parts = [
        f"{field_words(name)}: {show_value(before)} → {show_value(after)}"
        for name, (before, after) in row.fields.items()
        if (only is None or name in only) and name != "deleted_at" and not name.endswith("_id")
    ]
    return "; ".join(parts) or "changed"


def _ref(row: HistoryRow, name: str, names: dict[uuid.UUID, str]) -> str:
    value: Any = row.fields.get(name)
    if value and value[1]:
        return names.get(uuid.UUID(value[1]), "")
    return ""
