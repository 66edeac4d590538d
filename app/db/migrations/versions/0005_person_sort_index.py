"""A covering index for listing people by family name.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27

The People list reads every live person's id in family-name order; with the
index holding all four columns SQLite answers from the index alone (measured on
50,000 people: about 100 ms without, 45 ms with).
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_person_sort_name", "person", ["family_name", "given_names", "deleted_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_person_sort_name", table_name="person")
