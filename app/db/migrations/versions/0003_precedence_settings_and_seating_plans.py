"""Precedence settings per event and seating plans per programme item.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

Two new tables only; no existing table is touched, so no data moves.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "precedence_setting",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("alphabet", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=20), nullable=True),
        sa.Column("draw_letter", sa.String(length=10), nullable=True),
        sa.Column("draw_country_id", sa.Uuid(), nullable=True),
        sa.Column("host_placement", sa.String(length=10), nullable=False),
        sa.Column("organisation_order", sa.String(length=20), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["draw_country_id"],
            ["country.id"],
            name=op.f("fk_precedence_setting_draw_country_id_country"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_precedence_setting_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_precedence_setting")),
    )
    with op.batch_alter_table("precedence_setting", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_precedence_setting_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "seating_plan",
        sa.Column("programme_item_id", sa.Uuid(), nullable=False),
        sa.Column("layout", sa.String(length=30), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("seats", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_item_id"],
            ["programme_item.id"],
            name=op.f("fk_seating_plan_programme_item_id_programme_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seating_plan")),
    )
    with op.batch_alter_table("seating_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seating_plan_programme_item_id"), ["programme_item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seating_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seating_plan_programme_item_id"))

    op.drop_table("seating_plan")
    with op.batch_alter_table("precedence_setting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_precedence_setting_event_id"))

    op.drop_table("precedence_setting")
