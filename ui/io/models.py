"""Item models of the import assistant: the file's first rows, and each row's outcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

if TYPE_CHECKING:
    from app.io.participants import RowOutcome

Index = QModelIndex | QPersistentModelIndex
ERROR_BACKGROUND = QColor("#fde2e1")
ERROR_FOREGROUND = QColor("#8a1f11")
REVIEW_BACKGROUND = QColor("#fff4d6")
STATUS_LABELS = {
    "created": "Created",
    "updated": "Updated",
    "unchanged": "Unchanged",
    "error": "Error",
}


class RawRowsModel(QAbstractTableModel):
    """The first rows of the file, each cell as it would be stored (so mojibake shows)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[tuple[int, list[str]]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        width = max([len(self.headers), *(len(cells) for _, cells in rows)], default=0)
        self.headers += [""] * (width - len(self.headers))
        self.rows = [(number, [*cells, *[""] * (width - len(cells))]) for number, cells in rows]
        self.endResetModel()

    def text(self) -> str:
        """The preview as plain lines (what tests and screen readers compare)."""
        lines = [" | ".join(self.headers)]
        lines += [" | ".join(cells) for _, cells in self.rows]
        return "\n".join(lines)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][1][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(self.rows[section][0]) if 0 <= section < len(self.rows) else None


class OutcomesModel(QAbstractTableModel):
    """Row number, outcome, name, and what changes or what is wrong, one line per file row."""

    COLUMNS = ("Row", "Outcome", "Participant", "Details")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all: list[RowOutcome] = []
        self.shown: list[RowOutcome] = []
        self.problems_only = False

    def set_outcomes(self, outcomes: Sequence[RowOutcome]) -> None:
        self.beginResetModel()
        # Problems first would hide the file's order; rows stay in file order, and the
        # "problems only" switch is there for long files.
        self.all = sorted(outcomes, key=lambda o: (o.row == 0, o.row))
        self._filter()
        self.endResetModel()

    def set_problems_only(self, only: bool) -> None:
        self.beginResetModel()
        self.problems_only = only
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self.shown = (
            [o for o in self.all if o.status == "error" or o.notes]
            if self.problems_only
            else list(self.all)
        )

    @staticmethod
    def fallback_name(outcome: RowOutcome) -> str:
        """A row refused before its name was read still says whose row it is."""
        values = outcome.values
        name = (
            " ".join(values[key] for key in ("given_name", "family_name") if values.get(key))
            or values.get("full_name", "")
            or values.get("native_name", "")
        )
        if name and values.get("delegation"):
            name += f", {values['delegation']}"
        return name

    @staticmethod
    def details(outcome: RowOutcome) -> str:
        parts: list[str] = []
        if outcome.errors:
            parts.append("; ".join(outcome.errors))
        if outcome.status == "updated" and outcome.changes:
            parts.append("changes " + ", ".join(c.replace("_", " ") for c in outcome.changes))
        if outcome.notes:
            parts.append("check: " + "; ".join(outcome.notes))
        return " — ".join(parts)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome = self.shown[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return str(outcome.row) if outcome.row else "—"
            if column == 1:
                return STATUS_LABELS.get(outcome.status, outcome.status)
            if column == 2:
                return outcome.name or self.fallback_name(outcome)
            return self.details(outcome)
        if role == Qt.ItemDataRole.BackgroundRole:
            if outcome.status == "error":
                return QBrush(ERROR_BACKGROUND)
            if outcome.notes:
                return QBrush(REVIEW_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and outcome.status == "error":
            return QBrush(ERROR_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None
