"""The embedded PDF preview: pages in a QPdfView beside the pack's bookmarks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMargins, QModelIndex, QObject, QPointF, Qt, Signal
from PySide6.QtPdf import QPdfBookmarkModel, QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 6.0)


class PdfPreview(QWidget):
    """Bookmarks on the left, the pages (continuous, fit to width) on the right.

    Until a document is loaded, a placeholder says how to get one.
    """

    loaded = Signal(int)  # page count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.bookmarks = QPdfBookmarkModel(self)
        self.bookmarks.setDocument(self.document)
        self.path: Path | None = None

        self.view = QPdfView(self)
        self.view.setObjectName("briefing_pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setDocumentMargins(QMargins(18, 18, 18, 18))
        # The zoom shown in fit-width mode follows the view's width.
        self.view.viewport().installEventFilter(self)
        self.view.setStyleSheet("QPdfView { background: palette(dark); }")

        self.tree = QTreeView(self)
        self.tree.setObjectName("briefing_bookmarks")
        self.tree.setModel(self.bookmarks)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { padding: 2px 0; }")
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.clicked.connect(self.go_to)
        self.tree.activated.connect(self.go_to)

        self.placeholder = QLabel(
            "No preview yet.\nChoose the options above and press Build preview.", self
        )
        self.placeholder.setObjectName("briefing_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: palette(mid); font-size: 12pt;")

        self.page_label = QLabel(self)
        self.page_label.setObjectName("briefing_page_label")
        self.zoom_out = self._tool("−", "Zoom out (Ctrl+−)", "zoom_out", self.zoom_out_once)
        self.zoom_in = self._tool("+", "Zoom in (Ctrl++)", "zoom_in", self.zoom_in_once)
        self.fit_width = self._tool("Fit width", "Fit the page width", "fit_width", self.fit)
        self.fit_width.setCheckable(True)
        self.fit_width.setChecked(True)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in.setShortcut("Ctrl++")
        self.zoom_out.setShortcut("Ctrl+-")
        self.previous_page = self._tool("", "Previous page", "previous_page", lambda: self.step(-1))
        self.previous_page.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_page = self._tool("", "Next page", "next_page", lambda: self.step(1))
        self.next_page.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.previous_page, self.next_page, self.page_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit_width):
            bar.addWidget(widget)
        pages = QWidget(self)
        pages_layout = QVBoxLayout(pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        pages_layout.addLayout(bar)
        pages_layout.addWidget(self.view, 1)

        contents = QWidget(self)
        contents_layout = QVBoxLayout(contents)
        contents_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Contents</b>", contents)
        heading.setContentsMargins(2, 4, 0, 4)
        contents_layout.addWidget(heading)
        contents_layout.addWidget(self.tree, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("briefing_preview_splitter")
        self.splitter.addWidget(contents)
        self.splitter.addWidget(pages)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([220, 780])
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._show_page_number)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.zoomModeChanged.connect(self._show_zoom)
        self._show_page_number()
        self._show_zoom()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._show_zoom()
        return super().eventFilter(watched, event)

    def _tool(self, text: str, tip: str, name: str, handler: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.clicked.connect(handler)
        return button

    # ----- document
    def load(self, path: Path) -> int:
        """Show ``path``; returns its page count. The previous file is released first,
        so its temporary copy can be deleted (Windows keeps open files locked)."""
        self.document.close()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.clear()
            raise OSError(f"the preview could not be opened ({error.name})")
        self.path = path
        self.stack.setCurrentWidget(self.splitter)
        self.tree.expandToDepth(0)
        self.fit()
        self.view.pageNavigator().jump(0, QPointF(0, 0), 0)
        self._show_page_number()
        self.loaded.emit(self.document.pageCount())
        return self.document.pageCount()

    def clear(self) -> None:
        self.document.close()
        self.path = None
        self.stack.setCurrentWidget(self.placeholder)
        self._show_page_number()

    @property
    def page_count(self) -> int:
        return self.document.pageCount() if self.path is not None else 0

    # ----- navigation
    def go_to(self, index: QModelIndex) -> None:
        """Show the page (and the spot on it) a bookmark points at."""
        page = index.data(int(QPdfBookmarkModel.Role.Page))
        if not isinstance(page, int) or page < 0:
            return
        location = index.data(int(QPdfBookmarkModel.Role.Location))
        point = location if isinstance(location, QPointF) else QPointF(0, 0)
        self.view.pageNavigator().jump(page, point, 0)

    def step(self, delta: int) -> None:
        if self.path is None:
            return
        page = self.view.pageNavigator().currentPage() + delta
        if 0 <= page < self.document.pageCount():
            self.view.pageNavigator().jump(page, QPointF(0, 0), 0)

    @property
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    # ----- zoom
    def fit(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.fit_width.setChecked(True)

    def zoom_in_once(self) -> None:
        self._zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out_once(self) -> None:
        self._zoom(self.effective_zoom() / ZOOM_STEP)

    def effective_zoom(self) -> float:
        """The zoom on screen; in fit-width mode the view keeps its old factor, so the
        first step in or out would jump without this."""
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or self.path is None:
            return self.view.zoomFactor()
        page_width = self.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        return room / page_width if page_width > 0 and room > 0 else self.view.zoomFactor()

    def _zoom(self, factor: float) -> None:
        low, high = ZOOM_RANGE
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(low, min(high, factor)))
        self.fit_width.setChecked(False)

    def _show_zoom(self, *_: object) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)}%")

    def _show_page_number(self, *_: object) -> None:
        count = self.page_count
        has_pages = count > 0
        self.previous_page.setEnabled(has_pages)
        self.next_page.setEnabled(has_pages)
        for button in (self.zoom_in, self.zoom_out, self.fit_width):
            button.setEnabled(has_pages)
        self.page_label.setText(
            f"Page {self.current_page + 1} of {count}" if has_pages else "No pages"
        )
