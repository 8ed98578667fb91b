# SPDX-License-Identifier: GPL-3.0-or-later
"""Relay pool across hosts: relay host heartbeats and the lease of each camera pull."""

import sqlalchemy as sa
from alembic import op

revision = "0024_relay_pool"
down_revision = "0023_ptz_controls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relay_hosts",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("media_url", sa.String(length=255), nullable=False),
        sa.Column("control_url", sa.String(length=255), nullable=False),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("heartbeat_at", sa.Float(), nullable=False),
        sa.Column("load", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relay_hosts")),
    )
    op.create_index("ix_relay_hosts_heartbeat_at", "relay_hosts", ["heartbeat_at"])
    op.create_table(
        "relay_leases",
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("host_id", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("source_key", name=op.f("pk_relay_leases")),
    )
    op.create_index("ix_relay_leases_host_id", "relay_leases", ["host_id"])


def downgrade() -> None:
    op.drop_index("ix_relay_leases_host_id", table_name="relay_leases")
    op.drop_table("relay_leases")
    op.drop_index("ix_relay_hosts_heartbeat_at", table_name="relay_hosts")
    op.drop_table("relay_hosts")
