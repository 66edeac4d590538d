"""The events list: the first list the window shows, so it is read without the ORM.

Importing the ORM and the model classes costs more than a bare Qt start; this module
needs only SQLAlchemy Core and names the few columns it reads on a lightweight table
clause (a test checks them against the model's table).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sqlalchemy import Connection, Date, String, Uuid, column, select, table

from app.dates import dates_text
from app.listing.base import (
    Listing,
    ListKeys,
    as_uuids,
    core_rows,
    enum_label,
    keys_from_rows,
    live,
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


class EventRow(NamedTuple):
    title: str
    dates: str
    city: str | None
    kind: str
    status: str


class EventsListing(Listing):
    Row: ClassVar[type[tuple[Any, ...]]] = EventRow
    core_only = True

    def load_keys(self, reader: Session | Connection) -> ListKeys:
        e = EVENT_COLUMNS.c
        rows = core_rows(
            reader,
            select(stored_key(e.id), e.title, e.start_date, e.city, e.kind, e.status, e.search_key)
            .where(live(EVENT_COLUMNS))
            .order_by(e.start_date.desc(), e.title),
        )
        ids, sort_keys, filters = keys_from_rows(rows, 5, 6)
        # ISO dates sort as text; an undated event goes last.
        sort_keys[1] = lambda: [r[2].isoformat() if r[2] else "9999" for r in rows]
        return ListKeys(ids, sort_keys, filters)

    def fetch_rows(self, reader: Session | Connection, ids: list[Any]) -> Mapping[Any, EventRow]:
        e = EVENT_COLUMNS.c
        rows = core_rows(
            reader,
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
            r[0]: EventRow(
                r[1],
                enum_label(dates_text(r[2], r[3], r[4])),
                r[5],
                enum_label(r[6]),
                enum_label(r[7]),
            )
            for r in rows
        }
