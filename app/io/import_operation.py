"""A participant import as one named, journaled operation ("Import 23 participants into …").

Used by the command line and the import assistant alike, so both journal the same
operation, which undo, History and ``protocol-desk revert`` take back as one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.db.locks import acquire_import_lock
from app.io.participants import CREATED, UPDATED, ImportPreview, apply_import
from app.journal.operations import OperationResult, operation
from app.model import Event
from app.services import records

if TYPE_CHECKING:
    from app.db.database import Database
    from app.io.tabular import Table
    from app.io.tasks import TaskState


def import_participants(
    db: Database,
    event_id: uuid.UUID,
    table: Table,
    mapping: dict[int, str] | None = None,
    task: TaskState | None = None,
    *,
    skip_invalid: bool = False,
    before_commit: Callable[[ImportPreview], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[ImportPreview, OperationResult]:
    """Import ``table`` into the event in one operation; all rows or none (or, with
    ``skip_invalid``, all valid rows).

    ``before_commit(preview)`` runs after the last row: a Cancel pressed then, or a file
    of rejected rows that cannot be written, still rolls everything back. Imports take
    the import lock first (``app.db.locks``), so two run one after the other;
    ``on_wait`` is called if this one has to wait.
    """
    with operation(db, "Import participants") as op:
        acquire_import_lock(op.session, on_wait=on_wait, cancelled=cancelled)
        event = records.get(op.session, Event, event_id)
        preview = apply_import(
            op.session, event_id, table, mapping, task, skip_invalid=skip_invalid
        )
        op.rename(import_label(preview, event.title))
        op.event_id = event_id
        if before_commit is not None:
            before_commit(preview)
    assert op.result is not None
    return preview, op.result


def import_label(preview: ImportPreview, event_title: str) -> str:
    counts = preview.counts()
    changed = counts[CREATED] + counts[UPDATED]
    noun = "participant" if changed == 1 else "participants"
    return f"Import {changed} {noun} into {event_title}"
