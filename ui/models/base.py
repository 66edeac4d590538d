"""The one table model every list uses.

It keeps, per row, only the record id, one casefolded sort key per column and one
folded filter key; the keys and the display values come from a listing in
``app.listing`` (every query lives in the core). Sorting and filtering run over those
keys in the model (a QSortFilterProxyModel would call ``data()`` in Python for every
row: seconds on 50,000 people). A listing without filter keys (people) filters in the
database. Display values are fetched lazily, in blocks, into a bounded cache.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.listing.base import Listing, SortKeys
from app.textnorm import fold
from ui.context import DataContext

if TYPE_CHECKING:
    from app.model import Base

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NATURAL_ORDER = -1


class RecordTableModel(QAbstractTableModel):
    """Subclasses say which columns exist and which listing reads them."""

    headers: ClassVar[Sequence[str]] = ()
    # How the count next to the filter names the rows: ("person", "people").
    item_names: ClassVar[tuple[str, str]] = ("record", "records")
    record_kind: ClassVar[type[Base]]
    # The record kind's class name, for models that must not import the ORM model.
    record_kind_name: ClassVar[str] = ""
    # Other kinds whose rows this list shows (names, counts): it reloads when they change.
    shows: ClassVar[frozenset[str]] = frozenset()
    sortable: ClassVar[bool] = True
    # Columns of numbers, shown right-aligned.
    right_aligned: ClassVar[frozenset[int]] = frozenset()
    # A scoped list (one event's delegations...) is empty until it has a scope.
    scoped: ClassVar[bool] = False
    # Where the keys and values come from (scope passed on: an event id...).
    listing: ClassVar[type[Listing]]
    block_size: ClassVar[int] = 120
    cache_limit: ClassVar[int] = 3000

    def __init__(self, context: DataContext, scope: Any = None) -> None:
        super().__init__(context)
        self.context = context
        self.scope = scope
        self._ids: list[Any] = []
        self._sort_keys: list[SortKeys] = []
        # None: the listing filters in the database (Listing.matching).
        self._filter_keys: list[str] | None = []
        self._source = self.listing(context.db, scope)
        self._order: list[int] = []
        self._rows: list[int] = []
        self._filter = ""
        self._sort_column = NATURAL_ORDER
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._cache: OrderedDict[Any, Sequence[Any]] = OrderedDict()
        self._row_of_id: dict[Any, int] | None = None
        kind = self.record_kind_name or self.record_kind.__name__
        context.watch(self, {kind, *self.shows}, lambda _changes: self.reload())
        self.reload()

    # ----- loading
    def reload(self) -> None:
        self.beginResetModel()
        if self.scoped and self.scope is None:
            self._ids, self._sort_keys, self._filter_keys = [], [[] for _ in self.headers], []
        else:
            self._ids, self._sort_keys, self._filter_keys = self._source.keys()
        self._cache.clear()
        self._arrange()
        self.endResetModel()

    def set_scope(self, scope: Any) -> None:
        self.scope = scope
        self._source.scope = scope
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
        if keys is None:
            matched = self._source.matching(needle)
            ids, found = self._ids, matched.ids
            if matched.others:
                return [i for i in candidates if ids[i] not in found] if found else list(candidates)
            return [i for i in candidates if ids[i] in found]
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
        fetched = self._source.rows(wanted)
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
