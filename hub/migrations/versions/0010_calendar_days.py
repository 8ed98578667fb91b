# SPDX-License-Identifier: GPL-3.0-or-later
"""Days off and working days set by decisions (the government's day swaps), with the
known 2026 ones, and the jurisdiction the hub serves (``vwall-hub init --jurisdiction``).

The shipped rows are written out here (not imported) so the migration stays what it was
when later releases change ``hub/profiles/calendar_data.py``.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from hub.db import UtcDateTime

revision = "0010_calendar_days"
down_revision = "0009_onvif_url_credentials"
branch_labels = None
depends_on = None

_ISSUER = "Chính phủ (Thủ tướng Chính phủ đồng ý), Bộ Nội vụ thông báo"
_SHIPPED = [
    # Tết Dương lịch 2026: the Government agreed on 25/12/2025 (number not known).
    (
        date(2026, 1, 2),
        "day_off",
        None,
        date(2025, 12, 25),
        _ISSUER,
        "Tết Dương lịch 2026: nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026",
    ),
    (
        date(2026, 1, 10),
        "working_day",
        None,
        date(2025, 12, 25),
        _ISSUER,
        "Làm bù cho thứ Sáu 02/01/2026 (Tết Dương lịch 2026)",
    ),
]


def upgrade() -> None:
    days = op.create_table(
        "calendar_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decision_number", sa.String(length=100), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decision_issuer", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("shipped", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_calendar_days_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_days")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_days_day")),
    )
    op.create_table(
        "deployment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction", sa.String(length=200), nullable=False),
        sa.Column("set_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployment")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        days,
        [
            {
                "day": day,
                "kind": kind,
                "decision_number": number,
                "decision_date": issued_on,
                "decision_issuer": issuer,
                "note": note,
                "shipped": True,
                "recorded_by": None,
                "recorded_at": now,
            }
            for day, kind, number, issued_on, issuer, note in _SHIPPED
        ],
    )


def downgrade() -> None:
    op.drop_table("deployment")
    op.drop_table("calendar_days")
