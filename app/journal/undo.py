"""Undo and redo for one open database, computed from the journal.

The stack holds operation ids only; undoing reverts the operation's journaled
changes (see ``app.journal.revert``) as a new operation of kind ``undo``, and redo
reverts that undo. Both are refused, leaving everything as it was, when a later
change is in the way. The stack lives as long as the open database, as in Anki;
older operations are reverted from History or with ``protocol-desk revert``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.journal.kinds import REDO, UNDO

if TYPE_CHECKING:
    from app.db.database import Database
    from app.journal.operations import OperationResult

MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    operation_id: uuid.UUID  # what undo (or redo) reverts
    label: str  # the officer's words for the original change


@dataclass
class UndoHistory:
    db: Database
    _undo: list[Step] = field(default_factory=list)
    _redo: list[Step] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # Called after every change of the stacks (the desktop relabels Edit > Undo).
    listeners: list[Callable[[], None]] = field(default_factory=list)

    @property
    def undo_label(self) -> str | None:
        with self._lock:
            return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        with self._lock:
            return self._redo[-1].label if self._redo else None

    @property
    def depth(self) -> int:
        """How many steps Undo can take back."""
        with self._lock:
            return len(self._undo)

    def pushed(self, result: OperationResult) -> None:
        """A new change was committed: it can be undone, and nothing can be redone."""
        assert result.operation_id is not None
        with self._lock:
            self._undo.append(Step(result.operation_id, result.label))
            del self._undo[:-MAX_STEPS]
            self._redo.clear()
        self._notify()

    def undo(self) -> OperationResult:
        return self._step(self._undo, self._redo, UNDO, "Undo")

    def redo(self) -> OperationResult:
        return self._step(self._redo, self._undo, REDO, "Redo")

    def _step(
        self, source: list[Step], target: list[Step], kind: str, verb: str
    ) -> OperationResult:
        """Revert the top of ``source``; the revert itself goes on ``target``."""
        from app.journal.revert import revert_operation

        step = self._top(source, verb.lower())
        result = revert_operation(
            self.db, step.operation_id, kind=kind, label=f"{verb} {step.label}"
        )
        with self._lock:
            source.pop()
            if result.operation_id is not None:
                target.append(Step(result.operation_id, step.label))
        self._notify()
        return result

    def clear(self) -> None:
        with self._lock:
            self._undo.clear()
            self._redo.clear()
        self._notify()

    def _top(self, stack: list[Step], verb: str) -> Step:
        from app.errors import ProtocolDeskError

        with self._lock:
            if not stack:
                raise ProtocolDeskError(f"there is nothing to {verb}")
            return stack[-1]

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()
