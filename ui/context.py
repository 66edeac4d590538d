"""The open database, the undo stack, and the signal that tells views what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from app.db import Database


class DataContext(QObject):
    """Shared by every view of one open database.

    ``changed`` carries the set of record kind names (model class names) touched by a
    command, so each item model reloads only when something it shows has changed.
    """

    changed = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = database
        self.undo_stack = QUndoStack(self)

    def submit(self, command: QUndoCommand) -> None:
        """Run a command once (raising the core's errors to the caller), then stack it.

        The first run happens before the push so that a refused change never enters
        the undo history; the command skips its first ``redo`` from the stack.
        """
        from ui.commands import RecordCommand

        assert isinstance(command, RecordCommand)
        command.perform_first()
        self.undo_stack.push(command)

    def push_done(self, command: QUndoCommand) -> None:
        """Stack a command whose first run already happened elsewhere (a worker thread)."""
        from ui.commands import RecordCommand

        assert isinstance(command, RecordCommand)
        command.mark_done()
        self.undo_stack.push(command)

    def notify(self, kinds: frozenset[str]) -> None:
        self.changed.emit(kinds)

    def close(self) -> None:
        self.undo_stack.clear()
        self.db.close()
