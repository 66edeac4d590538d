"""The one table model every list uses.

It keeps, per row, only the record id, one casefolded sort key per column and one
folded filter key. Sorting and filtering run over those keys in the model (a
QSortFilterProxyModel would call ``data()`` in Python for every row: seconds on
50,000 people). Display values are fetched lazily, in blocks, into a bounded cache.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from sqlalchemy import ColumnElement, Connection, String, type_coerce
from sqlalchemy.sql import ClauseElement, Executable

from app.textnorm import fold
from ui.context import DataContext

if TYPE_CHECKING:
    # Only for annotations: the first list is read with Core before the ORM is imported.
    from sqlalchemy.orm import Session

    from app.model import Base

Index = QModelIndex | QPersistentModelIndex
# A column's sort keys, or a function that computes them the first time that column
# is sorted (most lists are never sorted by most columns, so most keys never exist).
SortKeys = Sequence[Any] | Callable[[], Sequence[Any]]
RecordKeys = tuple[list[Any], list[SortKeys], "list[str] | IdleKeys"]
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NATURAL_ORDER = -1
# Idle building of filter keys starts this long after a reload: the list paints first.
IDLE_START_MS = 30


class IdleKeys:
    """Filter keys of a long list, built in small steps while the GUI is idle.

    ``build`` returns a generator that yields after each chunk of rows and returns
    the keys. The model runs one step per turn of the event loop once the list has
    painted, so a click waits for at most one chunk; a keystroke that comes first
    finishes the rest itself. Work stays on the GUI thread: a worker thread would
    hold the GIL against every ``data()`` call while other pages open.
    """

    def __init__(self, build: Callable[[], Generator[None, None, list[str]]]) -> None:
        self._build = build
        self._steps: Generator[None, None, list[str]] | None = None
        self._value: list[str] | None = None

    def step(self) -> bool:
        """Build one more chunk; True once all keys are there."""
        if self._value is None:
            if self._steps is None:
                self._steps = self._build()
            try:
                next(self._steps)
            except StopIteration as finished:
                self._value = finished.value
            except Exception:
                # Started again (and raised where it is seen) by the keystroke's call.
                self._steps = None
                raise
        return self._value is not None

    def __call__(self) -> list[str]:
        while not self.step():
            pass
        assert self._value is not None
        return self._value


def sort_text(value: object) -> str:
    return "" if value is None else str(value).casefold()


@lru_cache(maxsize=65536)
def cached_fold(text: str | None) -> str:
    """``fold`` remembered: titles, roles and organisation names repeat across rows."""
    return fold(text) if text else ""


def stored_key(column: Any) -> ColumnElement[Any]:
    """A key column read as the driver gives it (hex text on SQLite, UUID on PostgreSQL).

    Turning 50,000 hex strings into ``uuid.UUID`` objects costs more than the query;
    views convert only the few ids they hand on (:meth:`RecordTableModel.record_uuid`).
    """
    return type_coerce(column, String())


def as_uuids(keys: Sequence[Any]) -> list[uuid.UUID]:
    return [k if isinstance(k, uuid.UUID) else uuid.UUID(str(k)) for k in keys]


def driver_column(session: Session | Connection, statement: ClauseElement) -> list[Any]:
    """The first column of every row, read straight from the DBAPI cursor.

    For long key lists: on 50,000 ids SQLAlchemy's result rows cost ~15 ms on top of
    the query. Only for statements without parameters whose column needs no result
    processing (keys read with :func:`stored_key`).
    """
    connection = session if isinstance(session, Connection) else session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    if compiled.params:
        raise ValueError("driver_column runs statements without parameters only")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled))
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def core_rows(session: Session | Connection, statement: Executable) -> Sequence[Any]:
    """Run a Core statement on the session's connection: no ORM loading, no session hooks.

    Statements passed here say ``deleted_at IS NULL`` themselves for every table.
    """
    connection = session if isinstance(session, Connection) else session.connection()
    return connection.execute(statement).all()


class RecordTableModel(QAbstractTableModel):
    """Subclasses say which columns exist, how to load keys and how to fetch rows."""

    headers: ClassVar[Sequence[str]] = ()
    # How the count next to the filter names the rows: ("person", "people").
    item_names: ClassVar[tuple[str, str]] = ("record", "records")
    record_kind: ClassVar[type[Base]]
    # The record kind's class name, for models that must not import the ORM model.
    record_kind_name: ClassVar[str] = ""
    # Reload when a command touches one of these kinds (model class names).
    depends_on: ClassVar[frozenset[str]] = frozenset()
    sortable: ClassVar[bool] = True
    # Columns of numbers, shown right-aligned.
    right_aligned: ClassVar[frozenset[int]] = frozenset()
    # A scoped list (one event's delegations...) is empty until it has a scope.
    scoped: ClassVar[bool] = False
    # load_keys/fetch_rows get a Core connection instead of a session: the list can
    # load before the ORM is imported (the events list at start-up).
    reads_core_only: ClassVar[bool] = False
    block_size: ClassVar[int] = 120
    cache_limit: ClassVar[int] = 3000

    def __init__(self, context: DataContext, scope: Any = None) -> None:
        super().__init__(context)
        self.context = context
        self.scope = scope
        self._ids: list[Any] = []
        self._sort_keys: list[SortKeys] = []
        self._filter_keys: list[str] | IdleKeys = []
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._build_step)
        self._order: list[int] = []
        self._rows: list[int] = []
        self._filter = ""
        self._sort_column = NATURAL_ORDER
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._cache: OrderedDict[Any, Sequence[Any]] = OrderedDict()
        self._row_of_id: dict[Any, int] | None = None
        context.changed.connect(self._on_changed)
        self.reload()

    # ----- what subclasses provide
    def load_keys(self, session: Session) -> RecordKeys:
        """(ids in natural order, sort keys per column, filter key per row)."""
        raise NotImplementedError

    def fetch_rows(self, session: Session, ids: list[Any]) -> dict[Any, Sequence[Any]]:
        """Display values (one per column) of the given ids."""
        raise NotImplementedError

    # ----- loading
    def reload(self) -> None:
        self.beginResetModel()
        if self.scoped and self.scope is None:
            self._ids, self._sort_keys, self._filter_keys = [], [[] for _ in self.headers], []
        else:
            with self._reader() as reader:
                self._ids, self._sort_keys, self._filter_keys = self.load_keys(reader)
        self._cache.clear()
        self._arrange()
        self.endResetModel()
        if isinstance(self._filter_keys, IdleKeys):
            self._idle.start(IDLE_START_MS)
        else:
            self._idle.stop()

    def _build_step(self) -> None:
        keys = self._filter_keys
        if not isinstance(keys, IdleKeys):
            return
        try:
            done = keys.step()
        except Exception:  # the first keystroke builds again and raises it where seen
            return
        if done:
            self._filter_keys = keys()
        else:
            self._idle.start(0)

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        if self.reads_core_only:
            with self.context.db.engine.connect() as connection:
                yield connection
        else:
            with self.context.db.session() as session:
                yield session

    def query(self, statement: Executable) -> Sequence[Any]:
        """Rows of a Core statement in a short session of their own (for lazy keys)."""
        with self._reader() as reader:
            return core_rows(reader, statement)

    def set_scope(self, scope: Any) -> None:
        self.scope = scope
        self.reload()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        kind = self.record_kind_name or self.record_kind.__name__
        if kind in kinds or kinds & self.depends_on:
            self.reload()

    def _arrange(self) -> None:
        count = len(self._ids)
        if self._sort_column == NATURAL_ORDER:
            order = list(range(count))
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                order.reverse()
        else:
            keys = self.column_keys(self._sort_column)
            order = sorted(
                range(count),
                key=keys.__getitem__,
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        self._order = order
        self._rows = self._filtered(order, self._filter)
        self._row_of_id = None

    def column_keys(self, column: int) -> Sequence[Any]:
        keys = self._sort_keys[column]
        if callable(keys):
            keys = keys()
            self._sort_keys[column] = keys
        return keys

    def _filtered(self, candidates: list[int], needle: str) -> list[int]:
        if not needle:
            return list(candidates)
        keys = self._filter_keys
        if isinstance(keys, IdleKeys):
            self._idle.stop()
            keys = self._filter_keys = keys()
        return [i for i in candidates if needle in keys[i]]

    # ----- filtering and sorting
    def set_filter(self, text: str) -> None:
        needle = fold(text)
        if needle == self._filter:
            return
        # Typing one more letter can only narrow the rows already shown.
        narrowing = bool(self._filter) and needle.startswith(self._filter)
        self.beginResetModel()
        self._rows = self._filtered(self._rows if narrowing else self._order, needle)
        self._filter = needle
        self._row_of_id = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self.sortable or column >= len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self.record_id(p.row()), p.column()) for p in persistent]
        self._sort_column = column
        self._sort_order = order
        self._arrange()
        for old, (record, col) in zip(persistent, held, strict=True):
            row = self.row_of(record) if record is not None else None
            self.changePersistentIndex(
                old, self.index(row, col) if row is not None else QModelIndex()
            )
        self.layoutChanged.emit()

    # ----- lookups for views
    def record_id(self, row: int) -> Any:
        if 0 <= row < len(self._rows):
            return self._ids[self._rows[row]]
        return None

    def record_uuid(self, row: int) -> uuid.UUID | None:
        key = self.record_id(row)
        if key is None:
            return None
        return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))

    def row_of(self, record_id: Any) -> int | None:
        if self._row_of_id is None:
            self._row_of_id = {self._ids[i]: row for row, i in enumerate(self._rows)}
        key = record_id
        if (
            isinstance(record_id, uuid.UUID)
            and self._ids
            and not isinstance(self._ids[0], uuid.UUID)
        ):
            key = record_id.hex
        return self._row_of_id.get(key)

    def total_count(self) -> int:
        return len(self._ids)

    @property
    def filter_keys_ready(self) -> bool:
        """False while the filter keys are still being built in idle time."""
        return not isinstance(self._filter_keys, IdleKeys)

    def ids_in_view(self) -> list[Any]:
        return [self._ids[i] for i in self._rows]

    def row_values(self, row: int) -> Sequence[Any]:
        record = self.record_id(row)
        if record is None:
            return ()
        cached = self._cache.get(record)
        if cached is None:
            self._fetch_around(row)
            cached = self._cache.get(record, ())
        return cached

    def _fetch_around(self, row: int) -> None:
        start = max(0, row - self.block_size // 4)
        wanted = [
            self._ids[i]
            for i in self._rows[start : start + self.block_size]
            if self._ids[i] not in self._cache
        ]
        with self._reader() as reader:
            fetched = self.fetch_rows(reader, wanted)
        for key in wanted:
            self._cache[key] = fetched.get(key, ("",) * len(self.headers))
        while len(self._cache) > self.cache_limit:
            self._cache.popitem(last=False)

    # ----- QAbstractTableModel
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = self.row_values(index.row())
            value = values[index.column()] if index.column() < len(values) else ""
            text = "" if value is None else str(value)
            # A tooltip only where it adds something: the full text of a long value.
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 30 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if index.column() in self.right_aligned
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return str(self.record_id(index.row()))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def keys_from_rows(
    rows: Sequence[Sequence[Any]], columns: int, filter_position: int | None
) -> RecordKeys:
    """Split (id, sort values..., filter text) rows into the model's key lists.

    Sort keys are computed when their column is first sorted.
    """
    ids = [row[0] for row in rows]

    def column(c: int) -> Callable[[], list[str]]:
        return lambda: [sort_text(row[1 + c]) for row in rows]

    sort_keys: list[SortKeys] = [column(c) for c in range(columns)]
    if filter_position is None:
        filters = [
            " | ".join(cached_fold(str(v)) for v in row[1 : 1 + columns] if v is not None)
            for row in rows
        ]
    else:
        filters = [row[filter_position] or "" for row in rows]
    return ids, sort_keys, filters
