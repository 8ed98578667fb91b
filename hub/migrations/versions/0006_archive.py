# SPDX-License-Identifier: GPL-3.0-or-later
"""Evidence snapshots and archive depth."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0006_archive"
down_revision = "0005_ptz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("captured_at", UtcDateTime(), nullable=False),
        sa.Column("taken_by", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"], ["cameras.id"], name=op.f("fk_evidence_snapshots_camera_id_cameras")
        ),
        sa.ForeignKeyConstraint(
            ["taken_by"], ["users.id"], name=op.f("fk_evidence_snapshots_taken_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_snapshots")),
        sa.UniqueConstraint("file_name", name=op.f("uq_evidence_snapshots_file_name")),
    )
    for column in ("camera_id", "captured_at", "taken_by"):
        op.create_index(
            op.f(f"ix_evidence_snapshots_{column}"), "evidence_snapshots", [column], unique=False
        )


def downgrade() -> None:
    for column in ("taken_by", "captured_at", "camera_id"):
        op.drop_index(op.f(f"ix_evidence_snapshots_{column}"), table_name="evidence_snapshots")
    op.drop_table("evidence_snapshots")
