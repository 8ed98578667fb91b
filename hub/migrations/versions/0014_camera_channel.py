# SPDX-License-Identifier: GPL-3.0-or-later
"""The channel (ONVIF video source token) of a camera: an NVR or encoder serves several
at one address, each its own catalogue entry. Empty for the cameras onboarded before:
they are their device's first channel."""

import sqlalchemy as sa
from alembic import op

revision = "0014_camera_channel"
down_revision = "0013_incidents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("cameras")}
    if "channel_token" in present:
        return  # re-run over a database that has it (tests replaying later migrations)
    with op.batch_alter_table("cameras") as batch:
        batch.add_column(
            sa.Column("channel_token", sa.String(64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("cameras") as batch:
        batch.drop_column("channel_token")
