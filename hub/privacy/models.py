# SPDX-License-Identifier: GPL-3.0-or-later
"""Table of privacy masks: one row per polygon of a camera.

A polygon's vertices are stored as JSON text ``[[x, y], ...]`` in normalized picture
coordinates (0..1 from the top-left corner of the full picture), so one mask fits the main
and the sub stream and any display size. The hub validates them on the way in and never
queries inside them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base, UtcDateTime


class PrivacyMask(Base):
    """One opaque polygon of a camera's picture; ``position`` orders a camera's masks."""

    __tablename__ = "privacy_masks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camera_id: Mapped[int] = mapped_column(ForeignKey("cameras.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    vertices_json: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
