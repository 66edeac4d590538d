"""The open database, the core's undo history, and the signal that tells views what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.errors import ProtocolDeskError

if TYPE_CHECKING:
    from app.db import Database
    from app.journal.operations import Changes, OperationResult
    from ui.commands import RecordCommand


class _Watcher(QObject):
    """Lives as the owner's child, so the connection ends when the owner is destroyed."""

    def __init__(
        self,
        context: DataContext,
        owner: QObject,
        kinds: frozenset[str] | None,
        react: Callable[[Changes], object],
    ) -> None:
        super().__init__(owner)
        self.kinds = kinds
        self.react = react
        context.changed.connect(self.on_changed)

    def on_changed(self, changes: Changes) -> None:
        if self.kinds is None or changes & self.kinds:
            self.react(changes)


class DataContext(QObject):
    """Shared by every view of one open database.

    ``changed`` carries the core's ``Changes`` (record kinds and ids an operation
    touched), so each item model reloads only when something it shows has changed.
    ``undo_changed`` fires whenever the core's undo history moves (from any thread).
    """

    changed = Signal(object)
    failed = Signal(str)
    undo_changed = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = database
        self._listener = self.undo_changed.emit
        database.undo.listeners.append(self._listener)

    def submit(self, command: RecordCommand) -> OperationResult:
        """Run a command as one operation (raising the core's errors to the caller)."""
        from app.journal.operations import operation

        with operation(self.db, command.label) as op:
            command.apply(op.session)
            op.rename(command.label)
        assert op.result is not None
        self.notify(op.result.changes)
        return op.result

    def done(self, result: OperationResult) -> None:
        """An operation ran elsewhere (a worker thread): tell the views."""
        self.notify(result.changes)

    def undo(self) -> None:
        self._step(self.db.undo.undo)

    def redo(self) -> None:
        self._step(self.db.undo.redo)

    def _step(self, step: object) -> None:
        try:
            result = step()  # type: ignore[operator]
        except ProtocolDeskError as error:
            self.failed.emit(str(error))
            return
        self.notify(result.changes)

    def notify(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def watch(
        self, owner: QObject, kinds: Iterable[str] | None, react: Callable[[Changes], object]
    ) -> None:
        """Call ``react(changes)`` whenever an operation touches one of ``kinds`` (record
        kind names; None: any), for as long as ``owner`` lives. Every view refreshes
        this one way, from what the core says an operation changed."""
        _Watcher(self, owner, None if kinds is None else frozenset(kinds), react)

    def close(self) -> None:
        if self._listener in self.db.undo.listeners:
            self.db.undo.listeners.remove(self._listener)
        self.db.undo.clear()
        self.db.close()
