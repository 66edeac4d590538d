"""Pairs of people the user has said are not one person.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

One new table; no existing table is touched. Until now such verdicts lasted only
until the app closed, so there is nothing to carry over.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "distinct_people",
        sa.Column("first_id", sa.Uuid(), nullable=False),
        sa.Column("second_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distinct_people")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_distinct_people_first_id")),
    )
    with op.batch_alter_table("distinct_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_distinct_people_second_id"), ["second_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("distinct_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distinct_people_second_id"))
    op.drop_table("distinct_people")
