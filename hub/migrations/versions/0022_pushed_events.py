# SPDX-License-Identifier: GPL-3.0-or-later
"""Pushed events shared by every hub process on PostgreSQL (hub.events_pg): the bus and
the backlog ``Last-Event-ID`` resumes from; created on SQLite too, where it stays empty."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0022_pushed_events"
down_revision = "0021_publication_lease"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pushed_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pushed_events")),
    )
    op.create_index("ix_pushed_events_created_at", "pushed_events", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_pushed_events_created_at", table_name="pushed_events")
    op.drop_table("pushed_events")
