"""The main window: navigation, menus, undo, and the pages over the open database.

Nothing here imports SQLAlchemy or the model at module level: the window must show
before the (slow) ORM import, and the pages are built once the database is open.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QWidget,
)

from ui import settings
from ui.actions import ActionId, ActionRegistry
from ui.extensions import load_extensions
from ui.views.welcome import WelcomePage
from ui.warmup import WarmUp

if TYPE_CHECKING:
    from app.db import Database
    from ui.context import DataContext
    from ui.editors.specs import EditorSpec
    from ui.tasks import Task
    from ui.views.panel import RecordListPanel
    from ui.views.workspace import EventWorkspace

PAGES = ("Events", "People", "Organisations", "Agreements")


# After start-up settles; the day's backup can wait a few seconds.
DAILY_BACKUP_DELAY_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("Protocol Desk")
        self.context: DataContext | None = None
        self.database_reference: str | None = None
        # The officer named on the command line (--as), ahead of Preferences.
        self.actor_override: str | None = None
        self.pages: dict[str, QWidget] = {}
        self.workspaces: dict[uuid.UUID, EventWorkspace] = {}
        self.active_panel: RecordListPanel | None = None
        self.task: Task | None = None
        # Loads what the first list does not need (ORM, editors, views) once it shows.
        self.warm_up = WarmUp(self)
        self._build_menus()

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        style = self.style()
        for name, icon, tip in (
            ("Events", QStyle.StandardPixmap.SP_FileDialogDetailedView, "Ctrl+1"),
            ("People", QStyle.StandardPixmap.SP_DirHomeIcon, "Ctrl+2"),
            ("Organisations", QStyle.StandardPixmap.SP_DirIcon, "Ctrl+3"),
            ("Agreements", QStyle.StandardPixmap.SP_FileDialogContentsView, "Ctrl+4"),
        ):
            item = QListWidgetItem(style.standardIcon(icon), name, self.navigation)
            item.setToolTip(f"{name} ({tip})")
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
        self.navigation.setIconSize(QSize(18, 18))
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        width = max(self.navigation.sizeHintForColumn(0), 120) + 28
        self.navigation.setMinimumWidth(width)
        self.navigation.currentRowChanged.connect(self._navigate)
        # Clicking the page already selected (Events while an event is open) goes to it.
        self.navigation.itemClicked.connect(self._navigation_clicked)
        self.stack = QStackedWidget(self)
        self.loading = QLabel("Opening the database…", self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([width, 1200 - width])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        if not settings.restore_window(self, "main"):
            self.resize(1200, 760)
        settings.restore_splitter(self.splitter, "main")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._set_enabled(False)

    # ----- menus and actions
    def _build_menus(self) -> None:
        # Feature packages register their actions first: the registry is complete.
        load_extensions()
        a = self.actions_ = ActionRegistry(self)
        a.build_menus()
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # Not an action: its entries change; it sits after Open Database.
        file_menu = a.menu("File")
        entries = file_menu.actions()
        after_open = entries.index(a[ActionId.OPEN_DATABASE]) + 1
        file_menu.insertMenu(entries[after_open], self.recent_menu)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        a.build_toolbar(toolbar)
        self.extension_actions = a.of_features()

    def _set_enabled(self, enabled: bool) -> None:
        for action in self.actions_:
            if action.property("needs_database"):
                action.setEnabled(enabled)
        self.navigation.setEnabled(enabled)
        if enabled and self.context is not None:
            self._update_undo_actions()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_databases()
        for reference in recent:
            action = self.recent_menu.addAction(reference)
            action.triggered.connect(lambda _checked=False, r=reference: self.open_database(r))
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)

    # ----- the database
    def open_database(self, reference: str | None) -> Task:
        """Open (create, migrate) off the GUI thread; pages are built when it is ready."""
        from ui.tasks import Task

        def work(state: Any) -> Database:
            from app.db import open_database

            state.report(0, "Opening the database…")
            database = open_database(reference)
            if state.cancelled:
                database.close()
                state.check()
            return database

        self._set_enabled(False)
        self.task = Task(self, "Opening the database…", work).start()
        self.task.finished.connect(lambda result, error: self._opened(reference, result, error))
        return self.task

    def _opened(self, reference: str | None, database: Database | None, error: Any) -> None:
        self.task = None
        if error is not None or database is None:
            from ui.tasks import Cancelled

            if not isinstance(error, Cancelled):
                QMessageBox.critical(self, "Cannot open the database", str(error))
            self._set_enabled(self.context is not None)
            return
        self.set_database(database, reference)

    def set_database(self, database: Database, reference: str | None) -> None:
        from ui.context import DataContext

        self._close_context()
        # --as NAME, else the name set in Preferences, else the core's default.
        database.actor = self.actor_override or settings.officer_name() or database.actor
        self.context = DataContext(database, self)
        self.context.failed.connect(lambda message: QMessageBox.warning(self, "Undo", message))
        self.context.undo_changed.connect(self._update_undo_actions)
        self._update_undo_actions()
        self._schedule_daily_backup(database)
        self.database_reference = reference or database.url
        settings.remember_database(self.database_reference)
        path = (
            Path(database.url.removeprefix("sqlite:///")).name
            if database.is_sqlite
            else database.display_url
        )
        self.setWindowTitle(f"{path} — Protocol Desk")
        location = (
            database.url.removeprefix("sqlite:///") if database.is_sqlite else database.display_url
        )
        self.status_label.setText(f"Database: {location}")
        self.status_label.setToolTip("Every change is saved at once; Undo takes it back.")
        self._set_enabled(True)
        self.navigation.setCurrentRow(-1)
        self.show_page("Events")
        self.warm_up.start()

    def _close_context(self) -> None:
        from ui.views.panel import RecordListPanel

        for panel in self.findChildren(RecordListPanel):
            panel.save_state()
        for page in list(self.pages.values()) + list(self.workspaces.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.workspaces.clear()
        self.active_panel = None
        if self.context is not None:
            self.context.close()
            self.context.deleteLater()
            self.context = None

    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New database",
            str(Path.home() / "protocol-desk.sqlite3"),
            "Protocol Desk database (*.sqlite3)",
        )
        if path:
            if Path(path).exists():
                QMessageBox.warning(
                    self, "New database", f"{path} already exists; use Open instead."
                )
                return
            self.open_database(path)

    def choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(Path.home()),
            "Protocol Desk database (*.sqlite3 *.db);;All files (*)",
        )
        if path:
            self.open_database(path)

    def _schedule_daily_backup(self, database: Database) -> None:
        """The day's automatic backup, once the first list has been read and the warm-up
        has run: its thread would otherwise compete with them for the interpreter."""
        from app.backups import start_daily_backup

        def start() -> None:
            if self.context is not None and self.context.db is database:
                start_daily_backup(database)

        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self, start)  # dropped if the window goes

    def load_sample(self) -> Task | None:
        """Load the sample off the GUI thread, as one command that Undo takes back."""
        if self.context is None:
            return None
        from ui.commands import LoadSample
        from ui.tasks import Task

        database = self.context.db
        command = LoadSample(self.context)

        def work(state: Any) -> Any:
            state.report(0, "Loading the sample seminar…")
            with database.operation(command.label) as op:
                command.apply(op.session)
                state.check()  # cancelling rolls the whole load back
            return command, op.result

        self.task = Task(self, "Loading the sample seminar…", work).start()
        self.task.finished.connect(self._sample_loaded)
        return self.task

    def _sample_loaded(self, outcome: Any, error: Any) -> None:
        self.task = None
        if error is not None:
            from ui.tasks import Cancelled

            if not isinstance(error, Cancelled):
                QMessageBox.critical(self, "Sample not loaded", str(error))
            return
        if self.context is not None:
            command, done = outcome
            self.context.done(done)
            result = command.result
            self.statusBar().showMessage(
                f"Sample seminar: {result.created} records added, "
                f"{result.already_present} already there. Undo takes the load back.",
                8000,
            )

    # ----- pages
    def page(self, name: str) -> QWidget:
        if name not in self.pages:
            assert self.context is not None
            widget = self._build_page(name)
            self.pages[name] = widget
            self.stack.addWidget(widget)
        return self.pages[name]

    def _build_page(self, name: str) -> QWidget:
        assert self.context is not None
        from ui.views.panel import RecordListPanel

        context = self.context
        if name == "Events":
            from ui.models.events_list import EventsModel
            from ui.views.panel import LazySpec

            return EventsPage(
                self,
                RecordListPanel(
                    context,
                    EventsModel(context),
                    LazySpec("Event", _event_spec),
                    "events",
                    empty_text="No events yet. Create one with New (Ctrl+N).",
                ),
            )
        from ui.editors.specs import SPECS

        if name == "People":
            from ui.views.people import PeoplePage

            return PeoplePage(context)
        if name == "Organisations":
            from app.model import Organisation
            from ui.models.lists import OrganisationsModel

            return RecordListPanel(
                context,
                OrganisationsModel(context),
                SPECS[Organisation],
                "organisations",
                empty_text="No organisations yet. Add one with New (Ctrl+N).",
            )
        from ui.views.agreements import AgreementsPage

        return AgreementsPage(context)

    def show_page(self, name: str) -> QWidget | None:
        if self.context is None:
            return None
        widget = self.page(name)
        self.stack.setCurrentWidget(widget)
        self._select_navigation(name)
        self.active_panel = None
        self.actions_[ActionId.BACK].setEnabled(False)
        return widget

    def _select_navigation(self, name: str) -> None:
        """The navigation always shows where the user is (an open event is under Events)."""
        row = PAGES.index(name)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)

    def current_section(self) -> str | None:
        """The navigation entry that what is shown belongs to."""
        current = self.stack.currentWidget()
        if current in self.workspaces.values():
            return "Events"
        for name, page in self.pages.items():
            if page is current:
                return name
        return None

    def _navigation_clicked(self, item: QListWidgetItem) -> None:
        self.show_page(PAGES[self.navigation.row(item)])

    def _navigate(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.show_page(PAGES[row])

    def open_event(self, event_id: uuid.UUID) -> EventWorkspace | None:
        if self.context is None:
            return None
        from ui.views.workspace import EventWorkspace

        workspace = self.workspaces.get(event_id)
        if workspace is None:
            workspace = EventWorkspace(self.context, event_id)
            workspace.back_requested.connect(lambda: self.show_page("Events"))
            self.workspaces[event_id] = workspace
            self.stack.addWidget(workspace)
        self.stack.setCurrentWidget(workspace)
        self._select_navigation("Events")
        self.actions_[ActionId.BACK].setEnabled(True)
        self.active_panel = None
        return workspace

    def current_panel(self) -> RecordListPanel | None:
        from ui.views.panel import RecordListPanel

        if self.active_panel is not None and self.active_panel.isVisible():
            return self.active_panel
        current = self.stack.currentWidget()
        if isinstance(current, RecordListPanel):
            return current
        if current is not None:
            for panel in current.findChildren(RecordListPanel):
                if panel.isVisible():
                    return panel
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        from ui.views.panel import RecordListPanel

        widget = new
        while widget is not None:
            if isinstance(widget, RecordListPanel):
                self.active_panel = widget
                return
            widget = widget.parentWidget()

    def _on_panel(self, method: str) -> None:
        panel = self.current_panel()
        if panel is not None:
            getattr(panel, method)()

    # ----- undo
    def undo(self) -> None:
        if self.context is not None and self.context.db.undo.undo_label is not None:
            self.context.undo()

    def redo(self) -> None:
        if self.context is not None and self.context.db.undo.redo_label is not None:
            self.context.redo()

    def _update_undo_actions(self, *_: object) -> None:
        """Edit > Undo / Redo show the core's labels (``app.journal.undo``)."""
        if self.context is None:
            return
        history = self.context.db.undo
        undo_label, redo_label = history.undo_label, history.redo_label
        undo, redo = self.actions_[ActionId.UNDO], self.actions_[ActionId.REDO]
        undo.setEnabled(undo_label is not None)
        redo.setEnabled(redo_label is not None)
        undo.setText(f"&Undo {undo_label or ''}".strip())
        redo.setText(f"&Redo {redo_label or ''}".strip())

    # ----- search and about
    def open_search(self) -> Any:
        if self.context is None:
            return None
        from ui.search import SearchDialog, open_found

        dialog = SearchDialog(self.context, self)
        dialog.opened.connect(lambda hit: open_found(self, hit))
        dialog.open()
        return dialog

    def show_record(
        self, kind: str, record_id: uuid.UUID, event_id: uuid.UUID | None = None
    ) -> QWidget | None:
        from ui.search import open_record

        return open_record(self, kind, record_id, event_id)

    def about_text(self) -> str:
        from ui.about import about_text

        return about_text(self.context.db if self.context is not None else None)

    def about(self) -> None:
        from ui.about import about_box

        about_box(self, self.context.db if self.context is not None else None).exec()

    # ----- closing
    def closeEvent(self, event: QCloseEvent) -> None:
        from ui.views.panel import RecordListPanel

        settings.save_window(self, "main")
        settings.save_splitter(self.splitter, "main")
        for panel in self.findChildren(RecordListPanel):
            panel.save_state()
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName() in {"people_page", "delegations_splitter"}:
                settings.save_splitter(
                    splitter,
                    "people" if splitter.objectName() == "people_page" else "workspace/delegations",
                )
        if self.task is not None and self.task.running:
            self.task.state.cancel()
            self.task.worker.wait()
        self.warm_up.join()
        self._close_context()
        super().closeEvent(event)


