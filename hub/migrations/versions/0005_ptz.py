# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ reservations and PTZ audit support."""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

from hub.db import UtcDateTime  # noqa: F401

revision = "0005_ptz"
down_revision = "0004_walls_displays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
