"""The pieces every listing shares: readers, the soft-delete rule, key lists.

Listings read with SQLAlchemy Core (no ORM loading, no session hooks), so each
statement hides soft-deleted rows itself, through :func:`live` and :func:`live_join`:
the Core counterpart of the ORM rule in ``app.db.hooks``; both are ``app.db.visibility.live``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from sqlalchemy import ColumnElement, Connection, String, and_, type_coerce
from sqlalchemy.sql import ClauseElement, Executable

from app.db.visibility import live as live
from app.textnorm import fold

if TYPE_CHECKING:
    # Only for annotations: the first list is read with Core before the ORM is imported.
    from sqlalchemy.orm import Session

    from app.db import Database

# A column's sort keys, or a function that computes them the first time that column
# is sorted (most lists are never sorted by most columns, so most keys never exist).
SortKeys = Sequence[Any] | Callable[[], Sequence[Any]]


class ListKeys(NamedTuple):
    """What a list needs to show, sort and filter its rows without their values.

    ``filters`` is None when the listing filters in the database (:meth:`Listing.matching`)
    rather than over keys held in memory.
    """

    ids: list[Any]
    sort_keys: list[SortKeys]
    filters: list[str] | None


class Matches(NamedTuple):
    """The ids a filter matched, or (``others``) the ids it did not match."""

    ids: set[Any]
    others: bool = False

    def count(self, total: int) -> int:
        return total - len(self.ids) if self.others else len(self.ids)


def live_join(table: Any, column: Any) -> ColumnElement[bool]:
    """A join condition that also hides a soft-deleted target row."""
    return and_(column == table.c.id, live(table))


def stored_key(column: Any) -> ColumnElement[Any]:
    """A key column read as the driver gives it (hex text on SQLite, UUID on PostgreSQL).

    Turning 50,000 hex strings into ``uuid.UUID`` objects costs more than the query;
    the UI converts only the few ids it hands on.
    """
    return type_coerce(column, String())


def as_uuids(keys: Sequence[Any]) -> list[uuid.UUID]:
    return [k if isinstance(k, uuid.UUID) else uuid.UUID(str(k)) for k in keys]


def sort_text(value: object) -> str:
    return "" if value is None else str(value).casefold()


@lru_cache(maxsize=65536)
def cached_fold(text: str | None) -> str:
    """``fold`` remembered: titles, roles and organisation names repeat across rows."""
    return fold(text) if text else ""


def connection_of(reader: Session | Connection) -> Connection:
    return reader if isinstance(reader, Connection) else reader.connection()


def driver_column(reader: Session | Connection, statement: ClauseElement) -> list[Any]:
    """The first column of every row, read straight from the DBAPI cursor.

    For long key lists: on 50,000 ids SQLAlchemy's result rows cost ~15 ms on top of
    the query. Only for statements without parameters whose column needs no result
    processing (keys read with :func:`stored_key`).
    """
    connection = connection_of(reader)
    compiled = statement.compile(dialect=connection.dialect)
    if compiled.params:
        raise ValueError("driver_column runs statements without parameters only")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled))
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def core_rows(reader: Session | Connection, statement: Executable) -> Sequence[Any]:
    """Run a Core statement on the reader's connection: no ORM loading, no session hooks.

    Statements passed here hide soft-deleted rows with :func:`live` for every table.
    """
    return connection_of(reader).execute(statement).all()


def keys_from_rows(
    rows: Sequence[Sequence[Any]], columns: int, filter_position: int | None
) -> ListKeys:
    """Split (id, sort values..., filter text) rows into key lists.

    Sort keys are computed when their column is first sorted. Without a
    ``filter_position`` the filter key is the folded values of the row.
    """
    ids = [row[0] for row in rows]

    def column(c: int) -> Callable[[], list[str]]:
        return lambda: [sort_text(row[1 + c]) for row in rows]

    sort_keys: list[SortKeys] = [column(c) for c in range(columns)]
    if filter_position is None:
        filters = [
            " | ".join(cached_fold(str(v)) for v in row[1 : 1 + columns] if v not in (None, ""))
            for row in rows
        ]
    else:
        filters = [row[filter_position] or "" for row in rows]
    return ListKeys(ids, sort_keys, filters)


class Listing:
    """One list of records: its keys in natural order and, on demand, rows of values.

    ``scope`` narrows a scoped listing (one event's delegations...) to one owner id.
    Subclasses implement :meth:`load_keys` and :meth:`fetch_rows`; each fetched row is
    a ``Row`` (a NamedTuple with one field per column shown).
    """

    Row: ClassVar[type[tuple[Any, ...]]]
    # Read on a Core connection, not a session: the list can load before the ORM is
    # imported (the events list at start-up).
    core_only: ClassVar[bool] = False

    def __init__(self, db: Database, scope: Any = None) -> None:
        self.db = db
        self.scope = scope

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return tuple(getattr(cls.Row, "_fields", ()))

    @contextmanager
    def reader(self) -> Iterator[Session | Connection]:
        if self.core_only:
            with self.db.engine.connect() as connection:
                yield connection
        else:
            with self.db.session() as session:
                yield session

    def query(self, statement: Executable) -> Sequence[Any]:
        """Rows of a Core statement on a short reader of their own (for lazy keys)."""
        with self.reader() as reader:
            return core_rows(reader, statement)

    def keys(self) -> ListKeys:
        with self.reader() as reader:
            return self.load_keys(reader)

    def rows(self, ids: list[Any]) -> Mapping[Any, tuple[Any, ...]]:
        if not ids:
            return {}
        with self.reader() as reader:
            return self.fetch_rows(reader, ids)

    def matching(self, needle: str) -> Matches:
        """Ids whose row matches the folded ``needle``, for listings without filter keys."""
        raise NotImplementedError

    # ----- what subclasses provide
    def load_keys(self, reader: Session | Connection) -> ListKeys:
        raise NotImplementedError

    def fetch_rows(
        self, reader: Session | Connection, ids: list[Any]
    ) -> Mapping[Any, tuple[Any, ...]]:
        raise NotImplementedError


def enum_label(value: str | None) -> str:
    """An enum value as a person reads it: 'in_preparation' -> 'In preparation'."""
    text = (value or "").replace("_", " ")
    return text[:1].upper() + text[1:]


def person_name(given: str | None, family: str | None, family_first: bool | None) -> str:
    parts = [family, given] if family_first else [given, family]
    return " ".join(p for p in parts if p)


def organisation_label(name: str | None, acronym: str | None) -> str:
    if name and acronym and acronym != name:
        return f"{name} ({acronym})"
    return name or acronym or ""
