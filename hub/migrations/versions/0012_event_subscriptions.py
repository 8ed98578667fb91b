# SPDX-License-Identifier: GPL-3.0-or-later
"""The hub's ONVIF pull-point subscription of each camera (kept across hub restarts)."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0012_event_subscriptions"
down_revision = "0011_stream_codecs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_subscriptions",
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("terminates_at", UtcDateTime(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("last_message_at", UtcDateTime(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_event_subscriptions_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("camera_id", name=op.f("pk_event_subscriptions")),
    )


def downgrade() -> None:
    op.drop_table("event_subscriptions")
