"""One operation API for every write: a named unit of work, journaled, reporting changes.

    with operation(db, "Edit Ma Jiantang") as op:
        records.update(op.session, Person, person_id, position="…")
    op.result.changes.kinds  # {"Person"}

The work, its journal rows and nothing else commit together, or nothing does. The
result says which records changed (kinds and ids), which the desktop uses to redraw.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.journal.kinds import EDIT, REVERT
from app.journal.recorder import EXEMPT_KEY, RECORDER_KEY, Recorder
from app.model.base import utc_now

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.db.database import Database

# The work of an operation: it gets the operation's session (an opaque handle to the
# Qt layer, which passes it on to app services and never queries through it).
type Work = Callable[[Session], object]


@dataclass(frozen=True)
class Changes:
    """Which records an operation touched, by kind (model class name)."""

    records: Mapping[str, frozenset[uuid.UUID]] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.records)

    def ids(self, kind: str) -> frozenset[uuid.UUID]:
        return self.records.get(kind, frozenset())

    def touches(self, kinds: frozenset[str] | set[str]) -> bool:
        return bool(self.kinds & kinds)

    def __bool__(self) -> bool:
        return bool(self.records)

    # Views ask "does this touch what I show?" as set operations on kind names.
    def __contains__(self, kind: object) -> bool:
        return kind in self.records

    def __and__(self, kinds: frozenset[str] | set[str]) -> frozenset[str]:
        return self.kinds & kinds

    def __rand__(self, kinds: frozenset[str] | set[str]) -> frozenset[str]:
        return self.kinds & kinds

    @classmethod
    def everything(cls, kinds: frozenset[str]) -> Changes:
        """For a reload that cannot say what changed (another database opened)."""
        return cls({kind: frozenset() for kind in kinds})


@dataclass(frozen=True)
class OperationResult:
    operation_id: uuid.UUID | None  # None: nothing changed, nothing journaled
    label: str
    changes: Changes
    value: Any = None


@dataclass
class Operation:
    session: Session
    label: str
    recorder: Recorder
    event_id: uuid.UUID | None = None
    result: OperationResult | None = None

    def rename(self, label: str) -> None:
        """Name the operation by what it turned out to do ("Import 23 participants…")."""
        self.label = label


@contextmanager
def operation(
    db: Database,
    label: str,
    *,
    kind: str = EDIT,
    target_id: uuid.UUID | None = None,
    session: Session | None = None,
    undoable: bool = True,
) -> Iterator[Operation]:
    """Run the block as one journaled transaction (see the module docstring).

    With ``session``, the operation runs inside that session's open transaction
    (the caller commits). Only ``undoable`` operations enter Edit > Undo; every
    operation is journaled and can be reverted from History.
    """
    if session is not None:
        with _journaled(db, session, label, kind, target_id) as op:
            yield op
        return
    with (
        db.session_factory() as own,
        own.begin(),
        _journaled(db, own, label, kind, target_id) as op,
    ):
        yield op
    # Only after the commit: a failed operation never enters the undo history.
    done = op.result
    if undoable and done is not None and done.operation_id is not None and kind in (EDIT, REVERT):
        db.undo.pushed(done)


@contextmanager
def _journaled(
    db: Database, session: Session, label: str, kind: str, target_id: uuid.UUID | None
) -> Iterator[Operation]:
    recorder = Recorder()
    session.info[RECORDER_KEY] = recorder
    op = Operation(session, label, recorder)
    try:
        yield op
        session.flush()
        operation_id = recorder.write(
            session,
            {
                "id": uuid.uuid4(),
                "label": op.label[:300],
                "actor": db.actor,
                "workstation": db.workstation,
                "at": utc_now(),
                "kind": kind,
                "target_id": target_id,
                "event_id": op.event_id,
            },
        )
        op.result = OperationResult(operation_id, op.label, Changes(recorder.touched()))
    finally:
        session.info.pop(RECORDER_KEY, None)


def run(db: Database, label: str, work: Callable[[Session], Any]) -> OperationResult:
    """``work(session)`` as one operation; its return value rides on the result."""
    with operation(db, label) as op:
        value = work(op.session)
    assert op.result is not None
    return OperationResult(op.result.operation_id, op.result.label, op.result.changes, value)


@contextmanager
def unjournaled(db: Database, reason: str) -> Iterator[Session]:
    """System writes that are not an officer's change (reference data on open)."""
    with db.session_factory() as session, session.begin():
        session.info[EXEMPT_KEY] = reason
        yield session
