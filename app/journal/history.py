"""Reading the journal: a record's history, an event's changes, and packs printed.

Every function here only reads. Rows come back oldest first unless said otherwise,
each with the operation that made it (label, officer, time) and, per field, the
value before and after, so History tabs, the Changes view, ``protocol-desk
history`` and the pack's changes page all say the same thing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.journal import values
from app.journal.recorder import chunks
from app.model import change_event_table, change_table, operation_table, printed_pack_table

HIDDEN_FIELDS = frozenset({"deleted_at"})


@dataclass(frozen=True)
class HistoryRow:
    seq: int
    operation_id: uuid.UUID
    label: str
    actor: str
    workstation: str
    at: datetime
    kind: str
    record_id: uuid.UUID
    name: str
    action: str
    fields: dict[str, list[Any]]

    def field_lines(self) -> list[str]:
        """ "Position: Deputy Minister → First Deputy Minister", one per changed field."""
        return [
            f"{field_words(name)}: {show_value(before)} → {show_value(after)}"
            for name, (before, after) in self.fields.items()
            if name not in HIDDEN_FIELDS
        ]

    def sentence(self) -> str:
        """The whole change in plain words, with who and when."""
        what = {"create": "added", "delete": "deleted", "restore": "restored"}.get(self.action)
        head = f"{kind_words(self.kind).capitalize()} {self.name}".strip()
        detail = f"{head} {what}" if what else f"{head}: " + "; ".join(self.field_lines())
        return f"{detail}, by {self.actor}, {short_time(self.at)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": str(self.operation_id),
            "label": self.label,
            "actor": self.actor,
            "at": values.encode(self.at),
            "kind": self.kind,
            "id": str(self.record_id),
            "name": self.name,
            "action": self.action,
            "fields": {
                name: {"before": before, "after": after}
                for name, (before, after) in self.fields.items()
            },
        }


@dataclass(frozen=True)
class ChangeFilter:
    since_seq: int | None = None
    since: datetime | None = None
    actor: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class PrintedPack:
    event_id: uuid.UUID
    scope: str
    subject_id: uuid.UUID | None
    actor: str
    at: datetime
    last_seq: int
    file_name: str | None

    def describe(self) -> str:
        return f"{short_time(self.at)} by {self.actor}"


def _columns() -> list[Any]:
    return [
        change_table.c.seq,
        change_table.c.operation_id,
        operation_table.c.label,
        operation_table.c.actor,
        operation_table.c.workstation,
        operation_table.c.at,
        change_table.c.record_kind,
        change_table.c.record_id,
        change_table.c.record_name,
        change_table.c.action,
        change_table.c.fields,
    ]


def _row(row: Any) -> HistoryRow:
    return HistoryRow(*row)


def record_history(session: Session, record_id: uuid.UUID) -> list[HistoryRow]:
    """Every change of one record (and of its rows such as memberships), newest first."""
    statement = (
        select(*_columns())
        .join(operation_table, operation_table.c.id == change_table.c.operation_id)
        .where(change_table.c.record_id == record_id)
        .order_by(change_table.c.seq.desc())
    )
    return [_row(r) for r in session.execute(statement)]


def _filtered(statement: Select[Any], where: ChangeFilter) -> Select[Any]:
    if where.since_seq is not None:
        statement = statement.where(change_table.c.seq > where.since_seq)
    if where.since is not None:
        statement = statement.where(operation_table.c.at >= where.since)
    if where.actor:
        statement = statement.where(operation_table.c.actor == where.actor)
    if where.kind:
        statement = statement.where(change_table.c.record_kind == where.kind)
    return statement


def _sources(event_id: uuid.UUID, where: ChangeFilter, columns: list[Any]) -> list[Select[Any]]:
    """The event's own changes, and those of people and organisations linked to it; each
    read through its own index (``event_id, seq``)."""
    on_operation = operation_table.c.id == change_table.c.operation_id
    direct = (
        select(*columns)
        .select_from(change_table.join(operation_table, on_operation))
        .where(change_table.c.event_id == event_id)
    )
    linked = (
        select(*columns)
        .select_from(
            change_event_table.join(
                change_table, change_table.c.seq == change_event_table.c.seq
            ).join(operation_table, on_operation)
        )
        .where(change_event_table.c.event_id == event_id)
    )
    return [_filtered(direct, where), _filtered(linked, where)]


def count_event_changes(
    session: Session, event_id: uuid.UUID, where: ChangeFilter = ChangeFilter()
) -> int:
    return sum(
        int(session.execute(statement).scalar() or 0)
        for statement in _sources(event_id, where, [func.count()])
    )


def event_changes(
    session: Session,
    event_id: uuid.UUID,
    where: ChangeFilter = ChangeFilter(),
    *,
    offset: int = 0,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[HistoryRow]:
    """A page of the event's changes in journal order (a lazy view asks page by page)."""
    order = change_table.c.seq.desc() if newest_first else change_table.c.seq
    wanted: set[int] = set()
    for statement in _sources(event_id, where, [change_table.c.seq]):
        statement = statement.order_by(order)
        if limit is not None:
            statement = statement.limit(offset + limit)
        wanted.update(session.execute(statement).scalars())
    seqs = sorted(wanted, reverse=newest_first)
    seqs = seqs[offset : offset + limit] if limit is not None else seqs[offset:]
    rows: list[HistoryRow] = []
    for chunk in chunks(seqs, 500):
        statement = (
            select(*_columns())
            .join(operation_table, operation_table.c.id == change_table.c.operation_id)
            .where(change_table.c.seq.in_(chunk))
        )
        rows.extend(_row(r) for r in session.execute(statement))
    return sorted(rows, key=lambda r: r.seq, reverse=newest_first)


def event_actors(session: Session, event_id: uuid.UUID) -> list[str]:
    """The officers who changed something of the event, for the Changes view's filter."""
    found: set[str] = set()
    for statement in _sources(event_id, ChangeFilter(), [operation_table.c.actor]):
        found.update(session.execute(statement.distinct()).scalars())
    return sorted(found)


def last_printed_pack(
    session: Session,
    event_id: uuid.UUID,
    scope: str | None = None,
    subject_id: uuid.UUID | None = None,
) -> PrintedPack | None:
    """The newest pack printed for the event (of that scope and subject, when given)."""
    table = printed_pack_table
    statement = select(
        table.c.event_id,
        table.c.scope,
        table.c.subject_id,
        table.c.actor,
        table.c.at,
        table.c.last_seq,
        table.c.file_name,
    ).where(table.c.event_id == event_id)
    if scope is not None:
        statement = statement.where(table.c.scope == scope, table.c.subject_id == subject_id)
    row = session.execute(statement.order_by(table.c.at.desc()).limit(1)).first()
    return PrintedPack(*row) if row is not None else None


def latest_seq(session: Session) -> int:
    return int(session.execute(select(func.max(change_table.c.seq))).scalar() or 0)


def kind_words(kind: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in kind).strip()


def field_words(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ").capitalize()


def show_value(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def short_time(at: datetime) -> str:
    """ "3 Dec 2026 14:02" in local time (stored in UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    local = aware.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"