def _event_spec() -> EditorSpec:
    from app.model import Event
    from ui.editors.specs import SPECS

    return SPECS[Event]


class EventsPage(QStackedWidget):
    """The events list, or the welcome page while there is no event at all."""

    def __init__(self, window: MainWindow, panel: RecordListPanel) -> None:
        super().__init__(window)
        self.setObjectName("events_page")
        self.window_ = window
        self.panel = panel
        self.welcome = WelcomePage(self)
        self.addWidget(self.welcome)
        self.addWidget(panel)
        self.welcome.load_sample.clicked.connect(window.load_sample)
        self.welcome.new_event.clicked.connect(self.create_first_event)
        self.welcome.import_list.clicked.connect(self.import_first_list)
        panel.activation = self._open_selected  # Enter or double click opens the event
        open_button = panel.add_button("Open", self._open_selected, "open")
        open_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        open_button.setToolTip("Open the event's workspace (Enter)")
        panel.model.modelReset.connect(self._choose)
        self._choose()

    def create_first_event(self) -> uuid.UUID | None:
        """The New event editor; a created event opens at once, where work on it goes on."""
        event_id = self.panel.new_record()
        self._open(event_id)
        return event_id

    def import_first_list(self) -> object:
        """A participant list belongs to an event, so the event is created first; the
        import assistant then opens aimed at it."""
        if self.create_first_event() is None:
            return None
        from ui.io.menus import import_participants

        return import_participants(self.window_)

    def _choose(self) -> None:
        empty = self.panel.model.total_count() == 0
        self.setCurrentWidget(self.welcome if empty else self.panel)

    def _open(self, event_id: uuid.UUID | None) -> None:
        if event_id is not None:
            self.window_.open_event(event_id)

    def _open_selected(self) -> None:
        self._open(self.panel.selected_id())
