"""Progress and cancellation for long imports, exports and backups.

The engine only reports and checks; a GUI subclasses or wraps :class:`TaskState`
to move a progress bar and sets ``cancel()`` from its Cancel button.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import ProtocolDeskError

ProgressCallback = Callable[[int, int], None]


class Cancelled(ProtocolDeskError):
    """The user stopped the task; the caller's transaction rolls back, nothing is written."""

    def __init__(self) -> None:
        super().__init__("cancelled; nothing was changed")


class TaskState:
    """Shared between the worker and whoever watches it (thread-safe enough: one flag)."""

    def __init__(self, on_progress: ProgressCallback | None = None) -> None:
        self._on_progress = on_progress
        self._cancelled = False
        self.done = 0
        self.total = 0

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        self._cancelled = True

    def progress(self, done: int, total: int) -> None:
        """Record progress and stop the work (raise :class:`Cancelled`) if asked to."""
        self.done, self.total = done, total
        if self._on_progress is not None:
            self._on_progress(done, total)
        if self._cancelled:
            raise Cancelled()


def report(task: TaskState | None, done: int, total: int, every: int = 500) -> None:
    """Report every ``every`` steps and at the end, so callbacks stay cheap on big files."""
    if task is not None and (done % every == 0 or done == total):
        task.progress(done, total)
