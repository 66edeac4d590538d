"""Capturing what an operation changed, field by field, from the ORM's own bookkeeping.

A listener on every session's ``after_flush`` hands the flushed objects to the
operation's recorder: new rows, and for changed rows the value each changed field
had before and has after. Several flushes in one operation fold into one entry per
record. A flush that changes records outside any operation is refused, so no write
path can bypass the journal.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, inspect, select, union
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.util import identity_key

from app.errors import ProtocolDeskError
from app.journal import values
from app.model.base import Base, RecordMixin
from app.model.journal import change_event_table, change_table, operation_table

RECORDER_KEY = "journal_recorder"
EXEMPT_KEY = "journal_exempt"
# Kept by the record itself or derived from other fields; never journaled.
UNJOURNALED = frozenset({"id", "created_at", "updated_at", "revision", "search_key"})
CREATE, UPDATE, DELETE, RESTORE = "create", "update", "delete", "restore"
# Ids per IN (...) query: large enough that a 100,000-row import reverts in few queries,
# well under SQLite's 32,766 bound parameters.
IN_BATCH = 4000
# Records several events share: their history is linked to each event they are part of.
SHARED_KINDS = frozenset({"Person", "Organisation"})
# Record kinds that belong to an event through a parent row: (foreign key, parent table).
EVENT_PARENTS: dict[str, tuple[str, str]] = {
    "DelegationMember": ("delegation_id", "delegation"),
    "SpeakingRole": ("programme_item_id", "programme_item"),
    "Signatory": ("ceremony_id", "signing_ceremony"),
    "Witness": ("ceremony_id", "signing_ceremony"),
}


class JournalBypassError(ProtocolDeskError):
    """A write was attempted outside an operation: a programming error, refused."""


@dataclass
class RecordChange:
    kind: str
    record_id: uuid.UUID
    created: bool
    # field -> [before, after], JSON-friendly
    fields: dict[str, list[Any]]
    name: str
    event_id: uuid.UUID | None = None
    # The parent row through which a child belongs to an event (see EVENT_PARENTS).
    parent_id: uuid.UUID | None = None
    # A membership, speaking role or signature is named after its person.
    person_id: uuid.UUID | None = None
    # Set when written by hand (undo, revert) rather than derived from ORM history.
    action_override: str | None = None

    @property
    def action(self) -> str:
        if self.action_override is not None:
            return self.action_override
        if self.created:
            return CREATE
        deleted = self.fields.get("deleted_at")
        if deleted is not None and deleted[0] is None and deleted[1] is not None:
            return DELETE
        if deleted is not None and deleted[0] is not None and deleted[1] is None:
            return RESTORE
        return UPDATE


@dataclass
class Recorder:
    changes: dict[tuple[str, uuid.UUID], RecordChange] = field(default_factory=dict)

    def capture(self, session: Session) -> None:
        for obj in session.new:
            if isinstance(obj, RecordMixin):
                self._merge(_named_from_session(session, _created(obj)))
        for obj in session.dirty:
            if isinstance(obj, RecordMixin):
                fields = _changed_fields(obj)
                if fields:
                    self._merge(_entry(obj, fields, created=False))
        for obj in session.deleted:
            if isinstance(obj, RecordMixin):
                self._merge(_purged(obj))

    def add(self, change: RecordChange) -> None:
        self._merge(change)

    def _merge(self, change: RecordChange) -> None:
        key = (change.kind, change.record_id)
        known = self.changes.get(key)
        if known is None:
            self.changes[key] = change
            return
        for name, (before, after) in change.fields.items():
            if name in known.fields:
                known.fields[name][1] = after
            else:
                known.fields[name] = [before, after]
        if not known.created:
            known.fields = {k: v for k, v in known.fields.items() if v[0] != v[1]}
        known.name = change.name or known.name
        if change.action_override is not None:
            known.action_override = change.action_override
        if not known.fields and not known.created:
            del self.changes[key]

    def touched(self) -> dict[str, frozenset[uuid.UUID]]:
        found: dict[str, set[uuid.UUID]] = {}
        for kind, record_id in self.changes:
            found.setdefault(kind, set()).add(record_id)
        return {kind: frozenset(ids) for kind, ids in found.items()}

    def write(self, session: Session, operation: dict[str, Any]) -> uuid.UUID | None:
        """Write the operation and its changes; None (nothing written) when nothing changed."""
        if not self.changes:
            return None
        entries = list(self.changes.values())
        _resolve_events(session, entries)
        _name_after_people(session, entries)
        for entry in entries:
            # A person imported into an event belongs to that event's history.
            if entry.event_id is None and entry.kind in SHARED_KINDS:
                entry.event_id = operation["event_id"]
        links = _participation(session, entries)
        session.execute(insert(operation_table), [operation])
        plain = [_row(operation["id"], c) for c in entries if c.record_id not in links]
        for chunk in chunks(plain, 5000):
            session.execute(insert(change_table), chunk)
        for entry in entries:
            events = links.get(entry.record_id)
            if events:
                seq = session.execute(
                    insert(change_table).returning(change_table.c.seq),
                    _row(operation["id"], entry),
                ).scalar_one()
                session.execute(
                    insert(change_event_table), [{"seq": seq, "event_id": e} for e in events]
                )
        return uuid.UUID(str(operation["id"]))


def journal_inserted(
    session: Session, model: type[RecordMixin], rows: list[dict[str, Any]], names: list[str]
) -> None:
    """Journal rows a bulk path inserted through Core (the ORM's history never saw them)."""
    recorder = session.info.get(RECORDER_KEY)
    if recorder is None:
        if session.info.get(EXEMPT_KEY):
            return
        raise JournalBypassError("a bulk insert was written outside an operation")
    kind = model.__name__
    link = EVENT_PARENTS.get(kind)
    columns = _journaled_columns(model)
    encode = values.encode
    for row, name in zip(rows, names, strict=True):
        fields = {k: [None, encode(row[k])] for k, _c in columns if row.get(k) is not None}
        recorder.add(
            RecordChange(
                kind,
                row["id"],
                True,
                fields,
                name,
                row.get("event_id"),
                row.get(link[0]) if link else None,
                row.get("person_id") if not name else None,
            )
        )


def _row(operation_id: uuid.UUID, change: RecordChange) -> dict[str, Any]:
    return {
        "operation_id": operation_id,
        "record_kind": change.kind,
        "record_id": change.record_id,
        "action": change.action,
        "fields": change.fields,
        "record_name": change.name[:300],
        "event_id": change.event_id,
    }


def _participation(
    session: Session, entries: list[RecordChange]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """The events each changed person or organisation (with no event of its own) is in."""
    wanted: dict[str, list[uuid.UUID]] = {}
    for entry in entries:
        if entry.event_id is None and entry.kind in SHARED_KINDS:
            wanted.setdefault(entry.kind, []).append(entry.record_id)
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for kind, ids in wanted.items():
        for chunk in chunks(ids, IN_BATCH):
            for record_id, event_id in session.execute(_participation_query(kind, chunk)):
                found.setdefault(record_id, set()).add(event_id)
    return found


def _participation_query(kind: str, ids: list[uuid.UUID]) -> Any:
    tables = Base.metadata.tables
    delegation, member = tables["delegation"], tables["delegation_member"]
    item, speaker = tables["programme_item"], tables["speaking_role"]
    ceremony = tables["signing_ceremony"]
    if kind == "Organisation":
        return select(delegation.c.organisation_id, delegation.c.event_id).where(
            delegation.c.organisation_id.in_(ids), delegation.c.deleted_at.is_(None)
        )
    parts = [
        select(member.c.person_id, delegation.c.event_id)
        .join(delegation, delegation.c.id == member.c.delegation_id)
        .where(member.c.person_id.in_(ids), member.c.deleted_at.is_(None)),
        select(speaker.c.person_id, item.c.event_id)
        .join(item, item.c.id == speaker.c.programme_item_id)
        .where(speaker.c.person_id.in_(ids), speaker.c.deleted_at.is_(None)),
    ]
    for name in ("signatory", "witness"):
        table = tables[name]
        parts.append(
            select(table.c.person_id, ceremony.c.event_id)
            .join(ceremony, ceremony.c.id == table.c.ceremony_id)
            .where(table.c.person_id.in_(ids), table.c.deleted_at.is_(None))
        )
    return union(*parts)


def guard_flush(session: Session) -> None:
    """The ``after_flush`` hook: record into the active operation, or refuse the write."""
    recorder = session.info.get(RECORDER_KEY)
    if recorder is not None:
        recorder.capture(session)
        return
    if session.info.get(EXEMPT_KEY):
        return
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise JournalBypassError(
            "a change was written outside an operation; use Database.operation()"
        )


def record_name(obj: Any) -> str:
    for attribute in ("full_name", "title", "display_name", "name", "description", "filename"):
        value = getattr(obj, attribute, None)
        if isinstance(value, str) and value:
            return value
    return ""


def mapper_columns(mapper: Mapper[Any]) -> tuple[tuple[str, Any], ...]:
    return _journaled_columns(mapper.class_)


_COLUMNS: dict[type, tuple[tuple[str, Any], ...]] = {}


def _journaled_columns(model: type) -> tuple[tuple[str, Any], ...]:
    """Worked out once per model: an import journals 100,000 rows of the same kind."""
    known = _COLUMNS.get(model)
    if known is None:
        mapper: Mapper[Any] = inspect(model)
        known = _COLUMNS[model] = tuple(
            (attr.key, attr.columns[0])
            for attr in mapper.column_attrs
            if attr.key not in UNJOURNALED and values.is_journaled_type(attr.columns[0].type)
        )
    return known


def _created(obj: RecordMixin) -> RecordChange:
    state = obj.__dict__
    encode = values.encode
    fields = {}
    for key, _column in _journaled_columns(type(obj)):
        value = state.get(key)
        if value is not None:
            fields[key] = [None, encode(value)]
    return _entry(obj, fields, created=True)


def _changed_fields(obj: RecordMixin) -> dict[str, list[Any]]:
    state = inspect(obj)
    found: dict[str, list[Any]] = {}
    for key, _column in mapper_columns(state.mapper):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        encoded = [values.encode(before), values.encode(after)]
        if encoded[0] != encoded[1]:
            found[key] = encoded
    return found


def _purged(obj: RecordMixin) -> RecordChange:
    mapper = inspect(type(obj))
    fields = {
        key: [values.encode(getattr(obj, key)), None]
        for key, _column in mapper_columns(mapper)
        if getattr(obj, key) is not None
    }
    change = _entry(obj, fields, created=False)
    change.action_override = DELETE
    return change


def _entry(obj: RecordMixin, fields: dict[str, list[Any]], *, created: bool) -> RecordChange:
    kind = type(obj).__name__
    event_id = obj.id if kind == "Event" else getattr(obj, "event_id", None)
    link = EVENT_PARENTS.get(kind)
    parent = getattr(obj, link[0], None) if link else None
    name = record_name(obj)
    person = getattr(obj, "person_id", None) if not name else None
    return RecordChange(kind, obj.id, created, fields, name, event_id, parent, person)


def _named_from_session(session: Session, change: RecordChange) -> RecordChange:
    """Name a membership after its person when the person is at hand (no query)."""
    if not change.name and change.person_id is not None:
        from app.model.people import Person

        person = session.identity_map.get(identity_key(Person, change.person_id))
        if person is not None:
            change.name = person.full_name
    return change


def _name_after_people(session: Session, entries: list[RecordChange]) -> None:
    """ "Jean Dupont" for his membership row, read in one query per 500 people."""
    wanted = {e.person_id for e in entries if e.person_id is not None and not e.name}
    if not wanted:
        return
    person = Base.metadata.tables["person"]
    names: dict[uuid.UUID, str] = {}
    for chunk in chunks(sorted(wanted), IN_BATCH):
        rows = session.execute(
            select(
                person.c.id, person.c.given_names, person.c.family_name, person.c.family_name_first
            ).where(person.c.id.in_(chunk))
        )
        for row in rows:
            parts = [row.family_name, row.given_names]
            ordered = parts if row.family_name_first else parts[::-1]
            names[row.id] = " ".join(p for p in ordered if p)
    for entry in entries:
        if entry.person_id is not None and not entry.name:
            entry.name = names.get(entry.person_id, "")


def _resolve_events(session: Session, entries: list[RecordChange]) -> None:
    """Give children of event-owned rows (members, speakers, signatories) their event."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for entry in entries:
        link = EVENT_PARENTS.get(entry.kind)
        if link and entry.parent_id is not None and entry.event_id is None:
            wanted.setdefault(link[1], set()).add(entry.parent_id)
    found: dict[uuid.UUID, uuid.UUID] = {}
    for table_name, ids in wanted.items():
        table = Base.metadata.tables[table_name]
        for chunk in chunks(sorted(ids), IN_BATCH):
            rows = session.execute(
                select(table.c.id, table.c.event_id).where(table.c.id.in_(chunk))
            )
            found.update({row.id: row.event_id for row in rows})
    for entry in entries:
        if entry.event_id is None and entry.parent_id is not None:
            entry.event_id = found.get(entry.parent_id)


def chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
