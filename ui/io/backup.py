"""File › Back up… and File › Restore…: the engine's archive, with progress and a summary."""

from __future__ import annotations

import html
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.io.progress import ProgressTask, engine_state, error_text, was_cancelled

if TYPE_CHECKING:
    from app.backups import AutomaticBackup
    from ui.main_window import MainWindow

BACKUP_FILTER = "Protocol Desk backup (*.zip);;All files (*)"
DATABASE_FILTER = "Protocol Desk database (*.sqlite3)"


def _default_folder(window: MainWindow) -> Path:
    if window.context is not None and window.context.db.is_sqlite:
        return Path(window.context.db.url.removeprefix("sqlite:///")).parent
    return Path.home()


def back_up(window: MainWindow, destination: Path | str | None = None) -> ProgressTask | None:
    """Ask where, then write the archive off the GUI thread; the status bar says how it went."""
    if window.context is None:
        return None
    if destination is None:
        suggested = _default_folder(window) / f"protocol-desk-backup-{date.today():%Y-%m-%d}.zip"
        chosen, _ = QFileDialog.getSaveFileName(
            window, "Back up the database", str(suggested), BACKUP_FILTER
        )
        if not chosen:
            return None
        destination = chosen
    target = Path(destination)
    db = window.context.db

    def work(state: Any) -> dict[str, Any]:
        from app.io.backup import create_backup

        return create_backup(db, target, engine_state(state, "Backing up…"))

    def done(manifest: Any, error: BaseException | None) -> None:
        if error is not None:
            if not was_cancelled(error):
                QMessageBox.critical(window, "Backup not written", error_text(error))
            else:
                window.statusBar().showMessage("Backup cancelled; no file was written.", 8000)
            return
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        window.statusBar().showMessage(
            f"Backed up {rows:,} records and {len(manifest['files'])} stored files to {target}",
            10000,
        )

    task = ProgressTask(window, "Backing up the database…", work)
    task.finished.connect(done)
    return task.start()


def describe_manifest(manifest: dict[str, Any]) -> str:
    created = str(manifest.get("created_at", ""))
    try:
        moment = datetime.fromisoformat(created).astimezone()
        created = f"{moment:%Y-%m-%d %H:%M} (your local time)"
    except ValueError:
        pass
    rows = sum(entry.get("rows", 0) for entry in manifest.get("tables", {}).values())
    return (
        f"Written {html.escape(created)} by Protocol Desk "
        f"{html.escape(str(manifest.get('app_version', '?')))}, database schema "
        f"{html.escape(str(manifest.get('schema_revision', '?')))}, from "
        f"{html.escape(str(manifest.get('source_backend', '?')))}.<br>"
        f"<b>{rows:,}</b> records and <b>{len(manifest.get('files', {}))}</b> stored files; "
        "every checksum matches."
    )


class RestoreDialog(QDialog):
    """The verified archive's manifest, and where to restore it (always a new database)."""

    def __init__(self, archive: Path, manifest: dict[str, Any], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle("Restore a backup")
        self.archive = archive
        self.manifest = manifest
        heading = QLabel(f"<b>{html.escape(archive.name)}</b>", self)
        summary = QLabel(describe_manifest(manifest), self)
        summary.setObjectName("restore_summary")
        summary.setWordWrap(True)
        tables = sorted(manifest.get("tables", {}).items())
        self.counts = QTableWidget(len(tables), 3, self)
        self.counts.setObjectName("restore_counts")
        self.counts.setHorizontalHeaderLabels(["Table", "Records", "Of them deleted"])
        self.counts.verticalHeader().hide()
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (name, entry) in enumerate(tables):
            self.counts.setItem(row, 0, QTableWidgetItem(name.replace("_", " ")))
            for column, key in ((1, "rows"), (2, "deleted_rows")):
                item = QTableWidgetItem(f"{entry.get(key, 0):,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.counts.setItem(row, column, item)
        header = self.counts.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.target = QLineEdit(self)
        self.target.setObjectName("restore_target")
        self.target.setPlaceholderText("A new database file")
        self.target.textChanged.connect(self._update)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        row_layout = QHBoxLayout()
        row_layout.addWidget(self.target, 1)
        row_layout.addWidget(browse)
        form = QFormLayout()
        form.addRow("Restore &into:", row_layout)
        self.problem = QLabel(self)
        self.problem.setObjectName("restore_problem")
        self.problem.setStyleSheet("color: #a61b0f;")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "&Restore", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_button")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(self.counts, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(560, 560)
        self._update()

    def browse(self) -> None:
        suggested = self.archive.with_name(f"{self.archive.stem}-restored.sqlite3")
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Restore into a new database", str(suggested), DATABASE_FILTER
        )
        if chosen:
            self.target.setText(chosen)

    def problems(self) -> str:
        text = self.target.text().strip()
        if not text:
            return ""
        if Path(text).exists():
            return "That file exists already; a backup is restored into a new database file."
        return ""

    def _update(self) -> None:
        problem = self.problems()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.restore_button.setEnabled(bool(self.target.text().strip()) and not problem)


def restore_menu(window: MainWindow) -> QDialog | ProgressTask | None:
    """File › Restore: the open database's automatic backups, or a file of the user's."""
    if window.context is None:
        return restore(window)
    from app.backups import list_backups

    chooser = AutomaticBackupsDialog(list_backups(window.context.db.url), window)
    chooser.from_file.connect(lambda: restore(window))
    chooser.chosen.connect(lambda backup: restore_automatic(window, backup))
    chooser.open()
    return chooser


def restore(
    window: MainWindow,
    archive: Path | str | None = None,
) -> ProgressTask | None:
    """Choose an archive and verify it off the GUI thread; the summary dialog follows."""
    if archive is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Restore a backup", str(_default_folder(window)), BACKUP_FILTER
        )
        if not chosen:
            return None
        archive = chosen
    path = Path(archive)

    def work(_state: Any) -> dict[str, Any]:
        from app.io.backup import verify_backup

        return verify_backup(path)

    def verified(manifest: Any, error: BaseException | None) -> None:
        if error is not None:
            if not was_cancelled(error):
                QMessageBox.critical(window, "Cannot restore this backup", error_text(error))
            return
        dialog = RestoreDialog(path, manifest, window)
        dialog.accepted.connect(lambda: restore_into(window, path, dialog.target.text().strip()))
        dialog.open()

    task = ProgressTask(window, "Checking the backup…", work)
    task.finished.connect(verified)
    return task.start()


