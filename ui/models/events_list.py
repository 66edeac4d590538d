"""The events list: the first list the window shows, so it is read without the ORM.

Importing the ORM and the model classes costs more than a bare Qt start; this module
needs only SQLAlchemy Core and names the few columns it reads on a lightweight table
clause (a test checks them against the model's table).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Date, String, Uuid, column, select, table

from app.dates import dates_text
from ui.models.base import (
    RecordKeys,
    RecordTableModel,
    as_uuids,
    core_rows,
    keys_from_rows,
    stored_key,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

EVENT_COLUMNS = table(
    "event",
    column("id", Uuid()),
    column("title", String()),
    column("start_date", Date()),
    column("end_date", Date()),
    column("date_precision", String()),
    column("city", String()),
    column("kind", String()),
    column("status", String()),
    column("search_key", String()),
    column("deleted_at"),
)


def enum_label(value: str | None) -> str:
    """An enum value as a person reads it: 'in preparation' -> 'In preparation'."""
    text = (value or "").replace("_", " ")
    return text[:1].upper() + text[1:]


class EventsModel(RecordTableModel):
    item_names = ("event", "events")
    headers = ("Title", "Dates", "City", "Kind", "Status")
    record_kind_name = "Event"
    reads_core_only = True
    depends_on = frozenset({"Country"})

    def load_keys(self, session: Session | Connection) -> RecordKeys:
        e = EVENT_COLUMNS.c
        rows = core_rows(
            session,
            select(stored_key(e.id), e.title, e.start_date, e.city, e.kind, e.status, e.search_key)
            .where(e.deleted_at.is_(None))
            .order_by(e.start_date.desc(), e.title),
        )
        ids, sort_keys, filters = keys_from_rows(rows, 5, 6)
        # ISO dates sort as text; an undated event goes last.
        sort_keys[1] = lambda: [r[2].isoformat() if r[2] else "9999" for r in rows]
        return ids, sort_keys, filters

    def fetch_rows(self, session: Session | Connection, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        e = EVENT_COLUMNS.c
        rows = core_rows(
            session,
            select(
                stored_key(e.id),
                e.title,
                e.start_date,
                e.end_date,
                e.date_precision,
                e.city,
                e.kind,
                e.status,
            ).where(e.id.in_(as_uuids(ids))),
        )
        return {
            r[0]: (
                r[1],
                enum_label(dates_text(r[2], r[3], r[4])),
                r[5],
                enum_label(r[6]),
                enum_label(r[7]),
            )
            for r in rows
        }
