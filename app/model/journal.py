"""The change journal's tables: one row per operation, one per record it changed.

They are plain Core tables in the model's metadata (so backups and migrations cover
them) rather than ORM classes: the journal must never journal itself, and it is
written in bulk (an import of 100,000 rows writes 100,000 change rows).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)

from app.model.base import Base

operation_table = Table(
    "journal_operation",
    Base.metadata,
    Column("id", Uuid, primary_key=True),
    # What the officer did, in words ("Edit Ma Jiantang", "Import 23 participants …").
    Column("label", String(300), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("workstation", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # edit (an ordinary change), undo, redo or revert; the last three name their target.
    Column("kind", String(10), nullable=False),
    Column("target_id", Uuid, nullable=True),
    Column("event_id", Uuid, nullable=True),
    Index("ix_journal_operation_at", "at"),
    Index("ix_journal_operation_workstation", "workstation", "actor", "at"),
)

change_table = Table(
    "journal_change",
    Base.metadata,
    # Integer, so that changes keep the order they were made in across operations.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column(
        "operation_id",
        Uuid,
        ForeignKey("journal_operation.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("record_kind", String(40), nullable=False),
    Column("record_id", Uuid, nullable=False),
    # create, update, delete (soft) or restore
    Column("action", String(10), nullable=False),
    # {field: [before, after]} in JSON-friendly form (see app.journal.values)
    Column("fields", JSON, nullable=False),
    # How the record read when it changed, so history names deleted records too.
    Column("record_name", String(300), nullable=False, default=""),
    Column("event_id", Uuid, nullable=True),
    Index("ix_journal_change_operation", "operation_id"),
    Index("ix_journal_change_record", "record_id", "seq"),
    Index("ix_journal_change_event", "event_id", "seq"),
)

# Changes of records shared between events (a person, an organisation) made outside any
# event's context, linked to each event the record took part in when it changed, so an
# event's history reads two indexes instead of scanning its participants.
change_event_table = Table(
    "journal_change_event",
    Base.metadata,
    Column("seq", Integer, ForeignKey("journal_change.seq", ondelete="CASCADE"), primary_key=True),
    Column("event_id", Uuid, primary_key=True),
    Index("ix_journal_change_event_event", "event_id", "seq"),
)

printed_pack_table = Table(
    "journal_printed_pack",
    Base.metadata,
    Column("id", Uuid, primary_key=True),
    Column("event_id", Uuid, nullable=False),
    # event, delegation or person, and the id of the delegation or person
    Column("scope", String(20), nullable=False),
    Column("subject_id", Uuid, nullable=True),
    Column("actor", String(120), nullable=False),
    Column("workstation", String(80), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # The newest journal change included in the pack: later ones are "since the pack".
    Column("last_seq", Integer, nullable=False),
    Column("file_name", Text, nullable=True),
    Index("ix_journal_printed_pack_event", "event_id", "at"),
)
