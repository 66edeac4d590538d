"""Reverting an operation from its journal: the engine behind undo, redo and ``revert``.

Every field an operation changed goes back to the value it had before, provided it
still holds the value the operation left. If a later change (by anyone) is in the
way, nothing is written and the refusal names the record, the field and who changed
it. Creations are undone by a soft delete, refused while a later record refers to
the new one. Writes go through Core in batches, so undoing a 100,000-row import
takes seconds, and the revert journals itself as an operation of its own.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, Text, bindparam, select, type_coerce, update
from sqlalchemy.orm import Session

from app.errors import NotFoundError, ProtocolDeskError
from app.journal import values
from app.journal.history import kind_words
from app.journal.kinds import REVERT
from app.journal.operations import Changes, Operation, OperationResult, operation
from app.journal.recorder import (
    CREATE,
    DELETE,
    IN_BATCH,
    RESTORE,
    UPDATE,
    RecordChange,
    chunks,
)
from app.model.base import Base, utc_now
from app.model.journal import change_table, operation_table

if TYPE_CHECKING:
    from sqlalchemy.engine import Row

    from app.db.database import Database

INVERSE = {CREATE: DELETE, DELETE: RESTORE, RESTORE: DELETE, UPDATE: UPDATE}
MAX_DETAILED_CONFLICTS = 20


@dataclass(frozen=True)
class Conflict:
    kind: str
    record_id: uuid.UUID
    name: str
    field: str
    reason: str

    def describe(self) -> str:
        who = f"{kind_words(self.kind)} {self.name or self.record_id}"
        return f"{who}: {self.field} {self.reason}"


class RevertRefused(ProtocolDeskError):
    """A later change is in the way; nothing was written."""

    def __init__(self, label: str, conflicts: list[Conflict], total: int) -> None:
        lines = [c.describe() for c in conflicts]
        more = f" (and {total - len(conflicts)} more)" if total > len(conflicts) else ""
        super().__init__(
            f"cannot undo '{label}': later changes are in the way{more}: " + "; ".join(lines)
        )
        self.label = label
        self.conflicts = conflicts
        self.total = total


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    kind: str
    record_id: uuid.UUID
    action: str
    fields: dict[str, list[Any]]
    name: str
    event_id: uuid.UUID | None


def revert_operation(
    db: Database,
    target_id: uuid.UUID,
    *,
    kind: str = REVERT,
    label: str | None = None,
    dry_run: bool = False,
) -> OperationResult:
    """Undo ``target_id``'s changes as a new operation (see the module docstring).

    ``dry_run`` checks and reports what would change, writing nothing.
    """
    if dry_run:
        with db.session() as session:
            target = _operation_row(session, target_id)
            entries = operation_entries(session, target_id)
            _check(session, target.label, entries)
            return _preview(label or f"Revert {target.label}", entries)
    with operation(db, label or "Revert", kind=kind, target_id=target_id) as op:
        target = _operation_row(op.session, target_id)
        op.rename(label or f"Revert {target.label}")
        op.event_id = target.event_id
        entries = operation_entries(op.session, target_id)
        _check(op.session, target.label, entries)
        _apply(op, entries)
    assert op.result is not None
    return op.result


def operation_entries(session: Session, operation_id: uuid.UUID) -> list[JournalEntry]:
    # The fields are read as text and parsed here: the JSON type's own processing cost
    # more than the parse for an import's 200,000 rows. (psycopg may hand over the
    # parsed value already.)
    fields = type_coerce(change_table.c.fields, Text)
    rows = session.execute(
        select(
            change_table.c.seq,
            change_table.c.record_kind,
            change_table.c.record_id,
            change_table.c.action,
            fields,
            change_table.c.record_name,
            change_table.c.event_id,
        )
        .where(change_table.c.operation_id == operation_id)
        .order_by(change_table.c.seq)
    )
    loads = json.loads
    return [
        JournalEntry(
            r[0], r[1], r[2], r[3], r[4] if isinstance(r[4], dict) else loads(r[4]), r[5], r[6]
        )
        for r in rows
    ]


@cache
def model_for(kind: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if mapper.class_.__name__ == kind:
            return mapper.class_
    raise NotFoundError("record kind", kind)


def _operation_row(session: Session, operation_id: uuid.UUID) -> Row[Any]:
    row = session.execute(
        select(operation_table).where(operation_table.c.id == operation_id)
    ).first()
    if row is None:
        raise NotFoundError("operation", str(operation_id))
    return row


def _current_rows(session: Session, kind: str, group: list[JournalEntry]) -> dict[uuid.UUID, Any]:
    """The current values of the fields the entries touched (and whether deleted)."""
    table: Table = model_for(kind).__table__  # type: ignore[assignment]
    names = {"id", "deleted_at"}.union(*(entry.fields for entry in group))
    columns = [column for column in table.c if column.key in names]
    found: dict[uuid.UUID, Any] = {}
    for chunk in chunks([entry.record_id for entry in group], IN_BATCH):
        for row in session.execute(select(*columns).where(table.c.id.in_(chunk))):
            found[row.id] = row
    return found


def _check(session: Session, label: str, entries: list[JournalEntry]) -> None:
    by_kind: dict[str, list[JournalEntry]] = defaultdict(list)
    for entry in entries:
        by_kind[entry.kind].append(entry)
    conflicts: list[Conflict] = []
    for kind, group in by_kind.items():
        current = _current_rows(session, kind, group)
        for entry in group:
            conflicts.extend(_entry_conflicts(entry, current.get(entry.record_id)))
        conflicts.extend(_later_references(session, kind, group, entries))
    if conflicts:
        detailed = [_with_author(session, c, entries) for c in conflicts[:MAX_DETAILED_CONFLICTS]]
        raise RevertRefused(label, detailed, len(conflicts))


def _entry_conflicts(entry: JournalEntry, row: Any) -> list[Conflict]:
    if row is None:
        return [Conflict(entry.kind, entry.record_id, entry.name, "record", "no longer exists")]
    found = []
    fields = dict(entry.fields)
    if entry.action == CREATE:
        fields.setdefault("deleted_at", [None, None])
    for name, (_before, after) in fields.items():
        current = values.encode(getattr(row, name))
        if current != after:
            found.append(
                Conflict(
                    entry.kind,
                    entry.record_id,
                    entry.name,
                    _field_words(name),
                    f"was changed later (now {_show(current)}, was {_show(after)})",
                )
            )
    return found


def _later_references(
    session: Session, kind: str, group: list[JournalEntry], entries: list[JournalEntry]
) -> list[Conflict]:
    """Undoing a creation must not leave a later record pointing at a deleted one."""
    from app.services.records import dependents_of

    created = {e.record_id: e for e in group if e.action in (CREATE, RESTORE)}
    if not created:
        return []
    own = {e.record_id for e in entries}
    found: list[Conflict] = []
    for dependent in dependents_of(model_for(kind)):
        table: Table = dependent.model.__table__  # type: ignore[assignment]
        column = table.c[dependent.column]
        for chunk in chunks(list(created), IN_BATCH):
            rows = session.execute(
                select(table.c.id, column).where(column.in_(chunk), table.c.deleted_at.is_(None))
            )
            for row in rows:
                if row.id not in own:
                    entry = created[row[1]]
                    found.append(
                        Conflict(
                            kind,
                            entry.record_id,
                            entry.name,
                            "record",
                            f"is referred to by a later {kind_words(dependent.model.__name__)}",
                        )
                    )
    return found


def _with_author(session: Session, conflict: Conflict, entries: list[JournalEntry]) -> Conflict:
    last_seq = max((e.seq for e in entries), default=0)
    row = session.execute(
        select(operation_table.c.actor, operation_table.c.at, operation_table.c.label)
        .join(change_table, change_table.c.operation_id == operation_table.c.id)
        .where(change_table.c.record_id == conflict.record_id, change_table.c.seq > last_seq)
        .order_by(change_table.c.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return conflict
    when = values.encode(row.at)[:16].replace("T", " ")
    reason = f"{conflict.reason}, by {row.actor} on {when} ('{row.label}')"
    return Conflict(conflict.kind, conflict.record_id, conflict.name, conflict.field, reason)


def _reverse_values(entry: JournalEntry, stamp: Any) -> tuple[dict[str, Any], RecordChange]:
    """The values to write back, and the journal entry of writing them."""
    if entry.action == CREATE:
        new = {"deleted_at": stamp}
        fields = {"deleted_at": [None, values.encode(stamp)]}
    else:
        columns = model_for(entry.kind).__table__.c
        new = {
            name: values.decode(columns[name].type, before)
            for name, (before, _) in entry.fields.items()
        }
        fields = {name: [after, before] for name, (before, after) in entry.fields.items()}
    change = RecordChange(
        entry.kind,
        entry.record_id,
        False,
        fields,
        entry.name,
        entry.event_id,
        action_override=INVERSE.get(entry.action, UPDATE),
    )
    return new, change


def _apply(op: Operation, entries: list[JournalEntry]) -> None:
    stamp = utc_now()
    per_row: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    # Undoing creations sets one value (the delete stamp) on many rows: one UPDATE per
    # batch of ids instead of one per row.
    deletions: dict[str, list[uuid.UUID]] = defaultdict(list)
    renamed: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entry in reversed(entries):
        new, change = _reverse_values(entry, stamp)
        op.recorder.add(change)
        if entry.action == CREATE:
            deletions[entry.kind].append(entry.record_id)
            continue
        per_row[(entry.kind, tuple(sorted(new)))].append(
            {"pk": entry.record_id, **{f"v_{k}": v for k, v in new.items()}}
        )
        if set(new) - {"deleted_at"}:
            renamed[entry.kind].append(entry.record_id)
    for kind, ids in deletions.items():
        table: Table = model_for(kind).__table__  # type: ignore[assignment]
        for batch in chunks(ids, IN_BATCH):
            op.session.execute(
                update(table)
                .where(table.c.id.in_(batch))
                .values(revision=table.c.revision + 1, updated_at=stamp, deleted_at=stamp),
                execution_options={"synchronize_session": False},
            )
    for (kind, names), params in per_row.items():
        table = model_for(kind).__table__  # type: ignore[assignment]
        statement = (
            update(table)
            .where(table.c.id == bindparam("pk"))
            .values(
                revision=table.c.revision + 1,
                updated_at=stamp,
                **{name: bindparam(f"v_{name}") for name in names},
            )
        )
        for chunk in chunks(params, 5000):
            op.session.execute(statement, chunk, execution_options={"synchronize_session": False})
    _refresh_search_keys(op.session, renamed)


def _refresh_search_keys(session: Session, renamed: dict[str, list[uuid.UUID]]) -> None:
    """Names written back through Core need their folded search key recomputed."""
    for kind, ids in renamed.items():
        model = model_for(kind)
        if not hasattr(model, "refresh_search_key"):
            continue
        for record_id in ids:
            record = session.get(model, record_id, execution_options={"include_deleted": True})
            if record is not None:
                record.refresh_search_key()
    session.flush()


def _preview(label: str, entries: list[JournalEntry]) -> OperationResult:
    touched: dict[str, set[uuid.UUID]] = defaultdict(set)
    for entry in entries:
        touched[entry.kind].add(entry.record_id)
    return OperationResult(
        None, label, Changes({k: frozenset(v) for k, v in touched.items()}), entries
    )


def _field_words(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")


def _show(value: Any) -> str:
    if value is None:
        return "empty"
    text = str(value)
    return f"'{text[:60]}'"
