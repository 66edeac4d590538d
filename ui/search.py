"""Global search (Ctrl+K): events, people, organisations, delegations and agreements as
you type, grouped by kind; arrows move between hits and Enter opens one where it lives."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.services.search import KINDS, FoundRow, search_everything
from ui.context import DataContext

if TYPE_CHECKING:
    from ui.main_window import MainWindow

Index = QModelIndex | QPersistentModelIndex
KIND_TITLES = {
    "event": "Events",
    "person": "People",
    "organisation": "Organisations",
    "delegation": "Delegations",
    "agreement": "Agreements",
}
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2
PER_KIND = 8


class SearchModel(QAbstractListModel):
    """A header row per kind, then that kind's hits from ``search_everything``."""

    def __init__(self, context: DataContext, parent: QObject | None = None) -> None:
        # Owned by its dialog: a model owned by the context outlives (or dies before)
        # the list showing it, and the view then selects in a model that is gone.
        super().__init__(parent if parent is not None else context)
        self.context = context
        self.rows: list[FoundRow | str] = []  # a str is the header of its kind

    def run(self, query: str) -> None:
        self.beginResetModel()
        self.rows = []
        if query.strip():
            with self.context.db.session() as session:
                groups = search_everything(session, query, per_kind=PER_KIND)
            for kind in KINDS:
                if kind in groups:
                    self.rows.append(kind)
                    self.rows.extend(groups[kind])
        self.endResetModel()

    @property
    def hits(self) -> list[FoundRow]:
        return [row for row in self.rows if isinstance(row, FoundRow)]

    @property
    def near_only(self) -> bool:
        hits = self.hits
        return bool(hits) and not any(hit.exact for hit in hits)

    def hit(self, index: Index) -> FoundRow | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        return row if isinstance(row, FoundRow) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Headers can be neither selected nor opened; the arrows step over them.
        if self.hit(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if isinstance(row, str):
            count = sum(1 for r in self.rows if isinstance(r, FoundRow) and r.kind == row)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{KIND_TITLES[row]} ({count})"
            return True if role == HEADER_ROLE else None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == DETAIL_ROLE:
            return row.detail
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.label + ("" if row.exact else " (near spelling)")
        return None


class HitDelegate(QStyledItemDelegate):
    """A hit's name, then in a quieter colour what tells it apart; kind headers in bold."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        extra = 10 if index.data(HEADER_ROLE) else 6
        return QSize(size.width(), size.height() + extra)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        rect: QRect = option.rect
        palette: QPalette = option.palette
        painter.save()
        font = option.font
        if index.data(HEADER_ROLE):
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            text_rect = rect.adjusted(6, 4, -6, 0)
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
            painter.drawText(text_rect, flags, index.data())
            painter.restore()
            return
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setFont(font)
        painter.setPen(palette.color(text_role))
        inner = rect.adjusted(18, 0, -8, 0)
        metrics = painter.fontMetrics()
        name = metrics.elidedText(index.data(), Qt.TextElideMode.ElideRight, inner.width())
        centre = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(inner, centre, name)
        detail = index.data(DETAIL_ROLE) or ""
        room = inner.width() - metrics.horizontalAdvance(name) - 24
        if detail and room > 40:
            if not selected:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            shown = metrics.elidedText(detail, Qt.TextElideMode.ElideRight, room)
            after = inner.adjusted(metrics.horizontalAdvance(name) + 24, 0, 0, 0)
            painter.drawText(after, centre, shown)
        painter.restore()


class ResultsView(QListView):
    """The hits; moving with the keyboard skips the kind headers."""

    def step(self, rows: int) -> None:
        """Move the current hit ``rows`` hits down (up when negative)."""
        model = self.model()
        count = model.rowCount()
        row = self.currentIndex().row() if self.currentIndex().isValid() else -1
        direction = 1 if rows > 0 else -1
        remaining = abs(rows)
        candidate = row
        while remaining and 0 <= candidate + direction < count:
            candidate += direction
            if model.flags(model.index(candidate, 0)) & Qt.ItemFlag.ItemIsSelectable:
                row = candidate
                remaining -= 1
        if row >= 0:
            self.setCurrentIndex(model.index(row, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_PageDown: PER_KIND,
            Qt.Key.Key_PageUp: -PER_KIND,
        }
        if event.key() in steps:
            self.step(steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class SearchDialog(QDialog):
    opened = Signal(object)  # the FoundRow chosen

    def __init__(self, context: DataContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search everything")
        self.setObjectName("search_dialog")
        self.resize(720, 520)
        self.box = QLineEdit(self)
        self.box.setObjectName("search_box")
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(
            "Events, people, organisations, delegations, agreements: baymenov, 马, қасым…"
        )
        self.model = SearchModel(context, self)
        self.list = ResultsView(self)
        self.list.setObjectName("search_results")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The delegate elides long titles; a sideways scroll would hide the details.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note = QLabel(self)
        self.note.setObjectName("search_note")
        self.hint = QLabel("↑ ↓ to choose, Enter to open, Esc to close", self)
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.box.textChanged.connect(self.run)
        self.box.returnPressed.connect(self.open_current)
        self.box.installEventFilter(self)
        self.list.activated.connect(lambda _index: self.open_current())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The arrows work while typing: the focus stays in the box.
        if watched is self.box and isinstance(event, QKeyEvent):
            keys = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
            if event.type() == QEvent.Type.KeyPress and event.key() in keys:
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def run(self, text: str) -> None:
        self.model.run(text)
        hits = self.model.hits
        if not text.strip():
            self.note.setText("")
        elif not hits:
            self.note.setText("Nothing matches.")
        elif self.model.near_only:
            self.note.setText("No exact match. Did you mean:")
        else:
            self.note.setText(f"{len(hits)} found")
        if hits:
            self.list.step(1)  # the first hit, under its kind's header
            self.list.scrollToTop()

    def labels(self) -> list[str]:
        return [hit.label for hit in self.model.hits]

    def groups(self) -> dict[str, list[str]]:
        """The labels shown under each kind, in the order shown."""
        shown: dict[str, list[str]] = {}
        for hit in self.model.hits:
            shown.setdefault(hit.kind, []).append(hit.label)
        return shown

    def current(self) -> FoundRow | None:
        return self.model.hit(self.list.currentIndex())

    def open_current(self) -> None:
        hit = self.current()
        if hit is None:
            return
        self.opened.emit(hit)
        self.accept()


def open_found(window: MainWindow, hit: FoundRow) -> QWidget | None:
    """Show a found record where it lives; a person opens in the person editor."""
    return open_record(window, hit.kind, hit.record_id, hit.event_id)


def open_record(
    window: MainWindow, kind: str, record_id: uuid.UUID, event_id: uuid.UUID | None = None
) -> QWidget | None:
    from ui.views.panel import RecordListPanel

    if kind == "event":
        window.show_page("Events")
        return window.open_event(record_id)
    if kind == "delegation":
        return _open_delegation(window, record_id, event_id)
    page_name = {"person": "People", "organisation": "Organisations"}.get(kind, "Agreements")
    page = window.show_page(page_name)
    if page is None:
        return None
    panel = page if isinstance(page, RecordListPanel) else getattr(page, "panel", None)
    if kind == "agreement":
        panel = getattr(page, "agreements", None)
    if not isinstance(panel, RecordListPanel):
        return None
    panel.filter.clear()
    panel.select_id(record_id)
    panel.view.setFocus()
    if kind == "person":
        return _edit_person(window, record_id)
    return panel


def _open_delegation(
    window: MainWindow, record_id: uuid.UUID, event_id: uuid.UUID | None
) -> QWidget | None:
    if event_id is None:
        return None
    window.show_page("Events")
    workspace = window.open_event(event_id)
    if workspace is None:
        return None
    tab = workspace.delegations
    for index in range(workspace.tabs.count()):
        page = workspace.tabs.widget(index)
        if page is not None and page.isAncestorOf(tab):
            workspace.tabs.setCurrentIndex(index)
    tab.delegations.filter.clear()
    tab.delegations.select_id(record_id)
    tab.delegations.view.setFocus()
    return tab


def _edit_person(window: MainWindow, person_id: uuid.UUID) -> QWidget | None:
    """The person editor, window-modal but not blocking: the People list stays behind it
    with the person selected, as if the officer had found them there."""
    if window.context is None:
        return None
    from app.model import Person
    from ui.editors.dialog import RecordEditor
    from ui.editors.specs import SPECS

    editor = RecordEditor(window.context, SPECS[Person], person_id, parent=window)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
