# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ: operator names of device presets (a rename never moves the stored position)."""

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0005_ptz"
down_revision = "0004_walls_displays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ptz_preset_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_ptz_preset_labels_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_ptz_preset_labels_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ptz_preset_labels")),
        sa.UniqueConstraint("camera_id", "token", name=op.f("uq_ptz_preset_labels_camera_id")),
    )
    op.create_index(
        op.f("ix_ptz_preset_labels_camera_id"), "ptz_preset_labels", ["camera_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("ptz_preset_labels")
