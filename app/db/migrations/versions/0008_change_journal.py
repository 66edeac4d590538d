"""The change journal: operations, the changes they made, and printed packs.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08

Four new tables; no existing table is touched and history starts empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal_operation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=True),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_operation")),
    )
    op.create_index("ix_journal_operation_at", "journal_operation", ["at"])
    op.create_index(
        "ix_journal_operation_workstation", "journal_operation", ["workstation", "actor", "at"]
    )
    op.create_table(
        "journal_change",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("operation_id", sa.Uuid(), nullable=False),
        sa.Column("record_kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("record_name", sa.String(length=300), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["journal_operation.id"],
            name=op.f("fk_journal_change_operation_id_journal_operation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_journal_change")),
    )
    op.create_index("ix_journal_change_operation", "journal_change", ["operation_id"])
    op.create_index("ix_journal_change_record", "journal_change", ["record_id", "seq"])
    op.create_index("ix_journal_change_event", "journal_change", ["event_id", "seq"])
    op.create_table(
        "journal_change_event",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seq"],
            ["journal_change.seq"],
            name=op.f("fk_journal_change_event_seq_journal_change"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seq", "event_id", name=op.f("pk_journal_change_event")),
    )
    op.create_index("ix_journal_change_event_event", "journal_change_event", ["event_id", "seq"])
    op.create_table(
        "journal_printed_pack",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_printed_pack")),
    )
    op.create_index("ix_journal_printed_pack_event", "journal_printed_pack", ["event_id", "at"])


def downgrade() -> None:
    op.drop_table("journal_printed_pack")
    op.drop_table("journal_change_event")
    op.drop_table("journal_change")
    op.drop_table("journal_operation")
