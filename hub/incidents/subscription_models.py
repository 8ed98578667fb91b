# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the hub's event subscription of each camera stands.

The pull point's address is kept so that a restarted hub goes on reading the same
subscription (the events a device queued meanwhile are not lost) and only subscribes
anew when the device no longer knows it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class EventSubscription(Base):
    """The pull-point subscription of one camera (one row per camera that has one)."""

    __tablename__ = "event_subscriptions"

    camera_id: Mapped[int] = mapped_column(
        ForeignKey("cameras.id", ondelete="CASCADE"), primary_key=True
    )
    # The pull point's address as the device gave it (never with credentials).
    address: Mapped[str | None] = mapped_column(Text)
    terminates_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # active | failing | unsupported
    state: Mapped[str] = mapped_column(String(20))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    last_message_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
