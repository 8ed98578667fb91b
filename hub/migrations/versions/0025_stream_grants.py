# SPDX-License-Identifier: GPL-3.0-or-later
"""Stream grants in the database (hub.streams.models): renewed, released and revoked
through any hub process, and any hub's /media/ redirect serves any hub's output."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0025_stream_grants"
down_revision = "0024_relay_pool"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_grants",
        sa.Column("grant_id", sa.String(length=64), nullable=False),
        sa.Column("output_id", sa.String(length=64), nullable=False),
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("display_id", sa.Integer(), nullable=True),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Float(), nullable=True),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.Column("issued_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("unmasked", sa.Boolean(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("url_sealed", sa.Text(), nullable=False),
        sa.Column("ended_at", UtcDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("grant_id", name=op.f("pk_stream_grants")),
    )
    op.create_index("ix_stream_grants_output_id", "stream_grants", ["output_id"])
    op.create_index("ix_stream_grants_hub_id", "stream_grants", ["hub_id"])
    op.create_index("ix_stream_grants_session_id", "stream_grants", ["session_id"])
    op.create_index("ix_stream_grants_display_id", "stream_grants", ["display_id"])
    op.create_index("ix_stream_grants_expires_at", "stream_grants", ["expires_at"])
    op.create_table(
        "stream_grant_holders",
        sa.Column("hub_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.Float(), nullable=False),
        sa.Column("check_seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("hub_id", name=op.f("pk_stream_grant_holders")),
    )


def downgrade() -> None:
    op.drop_table("stream_grant_holders")
    for column in ("expires_at", "display_id", "session_id", "hub_id", "output_id"):
        op.drop_index(f"ix_stream_grants_{column}", table_name="stream_grants")
    op.drop_table("stream_grants")
