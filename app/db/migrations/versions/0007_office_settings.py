"""Settings the whole office shares, kept in the database.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

One new table; no existing table is touched. The gift declaration thresholds were
kept per workstation until now; each workstation's own value stays where it was
and is offered the first time the register opens on a database without one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_setting",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_setting")),
        sa.UniqueConstraint("name", name=op.f("uq_office_setting_name")),
    )


def downgrade() -> None:
    op.drop_table("office_setting")
