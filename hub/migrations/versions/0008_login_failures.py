# SPDX-License-Identifier: GPL-3.0-or-later
"""Login throttling over a sliding window: one row per failed attempt and key."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0008_login_failures"
down_revision = "0007_tickets_role_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"], unique=False)
    # Lifetime counters mean nothing in a window: start every key afresh.
    op.execute("DELETE FROM login_throttles")


def downgrade() -> None:
    op.drop_index("ix_login_failures_key_at", table_name="login_failures")
    op.drop_table("login_failures")
