# SPDX-License-Identifier: GPL-3.0-or-later
"""The recording of a camera's channel (ONVIF recording token): which of its device's
recordings the archive replays, searches and cuts — on an NVR, one per channel. Found
through the device's recording jobs the first time the archive needs it; empty until."""

import sqlalchemy as sa
from alembic import op

revision = "0016_camera_recording"
down_revision = "0015_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("cameras")}
    if "recording_token" in present:
        return  # re-run over a database that has it (tests replaying later migrations)
    with op.batch_alter_table("cameras") as batch:
        batch.add_column(
            sa.Column("recording_token", sa.String(64), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("cameras") as batch:
        batch.drop_column("recording_token")
