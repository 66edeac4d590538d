"""A list with its filter box and New / Edit / Delete: the building block of every view."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from ui import settings
from ui.context import DataContext
from ui.models.base import RecordTableModel

if TYPE_CHECKING:
    # Editors, commands and services import the ORM; the events list shows before it.
    from ui.editors.specs import EditorSpec

ScopeProvider = Callable[[], dict[str, Any] | None]


@dataclass(frozen=True)
class LazySpec:
    """An editor spec named now and built on first use (``ui.editors.specs`` imports the
    ORM model, which the first list at start-up must not wait for)."""

    title: str
    load: Callable[[], EditorSpec]


def confirm_delete(parent: QWidget, name: str, facts: list[str]) -> bool:
    text = f"Delete {name}?"
    if facts:
        text += f"\n\n{name} " + _join(facts) + "."
        text += "\n\nThose links are removed with it; Undo puts everything back."
    answer = QMessageBox.question(
        parent,
        "Delete",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def _join(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def standard_icon(widget: QWidget, pixmap: QStyle.StandardPixmap) -> QIcon:
    return widget.style().standardIcon(pixmap)


# Widest a column is made when sized to its contents; longer text gets a tooltip.
MAX_AUTO_WIDTH = 320
# Most rows measured when sizing columns: the visible ones, never all 50,000.
SIZE_SAMPLE_ROWS = 60


class RecordTableView(QTableView):
    """A table over a record model: fixed row heights, a placeholder when empty."""

    def __init__(self, model: RecordTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""
        self.filtered_placeholder = "Nothing matches the filter."
        self.record_model = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if model.sortable:
            # Keep the natural (agenda, notified) order until a header is clicked. The
            # indicator goes first: enabling sorting sorts by the indicated column.
            self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed row heights: Qt never measures 50,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(150)
        header.setMinimumSectionSize(48)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def size_columns_to_contents(self) -> None:
        """Fit each column to its header and the first rows, then fit them to the view.

        Only a sample of rows is measured (Qt's own resize would measure every row).
        When the columns would not fit, the widest give up room first; the last
        column stretches over whatever is left.
        """
        model = self.record_model
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        padding = 2 * metrics.horizontalAdvance("M")
        # Only rows the user can see (a multi-script text costs ~0.1 ms to measure).
        visible = self.viewport().height() // max(1, self.verticalHeader().defaultSectionSize())
        rows = min(model.rowCount(), SIZE_SAMPLE_ROWS, visible + 1)
        wanted: list[int] = []
        floors: list[int] = []
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            # Room for the title and the sort indicator.
            floor = header.fontMetrics().horizontalAdvance(title) + padding + 12
            width = floor
            for row in range(rows):
                text = model.data(model.index(row, column)) or ""
                width = max(width, metrics.horizontalAdvance(str(text)) + padding)
            wanted.append(min(width, MAX_AUTO_WIDTH))
            floors.append(min(floor, MAX_AUTO_WIDTH))
        available = self.viewport().width() - 2
        excess = sum(wanted) - available
        while excess > 0:
            widest = max(range(len(wanted)), key=lambda c: wanted[c] - floors[c])
            room = wanted[widest] - floors[widest]
            if room <= 0:
                break
            step = min(room, excess, max(8, excess // 2))
            wanted[widest] -= step
            excess -= step
        for column, width in enumerate(wanted):
            header.resizeSection(column, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.record_model.rowCount() > 0:
            return
        text = (
            self.filtered_placeholder if self.record_model.total_count() > 0 else self.placeholder
        )
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        area = QRect(self.viewport().rect()).adjusted(24, 24, -24, -24)
        painter.drawText(
            area,
            int(
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            ),
            text,
        )
        painter.end()


class RecordListPanel(QWidget):
    """Filter box, table and buttons over one model; edits go through undo commands."""

    activated = Signal(object)  # record id
    selection_changed = Signal(object)  # record id or None

    def __init__(
        self,
        context: DataContext,
        model: RecordTableModel,
        spec: EditorSpec | LazySpec | None,
        name: str,
        *,
        scope: ScopeProvider | None = None,
        title: str = "",
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.model = model
        self._spec = spec
        self.name = name
        self.scope_provider = scope or (dict)
        self.setObjectName(f"panel_{name}")
        self.filter = QLineEdit(self)
        self.filter.setObjectName(f"filter_{name}")
        self.filter.setPlaceholderText("Filter (any spelling or script)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(model.set_filter)
        self.count = QLabel(self)
        self.count.setObjectName(f"count_{name}")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.view = RecordTableView(model, self)
        self.view.setObjectName(f"table_{name}")
        self.view.placeholder = empty_text or (
            "Nothing here yet. Add the first with New (Ctrl+N)." if spec is not None else ""
        )
        self.filter.setToolTip(
            "Type part of a name in any spelling or script; accents and case are ignored."
        )
        # Enter or a double click opens the record (its editor unless a page says otherwise).
        self.view.activated.connect(self._activate)
        self.activation: Callable[[], object] | None = self.edit_selected if spec else None
        self.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.selection_changed.emit(self.selected_id())
        )
        self._held_selection: uuid.UUID | None = None
        model.modelAboutToBeReset.connect(self._hold_selection)
        model.modelReset.connect(self._update_count)
        model.modelReset.connect(self._restore_selection)

        top = QHBoxLayout()
        if title:
            heading = QLabel(f"<b>{title}</b>", self)
            top.addWidget(heading)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        self.buttons = QHBoxLayout()
        if spec is not None:
            for text, handler, icon, tip in (
                ("New…", self.new_record, QStyle.StandardPixmap.SP_FileIcon, "Ctrl+N or Insert"),
                (
                    "Edit…",
                    self.edit_selected,
                    QStyle.StandardPixmap.SP_FileDialogDetailedView,
                    "F2 or Enter",
                ),
                ("Delete…", self.delete_selected, QStyle.StandardPixmap.SP_TrashIcon, "Delete"),
            ):
                button = QPushButton(standard_icon(self, icon), text, self)
                button.setObjectName(f"{name}_{text.strip('…').lower()}")
                button.setToolTip(f"{text.strip('…')} {spec.title.lower()} ({tip})")
                button.clicked.connect(handler)
                self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self._update_count()
        # Widths the user set are remembered; otherwise columns fit their contents
        # once rows are there and the view has its width.
        self._sized = settings.restore_header(self.view.horizontalHeader(), name)
        if not self._sized:
            model.modelReset.connect(self._size_columns)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            QTimer.singleShot(0, self._size_columns)

    def _size_columns(self) -> None:
        if self._sized or self.model.rowCount() == 0 or not self.view.isVisible():
            return
        self._sized = True
        self.view.size_columns_to_contents()

    def _activate(self, _index: QModelIndex | QPersistentModelIndex) -> None:
        if self.activation is not None:
            self.activation()
        self.activated.emit(self.selected_id())

    def _hold_selection(self) -> None:
        self._held_selection = self.selected_id()

    def _restore_selection(self) -> None:
        # A reload (after any edit, undo or filter) keeps the same record selected.
        held, self._held_selection = self._held_selection, None
        if held is not None:
            self.select_id(held)
        self.selection_changed.emit(self.selected_id())

    def save_state(self) -> None:
        settings.save_header(self.view.horizontalHeader(), self.name)

    def add_button(self, text: str, handler: Callable[[], object], name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(f"{self.name}_{name}")
        button.clicked.connect(lambda _checked=False: handler())
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        one, many = self.model.item_names
        noun = one if total == 1 else many
        self.count.setText(
            f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        )
        self.count.setToolTip(
            f"{total:,} in this list" if shown == total else f"{shown:,} match the filter"
        )

    def selected_row(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def selected_id(self) -> uuid.UUID | None:
        row = self.selected_row()
        return self.model.record_uuid(row) if row is not None else None

    def select_id(self, record_id: uuid.UUID | None) -> None:
        row = self.model.row_of(record_id) if record_id is not None else None
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    @property
    def spec(self) -> EditorSpec | None:
        if isinstance(self._spec, LazySpec):
            self._spec = self._spec.load()
        return self._spec

    def scope(self) -> dict[str, Any] | None:
        return self.scope_provider()

    def new_record(self) -> uuid.UUID | None:
        scope = self.scope()
        if self.spec is None or scope is None:
            return None
        from ui.editors.dialog import RecordEditor

        fixed = {name: scope[name] for name in self.spec.fixed_names if name in scope}
        editor = RecordEditor(self.context, self.spec, fixed=fixed, scope=scope, parent=self)
        if editor.exec() != RecordEditor.DialogCode.Accepted:
            return None
        new_id = getattr(editor.command, "record_id", None)
        self.select_id(new_id)
        return new_id

    def edit_selected(self) -> None:
        record_id = self.selected_id()
        if self.spec is None or record_id is None:
            return
        from ui.editors.dialog import RecordEditor

        editor = RecordEditor(
            self.context, self.spec, record_id, scope=self.scope() or {}, parent=self
        )
        editor.exec()
        self.select_id(record_id)

    def delete_selected(self) -> bool:
        record_id = self.selected_id()
        row = self.selected_row()
        if self.spec is None or record_id is None or row is None:
            return False
        from app.services import records
        from ui.commands import DeleteRecord

        name = str(self.model.row_values(row)[0] or "this record")
        with self.context.db.session() as session:
            facts = records.describe_dependents(session, self.spec.model, record_id)
        if not confirm_delete(self, name, facts):
            return False
        try:
            self.context.submit(DeleteRecord(self.context, self.spec.model, record_id))
        except ProtocolDeskError as error:
            QMessageBox.warning(self, "Not deleted", str(error))
            return False
        return True
