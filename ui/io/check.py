"""Tools › Check Database: the same checks and report as `protocol-desk check`."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ui.io.progress import ProgressTask, error_text, was_cancelled

if TYPE_CHECKING:
    from app.check import CheckReport
    from ui.main_window import MainWindow


class CheckReportDialog(QDialog):
    """Each check passed, then each problem, in the core's own words."""

    def __init__(self, report: CheckReport, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("check_report_dialog")
        self.setWindowTitle("Check database")
        verdict = (
            "No problems found."
            if report.ok
            else f"{len(report.findings)} problem(s) found. Restore a recent backup (File > "
            "Restore lists the automatic ones) or ask for help before editing."
        )
        self.verdict = QLabel(
            f"<b>{html.escape(verdict)}</b><br>{html.escape(report.database)}", self
        )
        self.verdict.setObjectName("check_verdict")
        self.verdict.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.setObjectName("check_results")
        for finding in report.findings:
            self.results.addItem(f"✗  {finding.describe()}")
        for name in report.passed:
            self.results.addItem(f"✓  {name}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(620, 340)


def check_database(window: MainWindow) -> ProgressTask | None:
    """Run the checks off the GUI thread (search keys of every record are recomputed)."""
    if window.context is None:
        return None
    db = window.context.db

    def work(_state: Any) -> CheckReport:
        from app.check import check_database as run

        return run(db)

    def done(report: Any, error: BaseException | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        if error is not None:
            if not was_cancelled(error):
                QMessageBox.critical(window, "Check not finished", error_text(error))
            return
        CheckReportDialog(report, window).open()

    task = ProgressTask(window, "Checking the database…", work)
    task.finished.connect(done)
    return task.start()
