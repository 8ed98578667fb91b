# SPDX-License-Identifier: GPL-3.0-or-later
"""PTZ tables: operator names of device presets, and who steers each camera now.

ONVIF has no "rename preset": ``SetPreset`` with an existing token also overwrites the
stored position with the current one. So a rename is kept by the hub as a label over the
device's token, and the position on the device is never touched.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
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


class PtzControlRow(Base):
    """The control state of one camera (:mod:`hub.ptz.locks`): the lock's holder, a
    reservation, a running move. Shared by every hub process on the database, so a lock
    taken through one hub is respected through another; ``state`` is its JSON."""

    __tablename__ = "ptz_controls"

    camera_id: Mapped[int] = mapped_column(
        ForeignKey("cameras.id", ondelete="CASCADE"), primary_key=True
    )
    territory_id: Mapped[int] = mapped_column(Integer)
    domain: Mapped[str | None] = mapped_column(String(40))
    busy: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # held or moving
    state: Mapped[str] = mapped_column(Text, default="{}")
