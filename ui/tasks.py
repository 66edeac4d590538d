"""Long work off the GUI thread: a task-state object the worker reads, a progress dialog.

The worker function receives a :class:`TaskState`; it calls ``state.check()`` between
steps (raising :class:`Cancelled` when the user pressed Cancel) and may report
progress. The result (or error) comes back on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """The user cancelled the task; its transaction rolls back."""


class TaskState:
    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.progress = 0
        self.message = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, percent: int, message: str = "") -> None:
        self.progress = percent
        self.message = message or self.message


class _Worker(QThread):
    done = Signal(object, object)  # result, error

    def __init__(self, work: Callable[[TaskState], Any], state: TaskState) -> None:
        super().__init__()
        self.work = work
        self.state = state

    def run(self) -> None:
        try:
            result = self.work(self.state)
        except BaseException as error:  # handed to the GUI thread, never lost
            self.done.emit(None, error)
        else:
            self.done.emit(result, None)


class Task(QObject):
    """One running job with its (delayed) progress dialog."""

    finished = Signal(object, object)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[TaskState], Any],
        *,
        show_after_ms: int = 400,
    ) -> None:
        super().__init__(parent)
        self.state = TaskState()
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Protocol Desk")
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self.state.cancel)
        self.worker = _Worker(work, self.state)
        self.worker.done.connect(self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self._poll)

    def start(self) -> Task:
        self.timer.start()
        self.worker.start()
        return self

    def _poll(self) -> None:
        if self.state.message:
            self.dialog.setLabelText(self.state.message)

    def _done(self, result: Any, error: Any) -> None:
        self.timer.stop()
        self.worker.wait()
        self.dialog.reset()
        self.dialog.hide()
        self.finished.emit(result, error)
        self.dialog.deleteLater()
        self.deleteLater()

    @property
    def running(self) -> bool:
        return self.worker.isRunning()
