# SPDX-License-Identifier: GPL-3.0-or-later
"""Single-purpose login tickets (pending enrolment secret) and four-eyes role changes."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0007_tickets_role_changes"
down_revision = "0006_archive"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_tickets") as batch:
        batch.add_column(sa.Column("pending_secret_sealed", sa.String(length=200), nullable=True))
    op.create_table(
        "role_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("roles_before", sa.String(length=500), nullable=False),
        sa.Column("roles_after", sa.String(length=500), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_at", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_role_changes_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name=op.f("fk_role_changes_requested_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_role_changes_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_changes")),
    )
    op.create_index(op.f("ix_role_changes_user_id"), "role_changes", ["user_id"], unique=False)
    op.create_index(op.f("ix_role_changes_status"), "role_changes", ["status"], unique=False)
    # Tickets issued before this version served several steps: spend them (a user who was
    # half-way through a login logs in again).
    op.execute("UPDATE login_tickets SET used_at = expires_at WHERE used_at IS NULL")


def downgrade() -> None:
    op.drop_index(op.f("ix_role_changes_status"), table_name="role_changes")
    op.drop_index(op.f("ix_role_changes_user_id"), table_name="role_changes")
    op.drop_table("role_changes")
    with op.batch_alter_table("login_tickets") as batch:
        batch.drop_column("pending_secret_sealed")
