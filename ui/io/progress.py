"""The engine's progress/cancel object driven from the app's task runner.

``app.io`` reports through :class:`app.io.tasks.TaskState`; the desktop app runs work
with :class:`ui.tasks.Task`, whose state holds a percentage and a cancel flag. The
bridge copies progress one way and the Cancel button the other, so the engine stops
at its next report and the caller's transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ui.tasks import Cancelled as UiCancelled
from ui.tasks import Task, TaskState

if TYPE_CHECKING:
    from app.io.tasks import TaskState as EngineState


class ProgressTask(Task):
    """A task whose dialog shows a real percentage once the work reports one."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[TaskState], Any],
        *,
        show_after_ms: int = 400,
    ) -> None:
        super().__init__(parent, title, work, show_after_ms=show_after_ms)
        self.dialog.setObjectName("io_progress")
        self.dialog.setMinimumWidth(420)

    def start(self) -> ProgressTask:
        super().start()
        return self

    def _poll(self) -> None:
        super()._poll()
        if self.state.progress > 0:
            if self.dialog.maximum() != 100:
                self.dialog.setRange(0, 100)
            self.dialog.setValue(min(self.state.progress, 99))


def engine_state(state: TaskState, message: str) -> EngineState:
    """An engine TaskState that moves ``state``'s percentage and obeys its Cancel."""
    from app.io.tasks import TaskState as EngineState

    def on_progress(done: int, total: int) -> None:
        if total > 0:
            state.report(max(1, min(100, done * 100 // total)), message)
        if state.cancelled:
            engine.cancel()

    engine = EngineState(on_progress)
    return engine


def was_cancelled(error: BaseException | None) -> bool:
    from app.io.tasks import Cancelled as EngineCancelled

    return isinstance(error, UiCancelled | EngineCancelled)


def error_text(error: BaseException) -> str:
    """What the user reads: the core's own sentence, never a traceback."""
    from app.errors import ProtocolDeskError

    if isinstance(error, ProtocolDeskError):
        return str(error)
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror or error}{where}"
    return (
        # Not the message: a database error's would quote SQL and the record's values.
        f"Something unexpected went wrong ({type(error).__name__}). Nothing was changed."
    )
