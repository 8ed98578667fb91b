# SPDX-License-Identifier: GPL-3.0-or-later
"""Privacy masks per camera: one row per polygon, vertices normalized to the picture
(JSON), with who created and last changed it and when."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0017_privacy_masks"
down_revision = "0016_camera_recording"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_masks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("vertices_json", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_privacy_masks_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_privacy_masks_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_privacy_masks_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_masks")),
    )
    op.create_index(
        op.f("ix_privacy_masks_camera_id"), "privacy_masks", ["camera_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_privacy_masks_camera_id"), table_name="privacy_masks")
    op.drop_table("privacy_masks")
