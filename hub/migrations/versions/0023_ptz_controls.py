# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ control state in the database (lock holder, reservation, running move), shared by
every hub process: a lock taken through one hub is respected through another."""

import sqlalchemy as sa
from alembic import op

revision = "0023_ptz_controls"
down_revision = "0022_pushed_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ptz_controls",
        sa.Column("camera_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=True),
        sa.Column("busy", sa.Boolean(), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["camera_id"],
            ["cameras.id"],
            name=op.f("fk_ptz_controls_camera_id_cameras"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("camera_id", name=op.f("pk_ptz_controls")),
    )
    op.create_index("ix_ptz_controls_busy", "ptz_controls", ["busy"])


def downgrade() -> None:
    op.drop_index("ix_ptz_controls_busy", table_name="ptz_controls")
    op.drop_table("ptz_controls")
