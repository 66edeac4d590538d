"""Undo for a participant import: what it created is soft-deleted, what it changed is put back.

The import engine writes through the ORM in one transaction. A listener on that one
session notes every record the flushes insert and, for records they update, the
values the editable fields had before; that is exactly what undo needs, without
knowing how the engine plans its rows. Redo restores the soft-deleted records and
writes the imported values again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.model import Base, Delegation, DelegationMember, Organisation, Person
from app.services import records
from ui.commands import RecordCommand, touched
from ui.context import DataContext

RecordKey = tuple[type[Base], uuid.UUID]
# Undo deletes members before their delegation and people before their organisation,
# and puts a delegation's head back before the member who replaced it disappears.
DELETE_ORDER: tuple[type[Base], ...] = (DelegationMember, Delegation, Person, Organisation)
REVERT_ORDER: tuple[type[Base], ...] = (Delegation, DelegationMember, Person, Organisation)


def _rank(order: tuple[type[Base], ...], model: type[Base]) -> int:
    return order.index(model) if model in order else len(order)


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


@dataclass
class RecordedChanges:
    created: list[RecordKey] = field(default_factory=list)
    before: dict[RecordKey, dict[str, Any]] = field(default_factory=dict)
    after: dict[RecordKey, dict[str, Any]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.created and not self.before


class ChangeRecorder:
    """``with ChangeRecorder(session) as recorder:`` around the writes, then ``finish``."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changes = RecordedChanges()
        self._created: set[RecordKey] = set()

    def __enter__(self) -> ChangeRecorder:
        event.listen(self.session, "after_flush", self._after_flush)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.session, "after_flush", self._after_flush)

    def _after_flush(self, session: Session, _context: Any) -> None:
        # In after_flush the new objects have their keys and the history still shows
        # the values before this flush (SQLAlchemy resets it only afterwards).
        for obj in session.new:
            key = (type(obj), obj.id)
            if key not in self._created:
                self._created.add(key)
                self.changes.created.append(key)
        for obj in session.dirty:
            key = (type(obj), obj.id)
            if key in self._created:
                continue
            state = inspect(obj)
            before = self.changes.before.setdefault(key, {})
            for name in records.editable_fields(type(obj)):
                history = state.attrs[name].history
                if history.has_changes() and name not in before:
                    before[name] = _copy(history.deleted[0]) if history.deleted else None
            if not before:
                del self.changes.before[key]

    def finish(self) -> RecordedChanges:
        """Note the imported values too (for redo); call after the last flush."""
        self.session.flush()
        for (model, record_id), before in self.changes.before.items():
            record = self.session.get(model, record_id)
            if record is not None:
                self.changes.after[(model, record_id)] = {
                    name: _copy(getattr(record, name)) for name in before
                }
        return self.changes


class ImportCommand(RecordCommand):
    """On the undo stack after an import that already ran (off the GUI thread)."""

    def __init__(self, context: DataContext, text: str, changes: RecordedChanges) -> None:
        super().__init__(
            context, text, touched(Person, Organisation, Delegation, DelegationMember, "Event")
        )
        self.changes = changes
        self.receipts: list[records.DeletionReceipt] = []
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False  # the import itself was the first "redo"
            return
        super().redo()

    def revert(self, session: Session) -> None:
        for (model, record_id), values in sorted(
            self.changes.before.items(), key=lambda item: _rank(REVERT_ORDER, item[0][0])
        ):
            records.update(session, model, record_id, **values)
        self.receipts = []
        for model, record_id in sorted(
            self.changes.created, key=lambda key: _rank(DELETE_ORDER, key[0])
        ):
            record = session.get(model, record_id)
            # A cascade may already have taken it (a member of a deleted delegation).
            if record is not None and getattr(record, "deleted_at", None) is None:
                self.receipts.append(records.delete(session, model, record_id))

    def apply(self, session: Session, *, first: bool) -> None:
        for receipt in reversed(self.receipts):
            records.restore(session, receipt)
        self.receipts = []
        for (model, record_id), values in sorted(
            self.changes.after.items(), key=lambda item: -_rank(REVERT_ORDER, item[0][0])
        ):
            records.update(session, model, record_id, **values)
