# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ tables: operator names of device presets.

ONVIF has no "rename preset": ``SetPreset`` with an existing token also overwrites the
stored position with the current one. So a rename is kept by the hub as a label over the
device's token, and the position on the device is never touched.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class PtzPresetLabel(Base):
    """The name operators gave a device preset (overrides the device's name)."""

    __tablename__ = "ptz_preset_labels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("camera_id", "token"),)