def restore_into(window: MainWindow, archive: Path, target: str) -> ProgressTask:
    """Restore off the GUI thread, then offer to open the restored database."""

    def work(state: Any) -> dict[str, Any]:
        from app.io.backup import restore_backup

        return restore_backup(archive, target, task=engine_state(state, "Restoring…"))

    def done(_manifest: Any, error: BaseException | None) -> None:
        if error is not None:
            if was_cancelled(error):
                window.statusBar().showMessage("Restore cancelled; nothing was created.", 8000)
            else:
                QMessageBox.critical(window, "Backup not restored", error_text(error))
            return
        answer = QMessageBox.question(
            window,
            "Backup restored",
            f"The backup was restored into {target}.\n\nOpen that database now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Open,
        )
        if answer == QMessageBox.StandardButton.Open:
            window.open_database(target)

    task = ProgressTask(window, "Restoring the backup…", work)
    task.finished.connect(done)
    return task.start()


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1 << 20 else f"{size / (1 << 20):,.1f} MB"


class AutomaticBackupsDialog(QDialog):
    """The automatic backups of the open database, newest first: date, kind and size."""

    chosen = Signal(object)
    from_file = Signal()

    def __init__(self, backups: list[AutomaticBackup], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("automatic_backups_dialog")
        self.setWindowTitle("Restore")
        self.backups = backups
        intro = QLabel(
            "Protocol Desk keeps a backup of this database every day and before each "
            "upgrade, import, merge and restore. Restoring one replaces what the database "
            "holds now, which is kept first as another backup.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3, self)
        self.table.setObjectName("automatic_backups")
        self.table.setHorizontalHeaderLabels(["Taken", "Kind", "Size"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for row, backup in enumerate(backups):
            taken = f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M}"
            kind = backup.description if backup.restorable else f"{backup.description} (raw copy)"
            size = QTableWidgetItem(_size(backup.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((QTableWidgetItem(taken), QTableWidgetItem(kind), size)):
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("No automatic backups of this database yet.", self)
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.file_button = self.buttons.addButton(
            "From a &File…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.file_button.setObjectName("restore_from_file")
        self.restore_button = self.buttons.addButton(
            "&Restore Selected…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_selected")
        self.file_button.clicked.connect(self._from_file)
        self.buttons.accepted.connect(self._restore_selected)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _index: self._restore_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._update()

    def selected(self) -> AutomaticBackup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update(self) -> None:
        backup = self.selected()
        self.restore_button.setEnabled(backup is not None and backup.restorable)

    def _from_file(self) -> None:
        self.accept()
        self.from_file.emit()

    def _restore_selected(self) -> None:
        backup = self.selected()
        if backup is None or not backup.restorable:
            return
        self.accept()
        self.chosen.emit(backup)


def restore_automatic(window: MainWindow, backup: AutomaticBackup) -> ProgressTask | None:
    """Replace the open database with ``backup``, after keeping what it holds now."""
    if window.context is None:
        return None
    taken = f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M}"
    answer = QMessageBox.question(
        window,
        "Restore",
        f"Replace the open database with the backup taken {taken} ({backup.description})?"
        "\n\nWhat the database holds now is first kept as an automatic backup, so this "
        "can be undone from File > Restore.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    url, reference = window.context.db.url, window.database_reference
    # Every connection must be closed before the file is replaced: SQLite would
    # otherwise checkpoint the old journal onto the restored database on closing.
    window._close_context()
    window._set_enabled(False)

    def work(state: Any) -> dict[str, Any]:
        from app.io.backup import restore_backup

        return restore_backup(backup.path, url, force=True, task=engine_state(state, "Restoring…"))

    def done(_manifest: Any, error: BaseException | None) -> None:
        window.open_database(reference)
        if error is not None:
            QMessageBox.critical(window, "Backup not restored", error_text(error))
            return
        window.statusBar().showMessage(
            f"Restored the backup taken {taken}; the data it replaced is kept as a backup.",
            15000,
        )

    task = ProgressTask(window, "Restoring the backup…", work)
    task.finished.connect(done)
    return task.start()
