# SPDX-License-Identifier: GPL-3.0-or-later
"""The video codec of each camera stream, as the onboarding probe read it (ONVIF Media 2,
else Media 1): ``H264``, ``H265``; empty when the device did not say."""

import sqlalchemy as sa
from alembic import op

revision = "0011_stream_codecs"
down_revision = "0010_calendar_days"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("cameras")}
    missing = [name for name in ("main_codec", "sub_codec") if name not in present]
    if not missing:
        return  # re-run over a database that has them (tests replaying later migrations)
    with op.batch_alter_table("cameras") as batch:
        for name in missing:
            batch.add_column(sa.Column(name, sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("cameras") as batch:
        batch.drop_column("sub_codec")
        batch.drop_column("main_codec")
