"""The aide behind each signatory: the official who turns the pages and blots the signature.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

One nullable column on signatory; SQLite recreates the table in batch mode (no table
refers to signatory, so nothing cascades), existing rows keep every value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signatory", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aide_person_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_signatory_aide_person_id_person"),
            "person",
            ["aide_person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("signatory", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_signatory_aide_person_id_person"), type_="foreignkey"
        )
        batch_op.drop_column("aide_person_id")
