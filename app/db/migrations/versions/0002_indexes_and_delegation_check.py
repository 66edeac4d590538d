"""Indexes on the busiest foreign keys; a delegation must name who sends it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

The check constraint makes SQLite recreate the delegation table, a parent of
delegation_member with ON DELETE CASCADE: app.db.migrate runs this with foreign
keys off so that the members survive, and a test proves they do.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    "delegation": ["event_id"],
    "delegation_member": ["delegation_id", "person_id"],
    "programme_item": ["event_id"],
    "speaking_role": ["person_id", "programme_item_id"],
}
SENDER_CHECK = "country_id IS NOT NULL OR organisation_id IS NOT NULL OR name IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("delegation") as batch:
        batch.create_check_constraint("names_sender", SENDER_CHECK)
    for table, columns in INDEXES.items():
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, columns in INDEXES.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
    with op.batch_alter_table("delegation") as batch:
        batch.drop_constraint("ck_delegation_names_sender", type_="check")
