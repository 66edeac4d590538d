"""The Briefing tab: choose the pack, build a preview off the GUI thread, export it.

A build runs in a worker thread on its own database session (SQLite connections
belong to the thread that opened them) into a private temporary folder; the tab
shows its progress inline and can cancel it. Export copies the previewed file, or
builds first when there is no up-to-date preview.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import logging
import os
import shutil
import uuid
import weakref
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.errors import ProtocolDeskError
from app.journal.packs import changes_since_last_pack, pack_position, record_printed_pack
from app.listing import choices as listed
from app.reports.briefing import (
    BriefingCancelled,
    BriefingOptions,
    BriefingResult,
    PackKind,
    Paper,
    build_briefing,
)
from app.reports.protocol.common import default_font_cache
from ui import settings
from ui.briefing import subjects
from ui.briefing.changes_line import ChangesSinceLastPack
from ui.briefing.preview import PdfPreview
from ui.context import DataContext
from ui.tasks import Cancelled, Task, TaskState

log = logging.getLogger(__name__)

KIND_LABELS = {
    PackKind.EVENT: "Whole event",
    PackKind.DELEGATION: "One delegation",
    PackKind.PERSON: "One person",
}
PAPER_LABELS = {Paper.A4: "A4", Paper.LETTER: "US Letter"}
# ui.tasks.Task pops up a progress dialog after a delay; this tab shows its progress
# inline, so the dialog is told to wait longer than any build and is never shown.
NEVER_MS = 2**31 - 1
ERROR_STYLE = "color: #b00020;"


class PreviewFiles:
    """The tab's private temporary folder and the build that may be writing into it.

    Kept apart from the widget so it can be cleaned up while the widget is being
    destroyed (when its Qt methods may no longer be called) and at application exit.
    """

    def __init__(self) -> None:
        from app.io.private import private_preview_folder

        # In the user's cache folder, not the shared temporary one: a preview is a whole
        # briefing pack with names, photos and contact details.
        self.folder = private_preview_folder()
        self.task: Task | None = None
        self._counter = 0
        # Last resort if neither the widget nor the application said goodbye.
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def next_path(self) -> Path:
        self._counter += 1
        return self.folder / f"preview-{self._counter}.pdf"

    def keep_only(self, current: Path | None) -> None:
        """Remove older previews (the viewer has already let go of them)."""
        for path in self.folder.glob("*.pdf"):
            if path != current:
                with contextlib.suppress(OSError):
                    path.unlink()

    def files(self) -> list[Path]:
        return sorted(self.folder.iterdir()) if self.folder.exists() else []

    def shutdown(self) -> None:
        """Stop a running build, wait for its thread, remove the folder."""
        task = self.task
        if task is not None:
            with contextlib.suppress(RuntimeError):  # its Qt object may be gone already
                task.state.cancel()
                task.worker.wait()
            self.task = None
        self._finalizer()


class _Farewell(QObject):
    """Created before any build task, so Qt destroys it first among the tab's children:
    its ``destroyed`` signal stops the worker thread before the task object goes."""


@dataclass(frozen=True)
class Built:
    result: BriefingResult
    options: BriefingOptions
    data_version: int
    finished_at: datetime


class BriefingTab(QWidget):
    """Options, Build preview / Export, inline progress, and the PDF preview."""

    build_finished = Signal(object)  # BriefingResult, or None when cancelled or failed

    def __init__(self, context: DataContext, event_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("briefing_tab")
        self.context = context
        self.event_id = event_id
        self.files = PreviewFiles()
        self._farewell = _Farewell(self)
        files = self.files
        self._farewell.destroyed.connect(lambda *_: files.shutdown())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(files.shutdown)
        self.task: Task | None = None
        self.built: Built | None = None
        self.data_version = 0
        self._building: tuple[BriefingOptions, int] | None = None
        self._export_after_build: Path | None = None
        self.last_error = ""
        # Preview file -> the journal position it was built at (for "changes since").
        self.pack_positions: dict[Path, int] = {}

        self._build_options_box()
        self._build_progress_row()
        self._build_banner()
        self.summary = QLabel(self)
        self.summary.setObjectName("briefing_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QLabel(self)
        self.notes.setObjectName("briefing_notes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()
        self.changes_line = ChangesSinceLastPack(context, event_id, self)
        self.preview = PdfPreview(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.options_box)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.changes_line)
        layout.addWidget(self.preview, 1)

        self.poll = QTimer(self)
        self.poll.setInterval(80)
        self.poll.timeout.connect(self._show_progress)
        context.watch(self, None, self._on_data_changed)
        self._load_subjects()
        self._restore_choices()
        self._update_state()
        self._refresh_changes()

    # ----- building the widgets
    def _build_options_box(self) -> None:
        box = QFrame(self)
        box.setObjectName("briefing_options")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        self.options_box = box
        self.kind = QComboBox(box)
        self.kind.setObjectName("briefing_kind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.subject = QComboBox(box)
        self.subject.setObjectName("briefing_subject")
        self.subject.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.subject.setMinimumContentsLength(24)
        self.subject.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.classification = QLineEdit(box)
        self.classification.setObjectName("briefing_classification")
        self.classification.setPlaceholderText("No marking")
        self.classification.setToolTip(
            "Printed in the header of every page, e.g. RESTRICTED. Remembered for this event."
        )
        self.paper = QComboBox(box)
        self.paper.setObjectName("briefing_paper")
        for paper, label in PAPER_LABELS.items():
            self.paper.addItem(label, paper.value)
        self.notes_pages = QCheckBox("Blank notes pages:", box)
        self.notes_pages.setObjectName("briefing_notes_pages")
        self.notes_count = QSpinBox(box)
        self.notes_count.setObjectName("briefing_notes_count")
        self.notes_count.setRange(1, 20)
        self.notes_count.setValue(2)
        self.changes_page = QCheckBox("C&hanges page", box)
        self.changes_page.setObjectName("briefing_changes_page")
        self.changes_page.setToolTip(
            "Add a page after the contents listing what changed since the previous pack"
        )
        self.build_button = QPushButton("Build preview", box)
        self.build_button.setObjectName("briefing_build")
        self.build_button.setDefault(True)
        self.build_button.setShortcut("Ctrl+R")
        self.build_button.setToolTip("Build the pack with these options and show it (Ctrl+R)")
        self.build_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.export_button = QPushButton("Export…", box)
        self.export_button.setObjectName("briefing_export")
        self.export_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.export_button.setToolTip("Save the pack as a PDF file")

        def caption(text: str, buddy: QWidget) -> QLabel:
            label = QLabel(text, box)
            label.setBuddy(buddy)
            return label

        grid = QGridLayout(box)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(caption("Pack &for:", self.kind), 0, 0)
        grid.addWidget(self.kind, 0, 1)
        grid.addWidget(self.subject, 0, 2, 1, 2)
        grid.addWidget(caption("P&aper:", self.paper), 0, 4)
        grid.addWidget(self.paper, 0, 5)
        grid.addWidget(caption("&Classification:", self.classification), 1, 0)
        grid.addWidget(self.classification, 1, 1, 1, 2)
        notes = QHBoxLayout()
        notes.addWidget(self.notes_pages)
        notes.addWidget(self.notes_count)
        notes.addWidget(self.changes_page)
        notes.addStretch(1)
        grid.addLayout(notes, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.export_button)
        grid.addLayout(buttons, 1, 4, 1, 2)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.subject.currentIndexChanged.connect(self._options_changed)
        self.paper.currentIndexChanged.connect(self._options_changed)
        self.notes_pages.toggled.connect(self._options_changed)
        self.notes_count.valueChanged.connect(self._options_changed)
        self.changes_page.toggled.connect(self._options_changed)
        self.classification.textChanged.connect(self._options_changed)
        self.classification.editingFinished.connect(self._remember_classification)
        self.build_button.clicked.connect(self.build)
        self.export_button.clicked.connect(self.export)

    def _build_progress_row(self) -> None:
        row = QWidget(self)
        row.setObjectName("briefing_progress_row")
        self.progress = QProgressBar(row)
        self.progress.setObjectName("briefing_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(260)
        self.progress_message = QLabel(row)
        self.progress_message.setObjectName("briefing_progress_message")
        self.cancel_button = QPushButton("Cancel", row)
        self.cancel_button.setObjectName("briefing_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_message, 1)
        layout.addWidget(self.cancel_button)
        self.progress_row = row

    def _build_banner(self) -> None:
        banner = QFrame(self)
        banner.setObjectName("briefing_stale_banner")
        banner.setStyleSheet(
            "#briefing_stale_banner { background: #fff4ce; border: 1px solid #e0c36b;"
            " border-radius: 4px; } #briefing_stale_banner QLabel { color: #5c4400; }"
        )
        self.banner_text = QLabel(banner)
        self.banner_text.setObjectName("briefing_stale_text")
        self.rebuild_button = QPushButton("Rebuild", banner)
        self.rebuild_button.setObjectName("briefing_rebuild")
        self.rebuild_button.clicked.connect(self.build)
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.banner_text, 1)
        layout.addWidget(self.rebuild_button)
        self.banner = banner

    # ----- choices
    def _load_subjects(self) -> None:
        """Fill the subject list for the chosen kind, keeping the chosen record if it is
        still there."""
        kind = self.kind_value()
        keep = self.subject.currentData()
        self.subject.blockSignals(True)
        self.subject.clear()
        if kind is PackKind.EVENT:
            self.subject.addItem("All delegations and people", None)
        else:
            choices = (
                listed.delegations_by_precedence(self.context.db, self.event_id)
                if kind is PackKind.DELEGATION
                else listed.people_in_event(self.context.db, self.event_id)
            )
            for choice in choices:
                # As text: Qt compares Python objects held in item data by identity.
                self.subject.addItem(choice.label, str(choice.id))
            if not choices:
                none = "No delegations yet" if kind is PackKind.DELEGATION else "No people yet"
                self.subject.addItem(none, None)
            index = self.subject.findData(keep) if keep is not None else -1
            self.subject.setCurrentIndex(max(index, 0))
        self.subject.setEnabled(
            kind is not PackKind.EVENT and self.subject.currentData() is not None
        )
        self.subject.blockSignals(False)

    def _restore_choices(self) -> None:
        store = settings.settings()
        key = self._classification_key()
        if store.contains(key):
            text = str(store.value(key, ""))
        else:
            text = listed.event_classification(self.context.db, self.event_id)
        self.classification.setText(text)
        paper = self.paper.findData(str(store.value("briefing/paper", Paper.A4.value)))
        self.paper.setCurrentIndex(max(paper, 0))

    def _classification_key(self) -> str:
        return f"briefing/classification/{self.event_id}"

    def _remember_classification(self) -> None:
        settings.settings().setValue(self._classification_key(), self.classification.text())

    def kind_value(self) -> PackKind:
        return PackKind(self.kind.currentData() or PackKind.EVENT)

    def options(self) -> BriefingOptions:
        """The options as chosen; ValueError when the pack has no subject to be for."""
        kind = self.kind_value()
        subject = self.subject_id() if kind is not PackKind.EVENT else None
        if kind is not PackKind.EVENT and subject is None:
            raise ValueError(
                "There is no delegation to make a pack for."
                if kind is PackKind.DELEGATION
                else "There is nobody to make a pack for."
            )
        return BriefingOptions(
            kind=kind,
            subject_id=subject,
            classification=self.classification.text().strip(),
            paper=Paper(self.paper.currentData()),
            include_notes_pages=self.notes_pages.isChecked(),
            notes_pages=self.notes_count.value(),
        )

    def subject_id(self) -> uuid.UUID | None:
        data = self.subject.currentData()
        return uuid.UUID(data) if isinstance(data, str) else None

    def set_kind(self, kind: PackKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(PackKind(kind).value))

    def select_subject(self, subject_id: uuid.UUID) -> None:
        index = self.subject.findData(str(subject_id))
        if index < 0:
            raise LookupError(f"{subject_id} is not among the choices")
        self.subject.setCurrentIndex(index)

    def _kind_changed(self) -> None:
        self._load_subjects()
        self._options_changed()

    def _options_changed(self) -> None:
        self._update_state()
        self._refresh_changes()

    def _on_data_changed(self, _kinds: object) -> None:
        self.data_version += 1
        if self.kind_value() is not PackKind.EVENT:
            self._load_subjects()
        self._update_state()
        self._refresh_changes()

    def _refresh_changes(self) -> None:
        kind = self.kind_value()
        subject = self.subject_id() if kind is not PackKind.EVENT else None
        self.changes_line.refresh(kind.value, subject)

    # ----- state shown
    @property
    def is_building(self) -> bool:
        return self.task is not None

    def preview_is_current(self) -> bool:
        if self.built is None or self.preview.path is None:
            return False
        try:
            options = self.options()
        except ValueError:
            return False
        return self.built.options == options and self.built.data_version == self.data_version

    def stale_reason(self) -> str:
        if self.built is None or self.preview_is_current():
            return ""
        if self.built.data_version != self.data_version:
            return "Preview is out of date — the event's records changed since it was built."
        return "Preview is out of date — the options changed since it was built."

    def _update_state(self) -> None:
        building = self.is_building
        self.notes_count.setEnabled(self.notes_pages.isChecked())
        try:
            self.options()
            ready = True
        except ValueError:
            ready = False
        self.build_button.setEnabled(ready and not building)
        self.export_button.setEnabled(ready and not building)
        self.progress_row.setVisible(building)
        reason = "" if building else self.stale_reason()
        self.banner_text.setText(reason)
        self.banner.setVisible(bool(reason))
        self.rebuild_button.setEnabled(ready)

    def _show_progress(self) -> None:
        task = self.task
        if task is None:
            return
        self.progress.setValue(task.state.progress)
        message = task.state.message
        if task.state.cancelled:
            message = "Cancelling…"
        self.progress_message.setText(message)

    def _show_result(self, built: Built) -> None:
        result = built.result
        options = built.options
        who = KIND_LABELS[options.kind].lower()
        if options.kind is not PackKind.EVENT:
            found = self.subject.findData(str(options.subject_id))
            who = self.subject.itemText(found) if found >= 0 else KIND_LABELS[options.kind]
        pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
        size = PAPER_LABELS[options.paper]
        when = built.finished_at.strftime("%H:%M")
        self.summary.setText(f"<b>{pages}</b> · {size} · {_escape(who)} · built at {when}")
        self.summary.setStyleSheet("")
        notes = subjects.result_notes(result)
        self.notes.setText("\n".join(f"⚠ {note}" for note in notes))
        self.notes.setStyleSheet("color: #7a4d00;")
        self.notes.setVisible(bool(notes))

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.summary.setText(_escape(text))
        self.summary.setStyleSheet(ERROR_STYLE if error else "")

    # ----- build
    def build(self) -> Task | None:
        """Start building a preview in the background (nothing happens while one runs)."""
        if self.task is not None:
            return None
        try:
            options = self.options()
        except ValueError as error:
            self._show_message(str(error), error=True)
            return None
        self._remember_classification()
        settings.settings().setValue("briefing/paper", options.paper.value)
        target = self.files.next_path()
        database = self.context.db
        event_id = self.event_id
        font_cache = default_font_cache()
        with_changes = self.changes_page.isChecked()
        positions = self.pack_positions

        def work(state: TaskState) -> BriefingResult:
            def progress(fraction: float, message: str) -> None:
                state.report(round(fraction * 100), message)

            # A session of its own: SQLite connections belong to the thread that opened them.
            with database.session() as session:
                # Changes after this point are not in the pack: "since" counts from here.
                positions[target] = pack_position(session)
                chosen = options
                if with_changes:
                    digest = changes_since_last_pack(
                        session, event_id, options.kind.value, options.subject_id
                    )
                    chosen = dataclasses.replace(options, changes=digest)
                return build_briefing(
                    session, event_id, target, chosen, progress, state, font_cache=font_cache
                )

        task = Task(self, "Building the briefing pack…", work, show_after_ms=NEVER_MS)
        task.dialog.reset()  # stops the dialog's own show timer; progress is shown inline
        self.task = task
        self.files.task = task
        self._building = (options, self.data_version)
        self.last_error = ""
        self.progress.setValue(0)
        self.progress_message.setText("Starting…")
        task.finished.connect(self._finished)
        task.start()
        self.poll.start()
        self._update_state()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.state.cancel()
            self._export_after_build = None
            self.cancel_button.setEnabled(False)
            self._show_progress()

    def _finished(self, result: object, error: object) -> None:
        self.poll.stop()
        self.task = None
        self.files.task = None
        self.cancel_button.setEnabled(True)
        building, self._building = self._building, None
        export_to, self._export_after_build = self._export_after_build, None
        if isinstance(error, BriefingCancelled | Cancelled):
            self._show_message(
                "Build cancelled."
                + (" The preview below is the previous one." if self.built else "")
            )
            self._update_state()
            self.build_finished.emit(None)
            return
        if error is not None or not isinstance(result, BriefingResult) or building is None:
            self.last_error = _error_text(error)
            self._show_message(self.last_error, error=True)
            self._update_state()
            self.build_finished.emit(None)
            return
        try:
            self.preview.load(result.path)
        except OSError as load_error:
            self.last_error = f"The pack was built but cannot be shown: {load_error}."
            self._show_message(self.last_error, error=True)
            self._update_state()
            self.build_finished.emit(None)
            return
        self.files.keep_only(result.path)
        options, version = building
        self.built = Built(result, options, version, datetime.now())
        self._show_result(self.built)
        self._update_state()
        if export_to is not None:
            self._copy_to(export_to)
        self.build_finished.emit(result)

    # ----- export
    def suggested_file_name(self) -> str:
        title = listed.event_title(self.context.db, self.event_id)
        kind = self.kind_value()
        subject = self.subject.currentText() if kind is not PackKind.EVENT else None
        return subjects.export_file_name(title, kind, subject, date.today())

    def export(self) -> None:
        """Ask where to save; copy the current preview there, or build it first."""
        if self.task is not None:
            return
        try:
            self.options()
        except ValueError as error:
            self._show_message(str(error), error=True)
            return
        store = settings.settings()
        folder = str(store.value("briefing/export_folder", str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export briefing pack",
            str(Path(folder) / self.suggested_file_name()),
            "PDF documents (*.pdf)",
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        store.setValue("briefing/export_folder", str(target.parent))
        if self.preview_is_current():
            self._copy_to(target)
        else:
            self._export_after_build = target
            if self.build() is None:
                self._export_after_build = None

    def _copy_to(self, target: Path) -> bool:
        """Copy the previewed PDF to ``target`` whole or not at all; say what went wrong."""
        source = self.preview.path
        if source is None:
            return False
        problem = _unwritable(target)
        if problem is None:
            from app.io.private import atomic_output

            try:
                with atomic_output(target) as part:
                    shutil.copyfile(source, part)
            except OSError as error:
                problem = (error.strerror or str(error)).rstrip(".")
        if problem is not None:
            self.last_error = f"The briefing pack could not be saved as “{target}”: {problem}."
            self._show_message(self.last_error, error=True)
            QMessageBox.warning(
                self, "Export failed", self.last_error + "\n\nChoose another folder or name."
            )
            return False
        self.summary.setText(self.summary.text() + f" · exported to {_escape(str(target))}")
        self._remember_printed(source, target)
        return True

    def _remember_printed(self, source: Path, target: Path) -> None:
        """An exported pack is a printed pack: later changes are counted from it."""
        built = self.built
        position = self.pack_positions.get(source)
        if built is None or position is None:
            return
        options = built.options
        record_printed_pack(
            self.context.db,
            self.event_id,
            options.kind.value,
            options.subject_id,
            target.name,
            position,
        )
        self._refresh_changes()

    # ----- for tests and the screenshot script
    def wait_idle_ms(self, timeout_ms: int = 30000) -> bool:
        task = self.task
        if task is None:
            return True
        return bool(task.worker.wait(timeout_ms))

    def temp_files(self) -> list[Path]:
        return self.files.files()


def _unwritable(target: Path) -> str | None:
    folder = target.parent
    if not folder.exists():
        return "the folder does not exist"
    if not folder.is_dir():
        return f"“{folder}” is not a folder"
    if target.is_dir():
        return "there is a folder of that name"
    if not os.access(folder, os.W_OK):
        return "you do not have permission to write in that folder"
    return None


def _error_text(error: object) -> str:
    if isinstance(error, ProtocolDeskError):
        return f"The pack could not be built: {error}"
    if isinstance(error, OSError):
        return f"The pack could not be built: {error.strerror or error}."
    log.error("briefing build failed", exc_info=error if isinstance(error, BaseException) else None)
    name = type(error).__name__
    return f"The pack could not be built because of an internal error ({name}: {error})."


def _escape(text: str) -> str:
    return html.escape(text)
